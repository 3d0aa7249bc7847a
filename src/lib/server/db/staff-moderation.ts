import type { Database } from '$lib/types/database';
import type { Supabase } from '../supabase';
import { refused } from './errors';
import {
	byPosition,
	STAFF_PHOTO_COLUMNS,
	type StaffPhoto,
	type StaffPhotoRow
} from './staff-photos';

type Enums = Database['public']['Enums'];

export interface QueuedIdea {
	id: string;
	title: string;
	excerpt: string;
	placeHint: string;
	kind: Enums['idea_kind'];
	createdAt: string;
	author: string | null;
	/** Every photo, so they are checked before the idea is approved (hidden ones marked). */
	photos: StaffPhoto[];
}

const MAX_QUEUE = 200;

/** Ideas awaiting approval (pre-moderation), oldest first: first in, first reviewed. */
export async function listAwaitingIdeas(supabase: Supabase): Promise<QueuedIdea[]> {
	const { data, error } = await supabase
		.from('ideas')
		.select(
			`id, title, body, place_hint, kind, created_at,
			author:profiles!ideas_author_id_fkey(display_name),
			photos:idea_photos(${STAFF_PHOTO_COLUMNS})`
		)
		.eq('status', 'submitted')
		.order('created_at')
		.limit(MAX_QUEUE);
	if (error) throw new Error(`ideas: ${error.message}`);
	return data.map((row) => ({
		id: row.id,
		title: row.title,
		excerpt: row.body.length > 300 ? `${row.body.slice(0, 297).trimEnd()}…` : row.body,
		placeHint: row.place_hint,
		kind: row.kind,
		createdAt: row.created_at,
		author: row.author?.display_name ?? null,
		photos: byPosition(row.photos as StaffPhotoRow[])
	}));
}

export interface HiddenIdea {
	id: string;
	title: string;
	reason: string | null;
}

/** The most recently hidden ideas, so a moderator can undo a hide. */
export async function listHiddenIdeas(supabase: Supabase): Promise<HiddenIdea[]> {
	const { data, error } = await supabase
		.from('ideas')
		.select('id, title, status_reason')
		.eq('status', 'hidden')
		.order('status_changed_at', { ascending: false })
		.limit(20);
	if (error) throw new Error(`ideas: ${error.message}`);
	return data.map((row) => ({ id: row.id, title: row.title, reason: row.status_reason }));
}

export interface ReportedTarget {
	/** `idea:<id>`, `comment:<id>` or `photo:<id>`: one entry per reported thing. */
	key: string;
	kind: 'idea' | 'comment' | 'photo';
	id: string;
	ideaId: string;
	ideaTitle: string;
	/** The comment's text, the idea's beginning, or the photo's alt text. */
	text: string;
	/** The reported photo (kind `photo`), to be looked at. */
	photo: StaffPhoto | null;
	hidden: boolean;
	hiddenReason: string | null;
	reportIds: string[];
	reasons: { reason: Enums['report_reason']; count: number }[];
	notes: string[];
	firstReportedAt: string;
}

/** Open reports grouped per reported idea, comment or photo, most reported first. */
export async function listReportedTargets(supabase: Supabase): Promise<ReportedTarget[]> {
	const { data, error } = await supabase
		.from('reports')
		.select(
			`id, reason, note, created_at,
			idea:ideas(id, title, body, status, status_reason),
			comment:comments(id, body, status, hidden_reason, idea:ideas(id, title)),
			photo:idea_photos(${STAFF_PHOTO_COLUMNS}, idea:ideas(id, title))`
		)
		.eq('status', 'open')
		.order('created_at')
		.limit(1000);
	if (error) throw new Error(`reports: ${error.message}`);
	const targets = new Map<string, ReportedTarget>();
	for (const row of data) {
		const target = row.photo
			? {
					key: `photo:${row.photo.id}`,
					kind: 'photo' as const,
					id: row.photo.id,
					ideaId: row.photo.idea?.id ?? row.photo.idea_id,
					ideaTitle: row.photo.idea?.title ?? '',
					text: row.photo.alt_text,
					hidden: row.photo.hidden_at !== null,
					hiddenReason: row.photo.hidden_at ? row.photo.hidden_reason : null,
					photo: byPosition([row.photo])[0] ?? null
				}
			: row.comment
				? {
						key: `comment:${row.comment.id}`,
						kind: 'comment' as const,
						id: row.comment.id,
						ideaId: row.comment.idea?.id ?? '',
						ideaTitle: row.comment.idea?.title ?? '',
						text: row.comment.body,
						hidden: row.comment.status === 'hidden',
						hiddenReason: row.comment.hidden_reason,
						photo: null
					}
				: row.idea
					? {
							key: `idea:${row.idea.id}`,
							kind: 'idea' as const,
							id: row.idea.id,
							ideaId: row.idea.id,
							ideaTitle: row.idea.title,
							text: row.idea.body.slice(0, 300),
							hidden: row.idea.status === 'hidden',
							hiddenReason: row.idea.status === 'hidden' ? row.idea.status_reason : null,
							photo: null
						}
					: null;
		if (!target) continue;
		const entry = targets.get(target.key) ?? {
			...target,
			reportIds: [],
			reasons: [],
			notes: [],
			firstReportedAt: row.created_at
		};
		entry.reportIds.push(row.id);
		const reason = entry.reasons.find((r) => r.reason === row.reason);
		if (reason) reason.count++;
		else entry.reasons.push({ reason: row.reason, count: 1 });
		if (row.note) entry.notes.push(row.note);
		targets.set(target.key, entry);
	}
	return [...targets.values()].sort((a, b) => b.reportIds.length - a.reportIds.length);
}

export async function restoreIdea(supabase: Supabase, id: string): Promise<void> {
	const { error } = await supabase.rpc('restore_idea', { idea: id });
	if (error) throw refused('restore_idea', error);
}

export async function setCommentHidden(
	supabase: Supabase,
	comment: string,
	hidden: boolean,
	reason?: string
): Promise<void> {
	const { error } = await supabase.rpc('set_comment_hidden', { comment, hidden, reason });
	if (error) throw refused('set_comment_hidden', error);
}

/** Closes every open report on one target at once: they are one decision. */
export async function resolveReports(
	supabase: Supabase,
	reports: string[],
	status: 'resolved' | 'dismissed'
): Promise<void> {
	for (const report of reports) {
		const { error } = await supabase.rpc('resolve_report', { report, status });
		if (error) throw refused('resolve_report', error);
	}
}
