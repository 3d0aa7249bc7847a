import { createServerClient } from '@supabase/ssr';
import {
	createClient,
	type SupabaseClient,
	type SupabaseClientOptions
} from '@supabase/supabase-js';
import type { Cookies } from '@sveltejs/kit';
import WebSocket from 'ws';
import type { Schema } from '$lib/types/schema';
import { supabaseEnv } from '$lib/supabase-env';
import { authCookieOptions } from './session-cookie';

type WebSocketConstructor = NonNullable<
	NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']
>;

/**
 * supabase-js wants a WebSocket constructor for Realtime when it creates a client and throws on
 * Node 20, which has none built in (Node 22 has one): server clients get the `ws` package's.
 */
const realtime = { transport: WebSocket as unknown as WebSocketConstructor };

/**
 * The per-request client, acting as the visitor: their session lives in the request's cookies and
 * token refreshes are written back to the response. Never share one between requests.
 * `onNoCacheHeaders` receives the headers @supabase/ssr requires on any response that sets auth
 * cookies (so no cache serves one user's session to another).
 */
export function createRequestClient(
	cookies: Cookies,
	onNoCacheHeaders: (headers: Record<string, string>) => void
): SupabaseClient<Schema> {
	const { url, anonKey } = supabaseEnv();
	return createServerClient<Schema>(url, anonKey, {
		realtime,
		cookies: {
			getAll: () => cookies.getAll(),
			setAll: (cookiesToSet, headers) => {
				for (const { name, value, options } of cookiesToSet) {
					cookies.set(name, value, authCookieOptions(options));
				}
				onNoCacheHeaders(headers);
			}
		}
	});
}

/** A client without any session, for checks that must not depend on a visitor (health). */
export function createAnonClient(): SupabaseClient<Schema> {
	const { url, anonKey } = supabaseEnv();
	return createClient<Schema>(url, anonKey, {
		realtime,
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
	});
}
