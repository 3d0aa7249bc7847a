import type { MultiPolygon, Polygon } from 'geojson';
import { numberFormat } from '$lib/format';
import type { Locale } from '$lib/i18n';

export interface LatLng {
	lat: number;
	lng: number;
}

/** Why the device gave no position: no geolocation in the browser, refused by the user, or failed. */
export type LocateFailure = 'unsupported' | 'denied' | 'unavailable';

/** The municipality's boundary as settings.boundary_geojson delivers it (RFC 7946: [lng, lat]). */
export type Boundary = Polygon | MultiPolygon;

/** What every map needs from the settings row (all of it public); see getMapSettings(). */
export interface MapSettings {
	center: LatLng;
	zoom: number;
	minZoom: number;
	tileUrl: string;
	tileAttribution: string;
	boundary: Boundary | null;
	clusterThreshold: number;
}

export interface Bbox {
	minLat: number;
	minLng: number;
	maxLat: number;
	maxLng: number;
}

/** A boundary from untrusted JSON, or null when it is not a usable (Multi)Polygon. */
export function asBoundary(value: unknown): Boundary | null {
	if (typeof value !== 'object' || value === null) return null;
	const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
	if ((type !== 'Polygon' && type !== 'MultiPolygon') || !Array.isArray(coordinates)) return null;
	return value as Boundary;
}

/** Ray casting over one ring of [lng, lat] positions. */
function inRing(point: LatLng, ring: number[][]): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i]!;
		const [xj, yj] = ring[j]!;
		if (
			yi! > point.lat !== yj! > point.lat &&
			point.lng < ((xj! - xi!) * (point.lat - yi!)) / (yj! - yi!) + xi!
		) {
			inside = !inside;
		}
	}
	return inside;
}

function inPolygon(point: LatLng, rings: number[][][]): boolean {
	const [outer, ...holes] = rings;
	return !!outer && inRing(point, outer) && !holes.some((hole) => inRing(point, hole));
}

/**
 * Whether a point lies inside the boundary; without a boundary everything does. The database
 * checks again on submit (location_outside_boundary): this only spares the resident a round trip.
 */
export function insideBoundary(point: LatLng, boundary: Boundary | null): boolean {
	if (!boundary) return true;
	return boundary.type === 'Polygon'
		? inPolygon(point, boundary.coordinates)
		: boundary.coordinates.some((polygon) => inPolygon(point, polygon));
}

/** The bounding box of a boundary, or null without one. */
export function boundaryBbox(boundary: Boundary | null): Bbox | null {
	if (!boundary) return null;
	const rings = boundary.type === 'Polygon' ? boundary.coordinates : boundary.coordinates.flat();
	const positions = rings.flat();
	if (positions.length === 0) return null;
	const lats = positions.map((p) => p[1]!);
	const lngs = positions.map((p) => p[0]!);
	return {
		minLat: Math.min(...lats),
		minLng: Math.min(...lngs),
		maxLat: Math.max(...lats),
		maxLng: Math.max(...lngs)
	};
}

/**
 * A bbox widened to a grid of `step` degrees, so small pans ask for the same area (and a cached
 * answer) instead of a new one per pixel, clamped to valid coordinates.
 */
export function snapBbox(bbox: Bbox, step = 0.005): Bbox {
	const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value));
	const round = (value: number, down: boolean) =>
		Number(((down ? Math.floor(value / step) : Math.ceil(value / step)) * step).toFixed(6));
	return {
		minLat: clamp(round(bbox.minLat, true), 90),
		minLng: clamp(round(bbox.minLng, true), 180),
		maxLat: clamp(round(bbox.maxLat, false), 90),
		maxLng: clamp(round(bbox.maxLng, false), 180)
	};
}

/** Whether `inner` lies completely within `outer`. */
export function bboxContains(outer: Bbox, inner: Bbox): boolean {
	return (
		inner.minLat >= outer.minLat &&
		inner.maxLat <= outer.maxLat &&
		inner.minLng >= outer.minLng &&
		inner.maxLng <= outer.maxLng
	);
}

/** A distance as people say it: "350 m" up to a kilometre, then "1,2 km". */
export function formatDistance(metres: number, locale: Locale): string {
	if (metres < 1000) {
		return numberFormat(locale, { style: 'unit', unit: 'meter' }).format(
			Math.max(10, Math.round(metres / 10) * 10)
		);
	}
	return numberFormat(locale, {
		style: 'unit',
		unit: 'kilometer',
		maximumFractionDigits: metres < 10_000 ? 1 : 0
	}).format(metres / 1000);
}
