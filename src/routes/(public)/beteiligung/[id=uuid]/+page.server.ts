import { error } from '@sveltejs/kit';
import { MAX_PAGE } from '$lib/schemas/idea';
import { listDistricts, listFieldsOfAction } from '$lib/server/db/reference';
import { getRound, listRoundIdeas } from '$lib/server/db/rounds';
import type { PageServerLoad } from './$types';

/** A round's call and its published ideas, newest first, a page at a time (`?seite=`). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const page = Math.min(
		MAX_PAGE,
		Math.max(1, Number.parseInt(url.searchParams.get('seite') ?? '', 10) || 1)
	);
	const [round, ideas, fields, districts] = await Promise.all([
		getRound(locals.supabase, params.id),
		listRoundIdeas(locals.supabase, params.id, page),
		listFieldsOfAction(locals.supabase, locals.locale),
		listDistricts(locals.supabase)
	]);
	// A draft is no public page, not even for staff who may read it.
	if (!round || round.state === 'draft') error(404, 'round_not_found');
	return { round, ideas, page, fields, districts };
};
