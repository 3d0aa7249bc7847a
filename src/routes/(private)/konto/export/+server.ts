import { exportMyData } from '$lib/server/db/account';
import { withPhotoFiles } from '$lib/server/photos/store';
import type { RequestHandler } from './$types';

/**
 * GDPR Art. 15 and 20: everything stored about me, as a JSON file, my photos in it (the guard
 * requires a user).
 */
export const GET: RequestHandler = async ({ locals }) => {
	const data = await withPhotoFiles(locals.supabase, await exportMyData(locals.supabase));
	const date = new Date().toISOString().slice(0, 10);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="stadtidee-meine-daten-${date}.json"`,
			// Personal data: never kept by a shared cache.
			'cache-control': 'private, no-store'
		}
	});
};
