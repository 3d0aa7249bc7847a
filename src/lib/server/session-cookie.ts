/**
 * How long the auth cookie lives: as long as a session may go unused before it ends
 * (supabase/config.toml, [auth.sessions] inactivity_timeout; tests/unit/session-cookie.test.ts
 * holds the two together). @supabase/ssr would set 400 days. Every token refresh sets the cookie
 * again, so the time counts from the visitor's last visit.
 */
export const SESSION_MAX_AGE_S = 30 * 24 * 3600;

/** The options an auth cookie is set with: site-wide, and our lifetime (a removal stays one). */
export function authCookieOptions<T extends { maxAge?: number }>(
	options: T
): T & { path: string; maxAge: number } {
	return { ...options, path: '/', maxAge: options.maxAge === 0 ? 0 : SESSION_MAX_AGE_S };
}
