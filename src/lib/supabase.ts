import { createBrowserClient } from '@supabase/ssr';
import type { SupabaseClient } from '@supabase/supabase-js';
import { browser } from '$app/environment';
import type { Database } from '$lib/types/database';
import { supabaseEnv } from './supabase-env';

/**
 * The browser's Supabase client (anon key plus the signed-in user's session from the cookies the
 * server wrote). Import this module dynamically, only where a page needs it, so supabase-js stays
 * out of the first-load JavaScript.
 */
export function getBrowserSupabase(): SupabaseClient<Database> {
	if (!browser) throw new Error('getBrowserSupabase() is for the browser; use locals.supabase');
	const { url, anonKey } = supabaseEnv();
	// createBrowserClient returns the same client on every call in a browser.
	return createBrowserClient<Database>(url, anonKey);
}
