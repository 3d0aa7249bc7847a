import { text, type Handle } from '@sveltejs/kit';

const FORM_TYPES = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/** A form without photos: text fields only (the longest, an idea's text, is a few KB). */
const FORM_LIMIT = 1024 * 1024;

/**
 * The forms that carry photos (up to 3 of at most 15 MB each, ADR 020): the wizard's submission
 * and the author's own idea page. The server's overall limit (BODY_SIZE_LIMIT, 48 MB by default in
 * scripts/serve-http.js) bounds these.
 */
const PHOTO_ROUTES = new Set(['/(public)/ideen/neu', '/(private)/konto/ideen/[id=uuid]']);

/**
 * A form post whose body cannot be read as a form (a cut-off or malformed multipart body) is the
 * client's mistake: 400, not the 500 an action's `request.formData()` would end in. The body is
 * read once more from a copy; form posts here are small.
 */
export const formBody: Handle = async ({ event, resolve }) => {
	const { request } = event;
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > FORM_LIMIT && !PHOTO_ROUTES.has(event.route.id ?? '')) {
		return text('Payload Too Large', { status: 413 });
	}
	if (request.method === 'POST' && FORM_TYPES.test(request.headers.get('content-type') ?? '')) {
		const readable = await request
			.clone()
			.formData()
			.then(
				() => true,
				() => false
			);
		if (!readable) return text('Bad Request: the form data cannot be read.', { status: 400 });
	}
	return resolve(event);
};
