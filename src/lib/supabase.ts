import { createBrowserClient } from '@supabase/ssr';
import type { SupabaseClient } from '@supabase/supabase-js';
import { browser } from '$app/environment';
import type { Schema } from '$lib/types/schema';
import { supabaseEnv } from './supabase-env';

/**
 * The browser's Supabase client (publishable key plus the signed-in user's session from the cookies the
 * server wrote). Import this module dynamically, only where a page needs it, so supabase-js stays
 * out of the first-load JavaScript.
 */
export function getBrowserSupabase(): SupabaseClient<Schema> {
	if (!browser) throw new Error('getBrowserSupabase() is for the browser; use locals.supabase');
	const { url, key } = supabaseEnv();
	// createBrowserClient returns the same client on every call in a browser.
	return createBrowserClient<Schema>(url, key);
}
