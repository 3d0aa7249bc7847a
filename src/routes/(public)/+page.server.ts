import { createTranslator } from '$lib/i18n/translator';
import { searchIdeas } from '$lib/server/db/ideas';
import { listDistricts, listFieldsOfAction } from '$lib/server/db/reference';
import { getMapSettings } from '$lib/server/db/settings';
import { listOpenRounds, roundsOfIdeas } from '$lib/server/db/rounds';
import { exploreQuery, parseView } from '$lib/map/explore';
import {
	IDEA_KINDS,
	PUBLIC_STATUSES,
	SORTS,
	parseListFilter,
	type ListFilter
} from '$lib/schemas/idea';
import { chosenFilters, withoutFilter, type ChosenFilter } from '$lib/schemas/list-filter';
import { messagesFor } from '$lib/server/i18n';
import type { Locale } from '$lib/i18n';
import type { PageServerLoad } from './$types';

// The list is a plain GET form: every filter lives in the URL, so it works without JavaScript
// and a filtered view can be shared as a link. The map (view=map) reads the same filter.
export const load: PageServerLoad = async ({ locals, url }) => {
	const filter = parseListFilter(url.searchParams);
	const view = parseView(url.searchParams);
	const [fields, districts, results, map, openRounds] = await Promise.all([
		listFieldsOfAction(locals.supabase, locals.locale),
		listDistricts(locals.supabase),
		searchIdeas(locals.supabase, filter),
		view === 'map' ? getMapSettings(locals.supabase) : null,
		listOpenRounds(locals.supabase)
	]);
	// The round badge of each idea shown (a primary-key lookup for one page of ideas).
	const rounds = await roundsOfIdeas(
		locals.supabase,
		results.ideas.map((idea) => idea.id)
	);
	return {
		fields,
		districts,
		filter,
		view,
		map,
		statuses: PUBLIC_STATUSES,
		kinds: IDEA_KINDS,
		sorts: SORTS,
		results: {
			...results,
			ideas: results.ideas.map((idea) => ({ ...idea, round: rounds.get(idea.id) ?? null }))
		},
		openRounds,
		chips: chips(filter, view, locals.locale, fields, districts),
		moreQuery: results.hasMore ? exploreQuery(filter, view, filter.page + 1) : null,
		previousQuery: filter.page > 1 ? exploreQuery(filter, view, filter.page - 1) : null
	};
};

/**
 * The chosen filters as removable chips: a label and the query without that filter. Made here,
 * so the start page's first-load script carries none of it.
 */
function chips(
	filter: ListFilter,
	view: ReturnType<typeof parseView>,
	locale: Locale,
	fields: { slug: string; name: string }[],
	districts: { slug: string; name: string }[]
): { key: ChosenFilter; label: string; query: string }[] {
	const t = createTranslator(locale, messagesFor(locale));
	const label = (key: ChosenFilter): string => {
		switch (key) {
			case 'q':
				return t('ideas.list.chips.q', { q: filter.q ?? '' });
			case 'field':
				return fields.find((f) => f.slug === filter.field)?.name ?? filter.field ?? '';
			case 'district':
				return districts.find((d) => d.slug === filter.district)?.name ?? '';
			case 'kind':
				return t(`idea.kind.${filter.kind!}`);
			case 'status':
				return t(`idea.status.${filter.status!}`);
			case 'near':
				return t('ideas.list.chips.near');
		}
	};
	return chosenFilters(filter).map((key) => ({
		key,
		label: label(key),
		query: exploreQuery(withoutFilter(filter, key), view)
	}));
}
