import { createServerClient } from '@supabase/ssr';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Cookies } from '@sveltejs/kit';
import type { Schema } from '$lib/types/schema';
import { supabaseEnv } from '$lib/supabase-env';
import { backendFetch, markUnavailable, reportingFetch } from './backend';
import { authCookieOptions } from './session-cookie';

/** A Supabase client typed with this project's schema (App.Locals['supabase'] is one). */
export type Supabase = SupabaseClient<Schema>;

/** Who is signed in, as a verified session says (App.Locals['safeGetSession']). */
export interface SessionUser {
	id: string;
	/** Null for an anonymous session. */
	email: string | null;
}

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
	const { url, key } = supabaseEnv();
	return createServerClient<Schema>(url, key, {
		global: { fetch: backendFetch },
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

/**
 * Whether the database answers through the Supabase API as an anonymous visitor reaches it (a head
 * count, no rows transferred): for /healthz and for asking again while the backend is unavailable.
 */
export async function databaseAnswers(timeoutMs: number): Promise<boolean> {
	const { url, key } = supabaseEnv();
	// Without any session: the answer must not depend on a visitor. Never cut short (reportingFetch).
	const client = createClient<Schema>(url, key, {
		global: { fetch: reportingFetch },
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
	});
	try {
		const { error } = await client
			.from('fields_of_action')
			.select('*', { count: 'exact', head: true })
			.abortSignal(AbortSignal.timeout(timeoutMs));
		if (!error) return true;
		markUnavailable('rest', `${error.code}: ${error.message}`);
		return false;
	} catch (error) {
		markUnavailable('rest', String(error));
		return false;
	}
}

/** Whether Auth answers its health check (reportingFetch notes the outcome). */
export async function authAnswers(timeoutMs: number): Promise<boolean> {
	const { url, key } = supabaseEnv();
	const response = await reportingFetch(`${url}/auth/v1/health`, {
		headers: { apikey: key },
		signal: AbortSignal.timeout(timeoutMs)
	}).catch(() => null);
	if (response?.ok) return true;
	markUnavailable('auth', `health ${response?.status ?? 'no answer'}`);
	return false;
}
