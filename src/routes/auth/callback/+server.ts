import { redirect } from '@sveltejs/kit';
import { AFTER_SIGN_IN, afterSignIn, redirectQuery } from '$lib/server/auth';
import { log } from '$lib/server/log';
import { localPath } from '$lib/server/redirect';
import type { RequestHandler } from './$types';

/** Where an email change goes on after the first of its two confirmations. */
const EMAIL_CHANGE_HALF_DONE = '/konto/profil?gespeichert=email-teilweise#email-heading';

/**
 * Where every mail link (magic link, sign-up confirmation, password reset, email change) lands:
 * the auth server has checked the token and sends a PKCE `code`, which only the browser that
 * asked for the mail can exchange (its code verifier is in a cookie). Then on to `next` (same
 * site only).
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const next = localPath(url.searchParams.get('next'), AFTER_SIGN_IN);
	const code = url.searchParams.get('code');
	// The first link of an email change (double_confirm_changes) brings no code, only the auth
	// server's message: the address changes once the other mail's link is opened too.
	if (!code && url.searchParams.has('message')) redirect(303, EMAIL_CHANGE_HALF_DONE);
	if (code) {
		const { error } = await locals.supabase.auth.exchangeCodeForSession(code);
		if (!error) redirect(303, await afterSignIn(locals.supabase, next));
		log.info('auth callback refused', { code: error.code ?? error.name });
	}
	// Expired, used twice, opened in another browser, or an error from the auth server.
	const back = redirectQuery(next.startsWith('/anmelden/neues-passwort') ? AFTER_SIGN_IN : next);
	redirect(303, `/anmelden?${back ? `${back}&` : ''}link-ungueltig`);
};
