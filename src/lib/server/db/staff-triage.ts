import type { Database } from '$lib/types/database';
import { TRIAGE_PAGE_SIZE, type TriageView } from '$lib/schemas/staff';
import type { IdeaStatus } from '$lib/schemas/idea';
import type { Supabase } from '../supabase';
import { refused } from './errors';

type Enums = Database['public']['Enums'];
type Json = Database['public']['Tables']['idea_events']['Row']['details'];

export interface TriageRow {
	id: string;
	title: string;
	status: IdeaStatus;
	kind: Enums['idea_kind'];
	field_slug: string;
	district_id: number | null;
	department_id: number | null;
	assignee_id: string | null;
	priority: Enums['idea_priority'] | null;
	tags: string[];
	vote_count: number;
	comment_count: number;
	created_at: string;
	status_changed_at: string;
	version: number;
	/** Published or under review without an official answer yet (ADR 017). */
	awaiting: boolean;
}

/** One page of the triage table through staff_list_ideas (staff only; indexes serve the filters). */
export async function listTriage(
	supabase: Supabase,
	view: TriageView,
	filters: Record<string, unknown>
): Promise<{ total: number; more: boolean; rows: TriageRow[] }> {
	const { data, error } = await supabase.rpc('staff_list_ideas', {
		filters: filters as Database['public']['Functions']['staff_list_ideas']['Args']['filters'],
		sort: view.sort,
		descending: view.dir === 'desc',
		page_size: TRIAGE_PAGE_SIZE,
		skip: (view.page - 1) * TRIAGE_PAGE_SIZE
	});
	if (error) throw refused('staff_list_ideas', error);
	const result = data as unknown as { total: number; more: boolean; items: TriageRow[] };
	return { total: result.total, more: result.more, rows: result.items };
}

export interface StaffIdea {
	id: string;
	title: string;
	body: string;
	placeHint: string;
	kind: Enums['idea_kind'];
	status: IdeaStatus;
	statusReason: string | null;
	mergedInto: string | null;
	fieldSlug: string;
	district: string | null;
	departmentId: number | null;
	assigneeId: string | null;
	priority: Enums['idea_priority'] | null;
	tags: string[];
	voteCount: number;
	commentCount: number;
	/** Null for an idea that concerns the whole town. */
	lat: number | null;
	lng: number | null;
	version: number;
	createdAt: string;
	author: string | null;
}

/** The statuses an idea in `status` may go to next (the database's lifecycle). */
export async function nextStatuses(supabase: Supabase, status: IdeaStatus): Promise<IdeaStatus[]> {
	const { data, error } = await supabase.rpc('idea_next_statuses', { from_status: status });
	if (error) throw refused('idea_next_statuses', error);
	return data;
}

/** An idea with its triage fields, as staff see it (staff_ideas: moderators and up). */
export async function getStaffIdea(supabase: Supabase, id: string): Promise<StaffIdea | null> {
	const { data, error } = await supabase
		.from('staff_ideas')
		.select(
			`id, title, body, place_hint, kind, status, status_reason, merged_into, field_slug, department_id,
			assignee_id, priority, tags, vote_count, comment_count, lat, lng, version, created_at,
			district:districts(name), author:profiles!ideas_author_id_fkey(display_name)`
		)
		.eq('id', id)
		.maybeSingle();
	if (error) throw new Error(`ideas: ${error.message}`);
	if (!data) return null;
	return {
		id: data.id,
		title: data.title,
		body: data.body,
		placeHint: data.place_hint,
		kind: data.kind,
		status: data.status,
		statusReason: data.status_reason,
		mergedInto: data.merged_into,
		fieldSlug: data.field_slug,
		district: data.district?.name ?? null,
		departmentId: data.department_id,
		assigneeId: data.assignee_id,
		priority: data.priority,
		tags: data.tags,
		voteCount: data.vote_count,
		commentCount: data.comment_count,
		lat: data.lat,
		lng: data.lng,
		version: data.version,
		createdAt: data.created_at,
		author: data.author?.display_name ?? null
	};
}

export interface StaffEvent {
	id: number;
	kind: Enums['idea_event_kind'];
	isInternal: boolean;
	fromStatus: IdeaStatus | null;
	toStatus: IdeaStatus | null;
	body: string | null;
	details: Json;
	actor: string | null;
	createdAt: string;
}

/** The whole history, internal notes and triage changes included (RLS: staff only). */
export async function listStaffEvents(supabase: Supabase, ideaId: string): Promise<StaffEvent[]> {
	const { data, error } = await supabase
		.from('idea_events')
		.select(
			'id, kind, is_internal, from_status, to_status, body, details, created_at, actor:profiles(display_name)'
		)
		.eq('idea_id', ideaId)
		.order('created_at', { ascending: false })
		.order('id', { ascending: false });
	if (error) throw new Error(`idea_events: ${error.message}`);
	return data.map((row) => ({
		id: row.id,
		kind: row.kind,
		isInternal: row.is_internal,
		fromStatus: row.from_status,
		toStatus: row.to_status,
		body: row.body,
		details: row.details,
		actor: row.actor?.display_name ?? null,
		createdAt: row.created_at
	}));
}

export interface IdeaSave {
	status: IdeaStatus;
	triage: {
		department_id: number | null;
		assignee_id: string | null;
		priority: Enums['idea_priority'] | null;
		field_slug: string;
		tags: string[];
	};
	answer?: string;
	note?: string;
	version: number;
}

/** One save of the staff idea page: all of it in one transaction, checked against `version`. */
export async function saveIdea(supabase: Supabase, id: string, save: IdeaSave): Promise<void> {
	const { error } = await supabase.rpc('staff_save_idea', {
		idea: id,
		expected_version: save.version,
		status: save.status,
		triage:
			save.triage as unknown as Database['public']['Functions']['staff_save_idea']['Args']['triage'],
		answer: save.answer,
		note: save.note
	});
	if (error) throw refused('staff_save_idea', error);
}

export async function mergeIdeas(
	supabase: Supabase,
	args: { source: string; target: string; reason?: string; version: number }
): Promise<void> {
	const { error } = await supabase.rpc('merge_ideas', {
		source: args.source,
		target: args.target,
		reason: args.reason,
		expected_version: args.version
	});
	if (error) throw refused('merge_ideas', error);
}

/** The names the history speaks of, by id: people (assignees) and ideas (merge partners). */
export interface HistoryNames {
	people: Record<string, string>;
	ideas: Record<string, string>;
}

/**
 * Names and titles for the ids a history's events hold (assignee_id of a triage, into/from of a
 * merge), so the history never shows a raw id: a former staff member keeps their name there.
 */
export async function historyNames(
	supabase: Supabase,
	events: StaffEvent[]
): Promise<HistoryNames> {
	const people = new Set<string>();
	const ideas = new Set<string>();
	for (const event of events) {
		const details = (event.details ?? {}) as Record<string, unknown>;
		if (event.kind === 'triage' && typeof details.assignee_id === 'string')
			people.add(details.assignee_id);
		if (event.kind === 'merge')
			for (const key of ['into', 'from'])
				if (typeof details[key] === 'string') ideas.add(details[key] as string);
	}
	const [profiles, titles] = await Promise.all([
		people.size
			? supabase
					.from('profiles')
					.select('id, display_name')
					.in('id', [...people])
			: Promise.resolve({ data: [], error: null }),
		ideas.size
			? supabase
					.from('staff_ideas')
					.select('id, title')
					.in('id', [...ideas])
			: Promise.resolve({ data: [], error: null })
	]);
	if (profiles.error) throw new Error(`profiles: ${profiles.error.message}`);
	if (titles.error) throw new Error(`staff_ideas: ${titles.error.message}`);
	return {
		people: Object.fromEntries(
			(profiles.data ?? []).map((row) => [row.id, row.display_name ?? ''])
		),
		ideas: Object.fromEntries((titles.data ?? []).map((row) => [row.id!, row.title!]))
	};
}
