import { asBoundary, type MapSettings } from '$lib/map/geo';
import type { Supabase } from '../supabase';

/** The map settings for a page's maps (LocationPicker, IdeaLocationMap, the explore map). */
export async function getMapSettings(supabase: Supabase): Promise<MapSettings> {
	const { data, error } = await supabase
		.from('settings')
		.select(
			'map_center_lat, map_center_lng, map_zoom, map_min_zoom, tile_url, tile_attribution, boundary_geojson, map_cluster_threshold'
		)
		.single();
	if (error) throw new Error(`settings: ${error.message}`);
	tileUrlCache = { url: data.tile_url, at: Date.now() };
	return {
		center: { lat: data.map_center_lat, lng: data.map_center_lng },
		zoom: data.map_zoom,
		minZoom: data.map_min_zoom,
		tileUrl: data.tile_url,
		tileAttribution: data.tile_attribution,
		boundary: asBoundary(data.boundary_geojson),
		clusterThreshold: data.map_cluster_threshold
	};
}

/** Settings change rarely; a minute's delay before the CSP follows a new tile server is fine. */
const TILE_URL_TTL_MS = 60_000;
let tileUrlCache: { url: string; at: number } | undefined;

/**
 * The configured tile URL for the Content-Security-Policy of every page, cached per server
 * process so most responses cost no query. Null when it cannot be read (then no tiles allowed).
 */
export async function cachedTileUrl(supabase: Supabase): Promise<string | null> {
	if (tileUrlCache && Date.now() - tileUrlCache.at < TILE_URL_TTL_MS) return tileUrlCache.url;
	const { data, error } = await supabase.from('settings').select('tile_url').maybeSingle();
	if (error || !data) return tileUrlCache?.url ?? null;
	tileUrlCache = { url: data.tile_url, at: Date.now() };
	return data.tile_url;
}
