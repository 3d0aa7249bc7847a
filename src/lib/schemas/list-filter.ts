// Zod-free on purpose: the start page and the map build their links and RPC filters with these
// without pulling zod into the browser bundle (parsing a filter is the server's job, in idea.ts).
import type { ListFilter } from './idea';

/** No filter: what parseListFilter makes of an empty query string (a unit test holds them equal). */
export const NO_FILTER: ListFilter = { sort: 'relevance', page: 1 };

/**
 * The part of the filter the search RPCs take as their `filters` argument (search_ideas,
 * count_ideas, ideas_in_bbox): the list and the map ask with the same filters.
 */
export function rpcFilters(filter: ListFilter): Record<string, string> {
	const filters: Record<string, string> = {};
	if (filter.field) filters.field = filter.field;
	if (filter.district) filters.district = filter.district;
	if (filter.kind) filters.kind = filter.kind;
	if (filter.status) filters.status = filter.status;
	return filters;
}

/** The query string (without "?") for a filter, without defaults, so shared URLs stay short. */
export function listFilterQuery(filter: ListFilter, page = filter.page): string {
	const params = new URLSearchParams();
	for (const key of ['q', 'field', 'district', 'kind', 'status'] as const) {
		const value = filter[key];
		if (value) params.set(key, value);
	}
	if (filter.near) params.set('near', `${filter.near.lat},${filter.near.lng}`);
	if (filter.sort !== 'relevance') params.set('sort', filter.sort);
	if (page > 1) params.set('page', String(page));
	return params.toString();
}

/** The filters a person chose (each shown as a removable chip), in the form's order. */
export const CHOSEN_FILTERS = ['q', 'field', 'kind', 'status', 'district', 'near'] as const;
export type ChosenFilter = (typeof CHOSEN_FILTERS)[number];

export function chosenFilters(filter: ListFilter): ChosenFilter[] {
	return CHOSEN_FILTERS.filter((key) => Boolean(filter[key]));
}

/** The filter without one choice (from the first page; "nearest first" needs a place). */
export function withoutFilter(filter: ListFilter, key: ChosenFilter): ListFilter {
	const sort = key === 'near' && filter.sort === 'nearest' ? 'relevance' : filter.sort;
	return { ...filter, [key]: undefined, sort, page: 1 };
}
