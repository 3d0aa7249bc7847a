import type { IdeaKind, IdeaStatus, ListFilter } from '$lib/schemas/idea';
import type { PhotoMeta } from '$lib/photos/urls';
import { listFilterQuery } from '$lib/schemas/list-filter';
import type { Bbox } from './geo';

/** The explore page shows the list, or the map (with the list below it). */
export const VIEWS = ['list', 'map'] as const;
export type View = (typeof VIEWS)[number];

export function parseView(params: URLSearchParams): View {
	return params.get('view') === 'map' ? 'map' : 'list';
}

/**
 * The query string (without "?") of the explore page: the shared filter plus the view, the
 * default (list) left out so shared links stay short.
 */
export function exploreQuery(filter: ListFilter, view: View, page = filter.page): string {
	const query = listFilterQuery(filter, page);
	if (view === 'list') return query;
	return query ? `${query}&view=map` : 'view=map';
}

/** One idea on the map (ideas_in_bbox in points mode, or a search hit). */
export interface MapIdea {
	id: string;
	lat: number;
	lng: number;
	title: string;
	status: IdeaStatus;
	kind: IdeaKind;
	field_slug: string;
	vote_count: number;
	/** The idea's first visible photo, when the answer carries one: a thumbnail in the popup. */
	photo?: PhotoMeta | null;
}

export interface MapCluster {
	lat: number;
	lng: number;
	count: number;
}

/** ideas_in_bbox's answer (docs/data-model.md). */
export type BboxAnswer =
	| { mode: 'points'; total: number; items: MapIdea[] }
	| { mode: 'clusters'; total: number; items: MapCluster[] };

/** A bbox grown by `ratio` of its size on every side, so a pan nearby needs no new request. */
export function padBbox(bbox: Bbox, ratio: number): Bbox {
	const dLat = (bbox.maxLat - bbox.minLat) * ratio;
	const dLng = (bbox.maxLng - bbox.minLng) * ratio;
	return {
		minLat: bbox.minLat - dLat,
		minLng: bbox.minLng - dLng,
		maxLat: bbox.maxLat + dLat,
		maxLng: bbox.maxLng + dLng
	};
}

export function inBbox(point: { lat: number; lng: number }, bbox: Bbox): boolean {
	return (
		point.lat >= bbox.minLat &&
		point.lat <= bbox.maxLat &&
		point.lng >= bbox.minLng &&
		point.lng <= bbox.maxLng
	);
}
