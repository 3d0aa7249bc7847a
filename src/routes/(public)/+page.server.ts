import { searchIdeas } from '$lib/server/db/ideas';
import { listDistricts, listFieldsOfAction } from '$lib/server/db/reference';
import { getMapSettings } from '$lib/server/db/settings';
import { exploreQuery, parseView } from '$lib/map/explore';
import { IDEA_KINDS, PUBLIC_STATUSES, SORTS, parseListFilter } from '$lib/schemas/idea';
import type { PageServerLoad } from './$types';

// The list is a plain GET form: every filter lives in the URL, so it works without JavaScript
// and a filtered view can be shared as a link. The map (view=map) reads the same filter.
export const load: PageServerLoad = async ({ locals, url }) => {
	const filter = parseListFilter(url.searchParams);
	const view = parseView(url.searchParams);
	const [fields, districts, results, map] = await Promise.all([
		listFieldsOfAction(locals.supabase, locals.locale),
		listDistricts(locals.supabase),
		searchIdeas(locals.supabase, filter),
		view === 'map' ? getMapSettings(locals.supabase) : null
	]);
	return {
		fields,
		districts,
		filter,
		view,
		map,
		statuses: PUBLIC_STATUSES,
		kinds: IDEA_KINDS,
		sorts: SORTS,
		results,
		moreQuery: results.hasMore ? exploreQuery(filter, view, filter.page + 1) : null,
		previousQuery: filter.page > 1 ? exploreQuery(filter, view, filter.page - 1) : null
	};
};
