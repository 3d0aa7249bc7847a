import { json, text, type Handle } from '@sveltejs/kit';

/**
 * SvelteKit's CSRF check, with the one exception a mail client needs: a form post whose Origin is
 * not this site is refused (403), as SvelteKit does it — except the one-click unsubscribe of a
 * notification mail (RFC 8058), which a mail provider's server posts without an Origin and without
 * cookies; its link's token is its only authority, and all it can do is switch mails off.
 * SvelteKit's own check is off for this (`csrf.trustedOrigins: ['*']` in svelte.config.js).
 */
const FORM_TYPES = new Set([
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain'
]);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ONE_CLICK_UNSUBSCRIBE = /^\/e-mail\/abbestellen\/[0-9a-f-]{36}$/i;

export function isFormPost(request: Request): boolean {
	const type = request.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
	return UNSAFE.has(request.method) && FORM_TYPES.has(type);
}

export function crossSiteForbidden(request: Request, url: URL): boolean {
	if (!isFormPost(request) || request.headers.get('origin') === url.origin) return false;
	return !(request.method === 'POST' && ONE_CLICK_UNSUBSCRIBE.test(url.pathname));
}

export const csrf: Handle = ({ event, resolve }) => {
	if (crossSiteForbidden(event.request, event.url)) {
		const message = `Cross-site ${event.request.method} form submissions are forbidden`;
		return event.request.headers.get('accept') === 'application/json'
			? json({ message }, { status: 403 })
			: text(message, { status: 403 });
	}
	return resolve(event);
};
