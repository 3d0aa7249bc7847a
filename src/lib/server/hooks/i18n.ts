import type { Handle } from '@sveltejs/kit';
import { LOCALE_COOKIE, negotiateLocale } from '$lib/i18n';

export const i18n: Handle = async ({ event, resolve }) => {
	const locale = negotiateLocale(
		event.cookies.get(LOCALE_COOKIE),
		event.request.headers.get('accept-language')
	);
	event.locals.locale = locale;
	return resolve(event, {
		// app.html has <html lang="%lang%">: screen readers pick their voice from it.
		transformPageChunk: ({ html }) => html.replace('%lang%', locale)
	});
};
