import { json } from '@sveltejs/kit';
import { z } from '$lib/schemas/zod';
import { listSimilar } from '$lib/server/db/ideas';
import type { RequestHandler } from './$types';

const querySchema = z.object({
	title: z.string().trim().min(3).max(200),
	lat: z.coerce.number().min(-90).max(90),
	lng: z.coerce.number().min(-180).max(180)
});

/**
 * `GET /ideen/neu/aehnlich?title=…&lat=…&lng=…`: the wizard's live "similar ideas nearby" hint
 * (similar_ideas: same place and similar text). A hint only, so bad input is an empty list.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = querySchema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) return json([]);
	// No idea of its own yet: nothing to leave out of the list.
	const similar = await listSimilar(locals.supabase, { id: '', ...parsed.data });
	return json(similar.slice(0, 3), { headers: { 'cache-control': 'private, max-age=30' } });
};
