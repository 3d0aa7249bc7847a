import type { LatLng } from './geo';

/** A GeoJSON polygon as the database generates it (RFC 7946: [longitude, latitude]). */
export interface GeoPolygon {
	type: 'Polygon';
	coordinates: [number, number][][];
}

/**
 * The centroid of the outer ring (area-weighted, so a district with many vertices on one side is
 * not pulled there). Districts are drawn as convex areas, so the centroid lies inside them.
 */
export function centroid(polygon: GeoPolygon): LatLng {
	const ring = polygon.coordinates[0] ?? [];
	let area = 0;
	let x = 0;
	let y = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i]!;
		const [xj, yj] = ring[j]!;
		const cross = xj * yi - xi * yj;
		area += cross;
		x += (xj + xi) * cross;
		y += (yj + yi) * cross;
	}
	if (area === 0) {
		const [lng = 0, lat = 0] = ring[0] ?? [];
		return { lat, lng };
	}
	return { lat: y / (3 * area), lng: x / (3 * area) };
}
