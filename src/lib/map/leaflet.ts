import type * as Leaflet from 'leaflet';
import type { Boundary } from './geo';
import { escapeHtml } from '$lib/html';

export type L = typeof Leaflet;

let loading: Promise<L> | undefined;

/**
 * Leaflet and its stylesheet, loaded on first use only: the map is never part of a page's
 * first-load JavaScript, and the list works before (or without) it.
 */
export function loadLeaflet(): Promise<L> {
	loading ??= Promise.all([
		import('leaflet'),
		import('leaflet/dist/leaflet.css'),
		import('./map.css'),
		import('./markers.css')
	]).then(([module]) => (module as { default?: L }).default ?? (module as L));
	return loading;
}

export interface BaseLayerOptions {
	tileUrl: string;
	tileAttribution: string;
	boundary: Boundary | null;
}

/**
 * The configured tiles and the boundary outline. A tile that fails to load (offline, blocked,
 * server down) leaves an empty square; the map, its boundary and markers work without tiles.
 */
export function addBaseLayers(leaflet: L, map: Leaflet.Map, options: BaseLayerOptions): void {
	map.attributionControl.setPrefix(false);
	leaflet
		.tileLayer(options.tileUrl, {
			// Leaflet renders attribution as HTML; the setting is plain text.
			attribution: escapeHtml(options.tileAttribution),
			maxZoom: 19,
			crossOrigin: false
		})
		.addTo(map);
	if (options.boundary) {
		leaflet
			.geoJSON(options.boundary, {
				interactive: false,
				style: { color: '#005a8c', weight: 3, dashArray: '6 4', fill: false }
			})
			.addTo(map);
	}
}

/**
 * Removes a map, also while it zooms: Leaflet finishes a zoom animation from a timer that reads
 * the map's panes, which remove() has already taken away ("Cannot read properties of undefined
 * (reading '_leaflet_pos')" when a page or wizard step closes right after a zoom). Mid-zoom the
 * map pane carries the class leaflet-zoom-anim; then remove it once the zoom has ended.
 */
export function removeMap(map: Leaflet.Map): void {
	if (map.getPane('mapPane')?.classList.contains('leaflet-zoom-anim')) {
		map.once('zoomend', () => map.remove());
	} else {
		map.remove();
	}
}
