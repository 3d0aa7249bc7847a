import type { Cookies } from '@sveltejs/kit';
import { LOCALE_COOKIE, type Locale } from '$lib/i18n';

const ONE_YEAR = 60 * 60 * 24 * 365;

/** Read only by the server (hooks), so httpOnly; a choice, not a tracker: no consent needed. */
export function setLocaleCookie(cookies: Cookies, locale: Locale): void {
	cookies.set(LOCALE_COOKIE, locale, {
		path: '/',
		maxAge: ONE_YEAR,
		sameSite: 'lax',
		httpOnly: true
	});
}
