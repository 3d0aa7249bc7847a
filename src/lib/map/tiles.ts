import type { LatLng } from './geo';

/** Web Mercator tiles (the slippy-map scheme every OSM-compatible server uses) are 256 px. */
export const TILE_SIZE = 256;

/** A tile placed relative to the point in the middle of a picture, in CSS pixels. */
export interface PlacedTile {
	url: string;
	left: number;
	top: number;
}

/** The point's position in the world at `zoom`, in pixels from the north-west corner. */
export function worldPixel(point: LatLng, zoom: number): { x: number; y: number } {
	const size = TILE_SIZE * 2 ** zoom;
	const sin = Math.sin((point.lat * Math.PI) / 180);
	return {
		x: ((point.lng + 180) / 360) * size,
		y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size
	};
}

/** A tile's address from the configured template ({s} the first subdomain, {r} no retina suffix). */
export function tileAddress(template: string, zoom: number, x: number, y: number): string {
	return template
		.replaceAll('{z}', String(zoom))
		.replaceAll('{x}', String(x))
		.replaceAll('{y}', String(y))
		.replaceAll('{s}', 'a')
		.replaceAll('{r}', '');
}

/**
 * The tiles that cover a picture of `halfWidth` × `halfHeight` pixels on each side of `point`:
 * a map without a map library, drawn by the server and shown before (or without) JavaScript.
 */
export function tilesAround(
	point: LatLng,
	zoom: number,
	template: string,
	halfWidth: number,
	halfHeight: number
): PlacedTile[] {
	const { x, y } = worldPixel(point, zoom);
	const last = 2 ** zoom - 1;
	const tiles: PlacedTile[] = [];
	const rowFrom = Math.max(0, Math.floor((y - halfHeight) / TILE_SIZE));
	const rowTo = Math.min(last, Math.floor((y + halfHeight) / TILE_SIZE));
	const colFrom = Math.max(0, Math.floor((x - halfWidth) / TILE_SIZE));
	const colTo = Math.min(last, Math.floor((x + halfWidth) / TILE_SIZE));
	for (let row = rowFrom; row <= rowTo; row++) {
		for (let col = colFrom; col <= colTo; col++) {
			tiles.push({
				url: tileAddress(template, zoom, col, row),
				left: Math.round(col * TILE_SIZE - x),
				top: Math.round(row * TILE_SIZE - y)
			});
		}
	}
	return tiles;
}
