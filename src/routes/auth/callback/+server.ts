import { redirect } from '@sveltejs/kit';
import { AFTER_SIGN_IN, redirectQuery } from '$lib/server/auth';
import { log } from '$lib/server/log';
import { localPath } from '$lib/server/redirect';
import type { RequestHandler } from './$types';

/**
 * Where every mail link (magic link, sign-up confirmation, password reset) lands: the auth
 * server has checked the token and sends a PKCE `code`, which only the browser that asked for
 * the mail can exchange (its code verifier is in a cookie). Then on to `next` (same site only).
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const next = localPath(url.searchParams.get('next'), AFTER_SIGN_IN);
	const code = url.searchParams.get('code');
	if (code) {
		const { error } = await locals.supabase.auth.exchangeCodeForSession(code);
		if (!error) redirect(303, next);
		log.info('auth callback refused', { code: error.code ?? error.name });
	}
	// Expired, used twice, opened in another browser, or an error from the auth server.
	const back = redirectQuery(next.startsWith('/anmelden/neues-passwort') ? AFTER_SIGN_IN : next);
	redirect(303, `/anmelden?${back ? `${back}&` : ''}link-ungueltig`);
};
