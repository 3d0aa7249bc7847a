import { redirect, type RequestEvent } from '@sveltejs/kit';
import { isAuthApiError } from '@supabase/supabase-js';
import type { MessageKey } from '$lib/i18n';
import { RATE_LIMITED } from './abuse';
import { cancelAccountDeletion } from './db/account';
import type { Supabase, SessionUser } from './supabase';

const SIGN_IN_PATH = '/anmelden';

/**
 * The signed-in user, or a redirect to the sign-in page that comes back here afterwards. For a
 * form POST only the path comes back: `?/action` would be meaningless on a GET.
 */
export async function requireUser(
	event: Pick<RequestEvent, 'locals' | 'url' | 'request'>
): Promise<SessionUser> {
	const { user } = await event.locals.safeGetSession();
	if (user) return user;
	const { pathname, search } = event.url;
	const back = event.request.method === 'GET' ? pathname + search : pathname;
	redirect(303, `${SIGN_IN_PATH}?${new URLSearchParams({ redirectTo: back })}`);
}

/**
 * Just signed in: an account whose deletion was asked for stays (the grace period's way back).
 * Returns where to go: the account page saying so, or `target`.
 */
export async function afterSignIn(supabase: Supabase, target: string): Promise<string> {
	const kept = await cancelAccountDeletion(supabase).catch(() => false);
	return kept ? '/konto?gespeichert=konto-bleibt' : target;
}

/** Where sign-in goes when no `redirectTo` says otherwise. */
export const AFTER_SIGN_IN = '/konto';

/**
 * The link in a sign-in, sign-up or reset mail: our callback, which exchanges the PKCE code for
 * a session (in the browser that asked for the mail) and then continues to `next`.
 */
export function callbackUrl(origin: string, next: string): string {
	return `${origin}/auth/callback?${new URLSearchParams({ next })}`;
}

/** The query string (without "?") that keeps a `redirectTo` between the sign-in pages. */
export function redirectQuery(redirectTo: string): string {
	return redirectTo === AFTER_SIGN_IN ? '' : new URLSearchParams({ redirectTo }).toString();
}

/** An auth server refusal as an HTTP status and a translated message. */
export function authProblem(error: unknown): { status: number; key: MessageKey } {
	if (!isAuthApiError(error)) return { status: 503, key: 'auth.errors.unavailable' };
	if (error.status === 429) return { status: 429, key: RATE_LIMITED };
	switch (error.code) {
		case 'invalid_credentials':
			return { status: 400, key: 'auth.errors.invalidCredentials' };
		case 'user_already_exists':
		case 'email_exists':
			return { status: 409, key: 'auth.errors.emailTaken' };
		case 'weak_password':
			return { status: 400, key: 'auth.errors.passwordTooShort' };
		case 'same_password':
			return { status: 400, key: 'auth.errors.samePassword' };
		// secure_password_change: only a recent sign-in (such as a reset link's) may set a password.
		case 'reauthentication_needed':
			return { status: 403, key: 'auth.errors.reauthenticationNeeded' };
		case 'email_address_invalid':
			return { status: 400, key: 'auth.errors.emailInvalid' };
		case 'signup_disabled':
			return { status: 403, key: 'auth.errors.signUpDisabled' };
	}
	return error.status === 400
		? { status: 400, key: 'auth.errors.invalidCredentials' }
		: { status: 503, key: 'auth.errors.unavailable' };
}
