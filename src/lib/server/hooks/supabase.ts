import { error as httpError, type Handle } from '@sveltejs/kit';
import { AuthError, isAuthRetryableFetchError } from '@supabase/supabase-js';
import { withHeaders } from '../response';
import { getOwnProfile } from '../db/profiles';
import { createRequestClient, type SessionUser, type Supabase } from '../supabase';

/** As in Supabase's SvelteKit server-side auth guide: one client per request, on locals. */
export const supabase: Handle = async ({ event, resolve }) => {
	const noCacheHeaders: Record<string, string> = {};
	const client = createRequestClient(event.cookies, (headers) =>
		Object.assign(noCacheHeaders, headers)
	);
	event.locals.supabase = client;

	// getSession() only decodes the cookie. The account pages ask the auth server (getUser()), so a
	// session ended elsewhere ("sign out everywhere", a deleted account) ends there at once; every
	// other page verifies the token's signature against the auth server's published keys
	// (getClaims(), cached), as PostgREST does for each query, without a round trip per request.
	// Memoised: layout, guard and page share one check. Sign-in and sign-out redirect right away,
	// so nothing reads a stale result within the same request.
	const verify = event.route.id?.startsWith('/(private)') ? withAuthServer : withPublishedKeys;
	let validated: ReturnType<App.Locals['safeGetSession']> | undefined;
	event.locals.safeGetSession = () => (validated ??= validateSession(client, verify));
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

/** The session's user; an AuthError when the check failed, null when it found no user. */
type Verify = (client: Supabase, accessToken: string) => Promise<SessionUser | AuthError | null>;

const withAuthServer: Verify = async (client, accessToken) => {
	const { data, error } = await client.auth.getUser(accessToken);
	return error ?? { id: data.user.id, email: data.user.email ?? null };
};

const withPublishedKeys: Verify = async (client, accessToken) => {
	// A project still signing with a shared secret (HS256) makes getClaims() ask the server.
	const { data, error } = await client.auth.getClaims(accessToken);
	if (!data) return error;
	return { id: data.claims.sub, email: data.claims.email ?? null };
};

async function validateSession(client: Supabase, verify: Verify) {
	const {
		data: { session }
	} = await client.auth.getSession();
	if (!session) return { session: null, user: null };
	const user = await verify(client, session.access_token);
	// Auth away (no answer, or a server error) is no reason to treat the visitor as signed out:
	// the page answers 503 (hooks/unavailable.ts) rather than as somebody else.
	if (user instanceof AuthError && (isAuthRetryableFetchError(user) || (user.status ?? 0) >= 500)) {
		httpError(503, 'auth unavailable');
	}
	// A session the auth server no longer knows is removed from the cookies by getUser() itself.
	if (!user || user instanceof AuthError) return { session: null, user: null };
	return { session, user };
}
