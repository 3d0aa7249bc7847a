import { error as httpError, type Handle } from '@sveltejs/kit';
import { isAuthRetryableFetchError } from '@supabase/supabase-js';
import { withHeaders } from '../response';
import { getOwnProfile } from '../db/profiles';
import { createRequestClient, type Supabase } from '../supabase';

/** As in Supabase's SvelteKit server-side auth guide: one client per request, on locals. */
export const supabase: Handle = async ({ event, resolve }) => {
	const noCacheHeaders: Record<string, string> = {};
	const client = createRequestClient(event.cookies, (headers) =>
		Object.assign(noCacheHeaders, headers)
	);
	event.locals.supabase = client;

	// getSession() only decodes the cookie; getUser() asks the auth server whether the JWT is
	// genuine and still valid. Memoised: layout, guard and page share one round trip. Sign-in and
	// sign-out redirect right away, so nothing reads a stale result within the same request.
	let validated: ReturnType<App.Locals['safeGetSession']> | undefined;
	event.locals.safeGetSession = () => (validated ??= validateSession(client));
	let profile: ReturnType<App.Locals['getProfile']> | undefined;
	event.locals.getProfile = () =>
		(profile ??= event.locals
			.safeGetSession()
			.then(({ user }) => (user ? getOwnProfile(client) : null)));

	const response = await resolve(event, {
		// supabase-js needs these two response headers when a load passes SvelteKit's fetch to it.
		filterSerializedResponseHeaders: (name) =>
			name === 'content-range' || name === 'x-supabase-api-version'
	});
	return withHeaders(response, noCacheHeaders);
};

async function validateSession(client: Supabase) {
	const {
		data: { session }
	} = await client.auth.getSession();
	if (!session) return { session: null, user: null };
	const {
		data: { user },
		error
	} = await client.auth.getUser();
	// Auth away (no answer, or a server error) is no reason to treat the visitor as signed out:
	// the page answers 503 (hooks/unavailable.ts) rather than as somebody else.
	if (error && (isAuthRetryableFetchError(error) || (error.status ?? 0) >= 500)) {
		httpError(503, 'auth unavailable');
	}
	if (error || !user) return { session: null, user: null };
	return { session, user };
}
