import type { Database } from '$lib/types/database';
import type { MessageKey } from '$lib/i18n';
import type { Draft } from './draft';
import { insideBoundary, type Boundary, type LatLng } from '$lib/map/geo';
import type { GeoPolygon } from '$lib/map/polygon';

/** Why a point cannot be used, or undefined when it can (the database checks again). */
export function placeProblem(
	boundary: Boundary | null,
	point: { lat: number | null; lng: number | null; townWide?: boolean }
): MessageKey | undefined {
	// The whole town needs no point.
	if (point.townWide) return undefined;
	if (point.lat === null || point.lng === null) return 'submit.errors.locationRequired';
	if (boundary && !insideBoundary(point as LatLng, boundary))
		return 'submit.errors.outsideBoundary';
	return undefined;
}

/** A district the wizard offers: its outline names the picked point's district; its centre is
 * where "somewhere in this district" goes. */
export interface SubmitDistrict {
	slug: string;
	name: string;
	area: GeoPolygon;
	centre: LatLng;
}

/** What the wizard tells about the municipality's rules. */
export interface SubmitSettings {
	municipality: string;
	moderationMode: Database['public']['Enums']['moderation_mode'];
	/** Null: a fresh installation accepts any valid point. */
	boundary: Boundary | null;
}

/** The districts an idea can be placed in: those with an outline, and not archived (ADR 015). */
export function submitDistricts(
	districts: {
		slug: string;
		name: string;
		area: GeoPolygon | null;
		centre: LatLng | null;
		archived_at: string | null;
	}[]
): SubmitDistrict[] {
	return districts.flatMap(({ slug, name, area, centre, archived_at }) =>
		area && centre && archived_at === null ? [{ slug, name, area, centre }] : []
	);
}

/** "Somewhere in this district": its centre; no district (or an unknown one) clears the place. */
export function districtPlace(
	slug: string,
	districts: SubmitDistrict[]
): Pick<Draft, 'lat' | 'lng' | 'placeSource' | 'district'> {
	const district = districts.find((candidate) => candidate.slug === slug);
	if (!district) return { lat: null, lng: null, placeSource: null, district: '' };
	return { ...district.centre, placeSource: 'district', district: slug };
}

/** The chosen place in words: how it was found and the district it lies in. */
export function placeLabel(
	draft: Draft,
	districts: SubmitDistrict[]
): { key: MessageKey; values: Record<string, string> } | undefined {
	if (draft.townWide) return { key: 'submit.place.chosenTownWide', values: {} };
	if (draft.lat === null || draft.lng === null || !draft.placeSource) return undefined;
	if (draft.placeSource === 'district') {
		const name = districts.find((district) => district.slug === draft.district)?.name ?? '';
		return { key: 'submit.place.chosenDistrict', values: { district: name } };
	}
	const point = { lat: draft.lat, lng: draft.lng };
	const district = districts.find((candidate) => insideBoundary(point, candidate.area));
	const gps = draft.placeSource === 'gps';
	if (!district)
		return { key: gps ? 'submit.place.chosenGps' : 'submit.place.chosenMap', values: {} };
	return {
		key: gps ? 'submit.place.chosenGpsIn' : 'submit.place.chosenMapIn',
		values: { district: district.name }
	};
}
