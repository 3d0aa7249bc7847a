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
		.select('id, slug, name_de, name_en, colour, position, archived_at')
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
export async function deleteRow(supabase: Supabase, table: ReferenceTable, id: number) {
	const { error, count } = await supabase.from(table).delete({ count: 'exact' }).eq('id', id);
	if (error) throw refused(`${table} delete`, error);
	if (!count) throw new DatabaseProblem('not_found', 404);
}

/** One row of the audit log as the page shows it (names joined by admin_audit_log()). */
export interface AuditRow {
	id: number;
	createdAt: string;
	actorId: string | null;
	actorName: string | null;
	actorRole: string | null;
	action: string;
	targetTable: string;
	targetId: string | null;
	targetLabel: string | null;
	details: Json;
}

export interface AuditFilter {
	person?: string;
	table?: string;
	id?: string;
	action?: string;
	since?: string;
	until?: string;
	before?: number;
}

/** One page of the audit log, newest first; `next` is the id to page on from, if there is more. */
export async function auditLog(
	supabase: Supabase,
	filter: AuditFilter,
	pageSize: number
): Promise<{ rows: AuditRow[]; next: number | null }> {
	const { data, error } = await supabase.rpc('admin_audit_log', {
		by_actor: filter.person,
		on_table: filter.table,
		on_id: filter.id,
		of_action: filter.action,
		since: filter.since,
		until: filter.until,
		before_id: filter.before,
		page_size: pageSize + 1
	});
	if (error) throw refused('admin_audit_log', error);
	const rows = data!.slice(0, pageSize).map((row) => ({
		id: row.id,
		createdAt: row.created_at,
		actorId: row.actor_id,
		actorName: row.actor_name,
		actorRole: row.actor_role,
		action: row.action,
		targetTable: row.target_table,
		targetId: row.target_id,
		targetLabel: row.target_label,
		details: row.details
	}));
	return { rows, next: data!.length > pageSize ? rows[rows.length - 1]!.id : null };
}

export interface AuditFacets {
	actors: { id: string; name: string }[];
	actions: string[];
	tables: string[];
}

/** The people, actions and object kinds found in the audit log, for its filters. */
export async function auditFacets(supabase: Supabase): Promise<AuditFacets> {
	const { data, error } = await supabase.rpc('admin_audit_facets');
	if (error) throw refused('admin_audit_facets', error);
	return data as unknown as AuditFacets;
}

export interface Invitation {
	id: string;
	email: string;
	role: Enums['user_role'];
	departmentIds: number[];
	scoped: boolean;
	invitedBy: string | null;
	createdAt: string;
	expiresAt: string;
	acceptedAt: string | null;
	acceptedBy: string | null;
	revokedAt: string | null;
}

/** The staff invitations, newest first (admins only, checked in SQL). */
export async function listInvitations(supabase: Supabase): Promise<Invitation[]> {
	const { data, error } = await supabase.rpc('admin_staff_invitations');
	if (error) throw refused('admin_staff_invitations', error);
	return data!.map((row) => ({
		id: row.id,
		email: row.email,
		role: row.role,
		departmentIds: row.department_ids,
		scoped: row.department_scoped,
		invitedBy: row.invited_by,
		createdAt: row.created_at,
		expiresAt: row.expires_at,
		acceptedAt: row.accepted_at,
		acceptedBy: row.accepted_by,
		revokedAt: row.revoked_at
	}));
}

/** Invites an address to a role; the notification worker mails the link. */
export async function inviteStaff(
	supabase: Supabase,
	invitation: {
		email: string;
		role: Enums['user_role'];
		departments: number[];
		scoped: boolean;
		locale: string;
	}
): Promise<void> {
	const { error } = await supabase.rpc('invite_staff', invitation);
	if (error) throw refused('invite_staff', error);
}

export async function revokeInvitation(supabase: Supabase, id: string): Promise<void> {
	const { error } = await supabase.rpc('revoke_staff_invitation', { invitation: id });
	if (error) throw refused('revoke_staff_invitation', error);
}

/** The invited person (signed in) accepts; returns the role they hold now. */
export async function acceptInvitation(
	supabase: Supabase,
	token: string
): Promise<Enums['user_role']> {
	const { data, error } = await supabase.rpc('accept_staff_invitation', { token });
	if (error) throw refused('accept_staff_invitation', error);
	return data;
}

/** Which of these people are limited to their departments (ADR 015). */
export async function scopedUsers(supabase: Supabase, userIds: string[]): Promise<string[]> {
	const { data, error } = await supabase.rpc('admin_user_scopes', { user_ids: userIds });
	if (error) throw refused('admin_user_scopes', error);
	return data!.map((row) => row.user_id);
}

export async function setUserScope(
	supabase: Supabase,
	userId: string,
	scoped: boolean
): Promise<void> {
	const { error } = await supabase.rpc('set_user_department_scope', { user_id: userId, scoped });
	if (error) throw refused('set_user_department_scope', error);
}

export type ReferenceTable = 'departments' | 'districts' | 'fields_of_action';

export interface ReferenceUsage {
	ideas: number;
	measures: number;
	goals: number;
	members: number;
}

/** How much uses a department, district or field of action (shown before it is deleted). */
export async function referenceUsage(
	supabase: Supabase,
	table: ReferenceTable,
	id: number
): Promise<ReferenceUsage> {
	const { data, error } = await supabase.rpc('reference_usage', { kind: table, ref: id });
	if (error) throw refused('reference_usage', error);
	return data as unknown as ReferenceUsage;
}

/** Archives a row of the master data (or brings it back); RLS lets only admins, audited. */
export async function setArchived(
	supabase: Supabase,
	table: ReferenceTable,
	id: number,
	archived: boolean
): Promise<void> {
	const { error, count } = await supabase
		.from(table)
		.update({ archived_at: archived ? new Date().toISOString() : null }, { count: 'exact' })
		.eq('id', id);
	if (error) throw refused(`${table} archive`, error);
	if (!count) throw new DatabaseProblem('not_found', 404);
}
