import type { LatLng } from '$lib/map/geo';
import { centroid, type GeoPolygon } from '$lib/map/polygon';
import { composeBody, type Submission } from '$lib/schemas/submission';
import type { Database } from '$lib/types/database';
import { log } from '../log';
import { DatabaseProblem, httpStatus } from './errors';
import type { Supabase } from '../supabase';

export interface SubmitDistrict {
	slug: string;
	name: string;
	/** Where an idea placed "somewhere in this district" goes. */
	centre: LatLng;
	area: GeoPolygon;
}

export interface SubmitSettings {
	municipality: string;
	moderationMode: Database['public']['Enums']['moderation_mode'];
	/** Null: a fresh installation accepts any valid point. */
	boundary: GeoPolygon | null;
}

/** Districts with their area and centre, for "pick a district" and naming the picked point's. */
export async function listSubmitDistricts(supabase: Supabase): Promise<SubmitDistrict[]> {
	const { data, error } = await supabase
		.from('districts')
		.select('slug, name, area_geojson')
		.order('position')
		.order('name');
	if (error) throw new Error(`districts: ${error.message}`);
	return data.flatMap((row) => {
		const area = row.area_geojson as GeoPolygon | null;
		return area ? [{ slug: row.slug, name: row.name, area, centre: centroid(area) }] : [];
	});
}

export async function getSubmitSettings(supabase: Supabase): Promise<SubmitSettings> {
	const { data, error } = await supabase
		.from('settings')
		.select('municipality_name, moderation_mode, boundary_geojson')
		.single();
	if (error) throw new Error(`settings: ${error.message}`);
	return {
		municipality: data.municipality_name,
		moderationMode: data.moderation_mode,
		boundary: data.boundary_geojson as GeoPolygon | null
	};
}

export interface SubmittedIdea {
	id: string;
	status: Database['public']['Enums']['idea_status'];
}

/**
 * submit_idea as the visitor. Idempotent by `id`: a retry of the same draft returns the idea the
 * first attempt made (in whatever status it now has) instead of adding a second one.
 */
export async function submitIdea(supabase: Supabase, input: Submission): Promise<SubmittedIdea> {
	const { data, error } = await supabase.rpc('submit_idea', {
		id: input.id,
		title: input.title,
		body: composeBody(input.body, input.placeHint),
		lat: input.lat,
		lng: input.lng,
		field_slug: input.field,
		kind: input.kind,
		need_type: input.needType
	});
	if (error) {
		log.info('submit_idea refused', { code: error.code, error: error.message });
		throw new DatabaseProblem(error.message, httpStatus(error.code));
	}
	return { id: data.id, status: data.status };
}
