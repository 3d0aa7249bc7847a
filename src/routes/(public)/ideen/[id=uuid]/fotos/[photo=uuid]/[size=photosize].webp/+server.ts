import { error } from '@sveltejs/kit';
import { PHOTO_BUCKET, photoObjectName } from '$lib/server/photos/objects';
import type { RequestHandler } from './$types';

/**
 * One rendition of an idea's photo, read from storage as the visitor: the `storage.objects` policy
 * (the same visibility as `idea_photos`, ADR 020) decides, so a waiting idea's photo reaches only
 * its author and staff, and a hidden one only them. Always WebP made by the server; the type is
 * ours, never sniffed, never anything but an inline image.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const { data, error: refused } = await locals.supabase.storage
		.from(PHOTO_BUCKET)
		.download(photoObjectName(params.id, params.photo, params.size));
	if (refused || !data) error(404, 'Not Found');
	const { user } = await locals.safeGetSession();
	return new Response(data.stream(), {
		headers: {
			'content-type': 'image/webp',
			'content-length': String(data.size),
			'content-disposition': `inline; filename="${params.photo}-${params.size}.webp"`,
			'x-content-type-options': 'nosniff',
			// A photo's bytes never change, but it may be hidden: caches keep it a few minutes only,
			// and what a signed-in person sees (their waiting idea's photo) stays in their browser.
			'cache-control': `${user ? 'private' : 'public'}, max-age=600`
		}
	});
};
