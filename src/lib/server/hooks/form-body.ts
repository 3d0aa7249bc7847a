import { text, type Handle } from '@sveltejs/kit';

const FORM_TYPES = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/**
 * A form post whose body cannot be read as a form (a cut-off or malformed multipart body) is the
 * client's mistake: 400, not the 500 an action's `request.formData()` would end in. The body is
 * read once more from a copy; form posts here are small.
 */
export const formBody: Handle = async ({ event, resolve }) => {
	const { request } = event;
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
