import type { Locale } from '$lib/i18n';
import type { LatLng } from '$lib/map/geo';
import { centroid, type GeoPolygon } from '$lib/map/polygon';
import type { Supabase } from '../supabase';
import { refused } from './errors';

/**
 * The municipality's reference data, read by every part of the app the same way: fields of action
 * (the taxonomy), districts and departments. Admins change them (admin.ts); RLS lets everyone read.
 */

export interface FieldOfAction {
	slug: string;
	name: string;
	description: string;
	colour: string;
	/** Archived by an admin (ADR 015): its ideas keep it, nothing new is given it. */
	archived: boolean;
}

/** The taxonomy in display order, in the reader's language (the table holds de and en). */
export async function listFieldsOfAction(
	supabase: Supabase,
	locale: Locale
): Promise<FieldOfAction[]> {
	const { data, error } = await supabase
		.from('fields_of_action')
		.select('slug, name_de, name_en, description_de, description_en, colour, archived_at')
		.order('position')
		.order('slug');
	if (error) throw refused('fields_of_action', error);
	return data.map((row) => ({
		slug: row.slug,
		name: locale === 'en' ? row.name_en : row.name_de,
		description: locale === 'en' ? row.description_en : row.description_de,
		colour: row.colour,
		archived: row.archived_at !== null
	}));
}

/** The fields a new idea or round may be given: those not archived. */
export function offeredFields(fields: FieldOfAction[]): FieldOfAction[] {
	return fields.filter((field) => !field.archived);
}

export interface District {
	id: number;
	slug: string;
	name: string;
}

/** Districts in display order, for filters and labels (without their areas: those can be long). */
export async function listDistricts(supabase: Supabase): Promise<District[]> {
	const { data, error } = await supabase
		.from('districts')
		.select('id, slug, name')
		.order('position')
		.order('name');
	if (error) throw refused('districts', error);
	return data;
}

export interface DistrictArea extends District {
	/** Null until an admin uploads the district's outline. */
	area: GeoPolygon | null;
	/** Where an idea placed "somewhere in this district" goes; null without an area. */
	centre: LatLng | null;
	/** Set: archived (its ideas keep it). */
	archived_at: string | null;
}

/** Districts with their outlines: for placing an idea by district and for the admin's editor. */
export async function listDistrictAreas(supabase: Supabase): Promise<DistrictArea[]> {
	const { data, error } = await supabase
		.from('districts')
		.select('id, slug, name, area_geojson, archived_at')
		.order('position')
		.order('name');
	if (error) throw refused('districts', error);
	return data.map(({ area_geojson, ...district }) => {
		const area = area_geojson as GeoPolygon | null;
		return { ...district, area, centre: area && centroid(area) };
	});
}

export interface Department {
	id: number;
	slug: string;
	name: string;
	short_name: string | null;
	email: string | null;
	/** Set: archived, offered for nothing new (its ideas and measures keep it). */
	archived_at: string | null;
}

/** Departments (Fachbereiche) by name: filters, triage, measures and the admin's editor. */
export async function listDepartments(supabase: Supabase): Promise<Department[]> {
	const { data, error } = await supabase
		.from('departments')
		.select('id, slug, name, short_name, email, archived_at')
		.order('name');
	if (error) throw refused('departments', error);
	return data;
}
