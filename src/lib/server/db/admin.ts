import type { z } from 'zod';
import type {
	departmentSchema,
	fieldSchema,
	fieldUpdateSchema,
	settingsSchema
} from '$lib/schemas/admin';
import type { Database, Json } from '$lib/types/database';
import { DatabaseProblem, httpStatus } from './errors';
import { log } from '../log';
import type { Supabase } from '../supabase';

type Enums = Database['public']['Enums'];

/** PostgreSQL's own refusals of reference data, as stable codes like ours. */
const CONSTRAINT_CODES: Record<string, [string, number]> = {
	'23505': ['duplicate', 409],
	'23503': ['in_use', 409],
	'23514': ['check_failed', 400]
};

function check(what: string, error: { message: string; code?: string } | null): void {
	if (!error) return;
	log.error(`${what} failed`, { code: error.code, error: error.message });
	const known = CONSTRAINT_CODES[error.code ?? ''];
	throw known
		? new DatabaseProblem(...known)
		: new DatabaseProblem(error.message, httpStatus(error.code));
}

export interface AdminUser {
	id: string;
	displayName: string;
	email: string;
	role: Enums['user_role'];
	kind: Enums['profile_kind'];
	createdAt: string;
}

/** admin_find_users(): the one way to e-mail addresses, for admins only (checked in SQL). */
export async function findUsers(supabase: Supabase, q: string): Promise<AdminUser[]> {
	const { data, error } = await supabase.rpc('admin_find_users', { q, max_results: 50 });
	check('admin_find_users', error);
	return data!.map((row) => ({
		id: row.id,
		displayName: row.display_name,
		email: row.email,
		role: row.role,
		kind: row.kind,
		createdAt: row.created_at
	}));
}

export async function setUserRole(supabase: Supabase, userId: string, role: Enums['user_role']) {
	const { error } = await supabase.rpc('set_user_role', { user_id: userId, role });
	check('set_user_role', error);
}

export type Settings = z.output<typeof settingsSchema>;

export async function getSettings(supabase: Supabase): Promise<Settings> {
	const { data, error } = await supabase
		.from('settings')
		.select(
			`municipality_name, primary_colour, accent_colour, logo_url, moderation_mode, voting_rule,
			contribution_rule, map_center_lat, map_center_lng, map_zoom, map_min_zoom, tile_url,
			tile_attribution, weight_support, weight_strategic_fit, weight_effort, weight_urgency,
			support_saturation, impressum_md, datenschutz_md, barrierefreiheit_md, leichte_sprache_md`
		)
		.single();
	check('settings', error);
	return {
		...data!,
		weight_support: Number(data!.weight_support),
		weight_strategic_fit: Number(data!.weight_strategic_fit),
		weight_effort: Number(data!.weight_effort),
		weight_urgency: Number(data!.weight_urgency)
	};
}

/** The audit trigger on settings records exactly the columns that changed. */
export async function saveSettings(supabase: Supabase, settings: Settings) {
	const { error, count } = await supabase
		.from('settings')
		.update(settings, { count: 'exact' })
		.eq('id', true);
	check('settings update', error);
	if (!count) throw new DatabaseProblem('forbidden', 403);
}

export async function listDepartmentsFull(supabase: Supabase) {
	const { data, error } = await supabase
		.from('departments')
		.select('id, slug, name, short_name, email')
		.order('name');
	check('departments', error);
	return data!;
}

export async function addDepartment(supabase: Supabase, d: z.output<typeof departmentSchema>) {
	const { error } = await supabase.from('departments').insert(d);
	check('departments insert', error);
}

export async function listFields(supabase: Supabase) {
	const { data, error } = await supabase
		.from('fields_of_action')
		.select('id, slug, name_de, name_en, colour, position')
		.order('position')
		.order('slug');
	check('fields_of_action', error);
	return data!;
}

export async function addField(supabase: Supabase, f: z.output<typeof fieldSchema>) {
	const { error } = await supabase.from('fields_of_action').insert(f);
	check('fields_of_action insert', error);
}

export async function updateField(supabase: Supabase, f: z.output<typeof fieldUpdateSchema>) {
	const { id, ...changes } = f;
	const { error, count } = await supabase
		.from('fields_of_action')
		.update(changes, { count: 'exact' })
		.eq('id', id);
	check('fields_of_action update', error);
	if (!count) throw new DatabaseProblem('not_found', 404);
}

export async function listDistrictsFull(supabase: Supabase) {
	const { data, error } = await supabase
		.from('districts')
		.select('id, slug, name, area_geojson')
		.order('position')
		.order('name');
	check('districts', error);
	return data!.map((d) => ({
		id: d.id,
		slug: d.slug,
		name: d.name,
		points: (d.area_geojson as { coordinates?: unknown[][] } | null)?.coordinates?.[0]?.length ?? 0
	}));
}

export async function saveDistrict(supabase: Supabase, slug: string, name: string, geometry: Json) {
	const { error } = await supabase.rpc('admin_save_district', { slug, name, geometry });
	check('admin_save_district', error);
}

/** Deletes a row of a reference table; RLS lets only admins, the audit trigger records it. */
export async function deleteRow(
	supabase: Supabase,
	table: 'departments' | 'districts' | 'fields_of_action',
	id: number
) {
	const { error, count } = await supabase.from(table).delete({ count: 'exact' }).eq('id', id);
	check(`${table} delete`, error);
	if (!count) throw new DatabaseProblem('not_found', 404);
}
