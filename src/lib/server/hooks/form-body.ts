import { error, text, type Handle, type RequestEvent } from '@sveltejs/kit';
import { MAX_PHOTOS, PHOTO_MAX_BYTES } from '$lib/photos/rules';

const FORM_TYPES = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/** A form without photos: text fields only (the longest, an idea's text, is a few KB). */
const FORM_LIMIT = 1024 * 1024;

/** A form with photos: up to 3 of at most 15 MB each, and its text fields. */
const PHOTO_FORM_LIMIT = MAX_PHOTOS * PHOTO_MAX_BYTES + FORM_LIMIT;

/**
 * The forms that carry photos (ADR 020): the wizard's submission and the author's own idea page.
 * The server's overall limit (BODY_SIZE_LIMIT, 48 MB in scripts/serve-http.js) is above theirs.
 */
const PHOTO_ROUTES = new Set(['/(public)/ideen/neu', '/(private)/konto/ideen/[id=uuid]']);

/** Whether the request carries a Supabase session cookie (`sb-<ref>-auth-token`, maybe chunked). */
function hasSessionCookie(event: RequestEvent): boolean {
	return event.cookies.getAll().some(({ name }) => /^sb-.+-auth-token(\.\d+)?$/.test(name));
}

/**
 * What a request body may be, before anything reads it:
 * - its length is declared (browsers always do for forms; a chunked body could be any size) and
 *   at most 1 MB, or 46 MB on the two forms that carry photos, and there only with a session
 *   (nobody signed out uploads: their megabytes are not read);
 * - a named form action gets a form, not another type (SvelteKit would fail with a 500);
 * - a form body that cannot be read as a form (cut off, malformed) is the client's mistake: 400,
 *   not the 500 an action's `request.formData()` would end in. The body is read once more from a
 *   copy, except on the photo forms' pages, whose actions read it once through readForm().
 */
export const formBody: Handle = async ({ event, resolve }) => {
	const { request } = event;
	const declared = request.headers.get('content-length');
	if (request.body && declared === null) return text('Length Required', { status: 411 });
	const length = Number(declared ?? 0);
	const photos = PHOTO_ROUTES.has(event.route.id ?? '');
	if (length > (photos ? PHOTO_FORM_LIMIT : FORM_LIMIT)) {
		return text('Payload Too Large', { status: 413 });
	}
	if (photos && length > FORM_LIMIT && !hasSessionCookie(event)) {
		return text('Unauthorized: sign in to send photos.', { status: 401 });
	}
	const form = FORM_TYPES.test(request.headers.get('content-type') ?? '');
	const action = [...event.url.searchParams.keys()].some((key) => key.startsWith('/'));
	if (request.method === 'POST' && action && !form) {
		return text('Unsupported Media Type: a form action takes a form.', { status: 415 });
	}
	if (request.method === 'POST' && form && !photos) {
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

/** A form's fields, read once; a body that is no readable form is a 400, not a 500. */
export async function readForm(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch {
		error(400, 'Bad Request: the form data cannot be read.');
	}
}
