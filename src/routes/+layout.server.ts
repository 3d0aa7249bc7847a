import { redirect } from '@sveltejs/kit';
import { isLocale, LOCALE_COOKIE, type PublicMessages } from '$lib/i18n';
import { brandStyle } from '$lib/server/brand';
import { countUnread } from '$lib/server/db/notifications';
import { getSiteSettings } from '$lib/server/db/settings';
import { publicMessagesFor } from '$lib/server/i18n';
import { setLocaleCookie } from '$lib/server/locale';
import { localPath } from '$lib/server/redirect';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, cookies, request, url }) => {
	const [viewer, { user }, site] = await Promise.all([
		locals.getProfile(),
		locals.safeGetSession(),
		getSiteSettings(locals.supabase)
	]);
	// The language is kept per user: /sprache and the account page save it in the profile. On a
	// device without a choice of its own (no cookie, e.g. after signing in elsewhere) the profile's
	// language comes back. Rendering needs the cookie (the i18n hook reads it before anyone is
	// signed in), so set it and load the same address again; the cookie then exists: no loop.
	if (
		viewer &&
		request.method === 'GET' &&
		isLocale(viewer.locale) &&
		cookies.get(LOCALE_COOKIE) === undefined
	) {
		setLocaleCookie(cookies, viewer.locale);
		redirect(303, localPath(url.pathname + url.search, '/'));
	}
	return {
		locale: locals.locale,
		unreadNotifications: viewer ? await countUnread(locals.supabase) : 0,
		messages: withMunicipality(publicMessagesFor(locals.locale), site.municipalityName),
		signedIn: viewer !== null,
		// Whose changes the offline outbox keeps (never another account's, never nobody's).
		userId: viewer && user ? user.id : null,
		viewer,
		site,
		// The municipality's colours (the defaults where contrast would fail), for both schemes.
		brandStyle: brandStyle(site.primaryColour, site.accentColour)
	};
};

/**
 * The brand and every page title name the municipality ("… – Stadtidee Musterstadt"). Filled in
 * here, once, so PageTitle and the header keep calling t() as usual.
 */
function withMunicipality(messages: PublicMessages, name: string): PublicMessages {
	// Braces would read as i18next placeholders; a town's name never needs them.
	const safe = name.replace(/[{}]/g, '');
	const fill = (text: string) => text.replaceAll('{{municipality}}', safe);
	return {
		...messages,
		app: {
			...messages.app,
			description: fill(messages.app.description),
			brand: fill(messages.app.brand),
			pageTitle: fill(messages.app.pageTitle)
		}
	};
}
