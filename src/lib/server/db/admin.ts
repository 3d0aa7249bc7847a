import type { z } from 'zod';
import type { departmentSchema, fieldSchema, fieldUpdateSchema } from '$lib/schemas/admin';
import type { Database, Json } from '$lib/types/database';
import { DatabaseProblem, refused } from './errors';
import type { Supabase } from '../supabase';

type Enums = Database['public']['Enums'];

export interface AdminUser {
	id: string;
	displayName: string;
	/** Null for an account without an e-mail (an anonymous session that holds a role). */
	email: string | null;
	role: Enums['user_role'];
	kind: Enums['profile_kind'];
	createdAt: string;
}

/** admin_find_users(): the one way to e-mail addresses, for admins only (checked in SQL). */
export async function findUsers(supabase: Supabase, q: string): Promise<AdminUser[]> {
	const { data, error } = await supabase.rpc('admin_find_users', { q, max_results: 50 });
	if (error) throw refused('admin_find_users', error);
	return data!.map((row) => ({
		id: row.id,
		displayName: row.display_name,
		email: row.email,
		role: row.role,
		kind: row.kind,
		createdAt: row.created_at
	}));
}

/** The account as it is after the change (it may no longer match the search it was found by). */
export async function setUserRole(
	supabase: Supabase,
	userId: string,
	role: Enums['user_role']
): Promise<{ displayName: string; role: Enums['user_role'] }> {
	const { data, error } = await supabase.rpc('set_user_role', { user_id: userId, role });
	if (error) throw refused('set_user_role', error);
	return { displayName: data.display_name, role: data.role };
}

/** Which departments each of these people works in (department ids per user id). */
export async function departmentsOf(
	supabase: Supabase,
	userIds: string[]
): Promise<Record<string, number[]>> {
	const { data, error } = await supabase
		.from('department_members')
		.select('user_id, department_id')
		.in('user_id', userIds);
	if (error) throw refused('department_members', error);
	const byUser: Record<string, number[]> = {};
	for (const row of data) (byUser[row.user_id] ??= []).push(row.department_id);
	return byUser;
}

/** Sets a staff member's departments (admins only, checked in SQL); returns them. */
export async function setUserDepartments(
	supabase: Supabase,
	userId: string,
	departments: number[]
): Promise<number[]> {
	const { data, error } = await supabase.rpc('set_user_departments', {
		user_id: userId,
		departments
	});
	if (error) throw refused('set_user_departments', error);
	return data;
}

export async function addDepartment(supabase: Supabase, d: z.output<typeof departmentSchema>) {
	const { error } = await supabase.from('departments').insert(d);
	if (error) throw refused('departments insert', error);
}

export async function listFields(supabase: Supabase) {
	const { data, error } = await supabase
		.from('fields_of_action')
		.select('id, slug, name_de, name_en, colour, position')
		.order('position')
		.order('slug');
	if (error) throw refused('fields_of_action', error);
	return data!;
}

export async function addField(supabase: Supabase, f: z.output<typeof fieldSchema>) {
	const { error } = await supabase.from('fields_of_action').insert(f);
	if (error) throw refused('fields_of_action insert', error);
}

export async function updateField(supabase: Supabase, f: z.output<typeof fieldUpdateSchema>) {
	const { id, ...changes } = f;
	const { error, count } = await supabase
		.from('fields_of_action')
		.update(changes, { count: 'exact' })
		.eq('id', id);
	if (error) throw refused('fields_of_action update', error);
	if (!count) throw new DatabaseProblem('not_found', 404);
}

export async function saveDistrict(supabase: Supabase, slug: string, name: string, geometry: Json) {
	const { error } = await supabase.rpc('admin_save_district', { slug, name, geometry });
	if (error) throw refused('admin_save_district', error);
}

/** Deletes a row of a reference table; RLS lets only admins, the audit trigger records it. */
export async function deleteRow(
	supabase: Supabase,
	table: 'departments' | 'districts' | 'fields_of_action',
	id: number
) {
	const { error, count } = await supabase.from(table).delete({ count: 'exact' }).eq('id', id);
	if (error) throw refused(`${table} delete`, error);
	if (!count) throw new DatabaseProblem('not_found', 404);
}
