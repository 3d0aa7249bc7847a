import { listFieldsOfAction } from '$lib/server/db/fields-of-action';
import { listDistricts, searchIdeas } from '$lib/server/db/ideas';
import {
	IDEA_KINDS,
	PUBLIC_STATUSES,
	SORTS,
	listFilterQuery,
	parseListFilter
} from '$lib/schemas/idea';
import type { PageServerLoad } from './$types';

// The list is a plain GET form: every filter lives in the URL, so it works without JavaScript
// and a filtered view can be shared as a link.
export const load: PageServerLoad = async ({ locals, url }) => {
	const filter = parseListFilter(url.searchParams);
	const [fields, districts, results] = await Promise.all([
		listFieldsOfAction(locals.supabase, locals.locale),
		listDistricts(locals.supabase),
		searchIdeas(locals.supabase, filter)
	]);
	return {
		fields,
		districts,
		filter,
		statuses: PUBLIC_STATUSES,
		kinds: IDEA_KINDS,
		sorts: SORTS,
		results,
		moreQuery: results.hasMore ? listFilterQuery(filter, filter.page + 1) : null,
		previousQuery: filter.page > 1 ? listFilterQuery(filter, filter.page - 1) : null
	};
};
