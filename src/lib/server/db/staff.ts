import type { PostgrestError } from '@supabase/supabase-js';
import type { Database } from '$lib/types/database';
import type { IdeaStatus } from '$lib/schemas/idea';
import { refused } from './errors';
import type { Supabase } from '../supabase';

export interface StaffMember {
	id: string;
	name: string;
}

/** People ideas can be assigned to: staff and admins (roles are private: a function tells). */
export async function listStaffMembers(supabase: Supabase): Promise<StaffMember[]> {
	const { data, error } = await supabase.rpc('staff_members');
	if (error) throw new Error(`staff_members: ${error.message}`);
	return data.map((row) => ({ id: row.id, name: row.display_name }));
}

/** Counts for the console's overview (moderators see every idea, triage in staff_ideas). */
export async function consoleCounts(supabase: Supabase) {
	const count = async (
		query: PromiseLike<{ count: number | null; error: PostgrestError | null }>
	) => {
		const { count, error } = await query;
		if (error) throw new Error(`console counts: ${error.message}`);
		return count ?? 0;
	};
	const head = { count: 'exact', head: true } as const;
	const [awaiting, reports, untriaged] = await Promise.all([
		count(supabase.from('ideas').select('id', head).eq('status', 'submitted')),
		count(supabase.from('reports').select('id', head).eq('status', 'open')),
		count(
			supabase
				.from('staff_ideas')
				.select('id', head)
				.eq('status', 'published')
				.is('department_id', null)
		)
	]);
	return { awaiting, reports, untriaged };
}

/**
 * One status for many ideas (moderation's approve/hide, the triage table's bulk change). Each idea
 * is checked on its own; the ones the database refused come back with their error codes.
 */
export async function bulkSetStatus(
	supabase: Supabase,
	ids: string[],
	status: IdeaStatus,
	reason?: string
): Promise<{ changed: number; failed: { id: string; code: string }[] }> {
	const { data, error } = await supabase.rpc('bulk_set_idea_status', {
		ideas: ids,
		status,
		reason
	});
	if (error) throw refused('bulk_set_idea_status', error);
	const failed = data.flatMap((row) =>
		row.error && row.idea_id ? [{ id: row.idea_id, code: row.error }] : []
	);
	return { changed: data.length - failed.length, failed };
}

export interface BulkTriage {
	/** Null takes it away; absent leaves it as it is. */
	departmentId?: number | null;
	assigneeId?: string | null;
	status?: IdeaStatus;
	reason?: string;
}

/**
 * Department, assignee and/or status for many ideas (the triage table's bulk action), each idea
 * checked against the version the list showed (`versions`, by id). Refused ideas come back with
 * their error codes (version_conflict: changed meanwhile; nothing_to_do: like that already).
 */
export async function bulkTriage(
	supabase: Supabase,
	ids: string[],
	versions: Map<string, number>,
	change: BulkTriage
): Promise<{ changed: number; failed: { id: string; code: string }[] }> {
	const patch: Record<string, unknown> = {};
	if (change.departmentId !== undefined) patch.department_id = change.departmentId;
	if (change.assigneeId !== undefined) patch.assignee_id = change.assigneeId;
	const known = ids.every((id) => versions.has(id));
	const { data, error } = await supabase.rpc('bulk_triage_ideas', {
		ideas: ids,
		patch: patch as Database['public']['Functions']['bulk_triage_ideas']['Args']['patch'],
		status: change.status,
		reason: change.reason,
		versions: known ? ids.map((id) => versions.get(id)!) : undefined
	});
	if (error) throw refused('bulk_triage_ideas', error);
	const failed = data.flatMap((row) =>
		row.error && row.idea_id ? [{ id: row.idea_id, code: row.error }] : []
	);
	return { changed: data.length - failed.length, failed };
}

/** How many ideas have waited longer than the answer target (at most 1,000; staff only). */
export async function overdueCount(supabase: Supabase): Promise<number> {
	const { data, error } = await supabase.rpc('staff_overdue_count');
	if (error) throw refused('staff_overdue_count', error);
	return data;
}
