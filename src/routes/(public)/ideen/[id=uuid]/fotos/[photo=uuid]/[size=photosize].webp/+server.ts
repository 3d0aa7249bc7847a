import { error } from '@sveltejs/kit';
import { readPhoto } from '$lib/server/photos/store';
import type { RequestHandler } from './$types';

/**
 * One rendition of an idea's photo. The photo's row, read as the visitor, decides (ADR 020): a
 * waiting idea's photo reaches only its author and staff, a hidden one only them, at once. Always
 * WebP made by the server; the type is ours, never sniffed, never anything but an inline image.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const file = await readPhoto(locals.supabase, params.id, params.photo, params.size);
	if (!file) error(404, 'Not Found');
	const { user } = await locals.safeGetSession();
	return new Response(file.stream(), {
		headers: {
			'content-type': 'image/webp',
			'content-length': String(file.size),
			'content-disposition': `inline; filename="${params.photo}-${params.size}.webp"`,
			'x-content-type-options': 'nosniff',
			// A photo's bytes never change, but it may be hidden: caches keep it a few minutes only,
			// and what a signed-in person sees (their waiting idea's photo) stays in their browser.
			'cache-control': `${user ? 'private' : 'public'}, max-age=600`
		}
	});
};
