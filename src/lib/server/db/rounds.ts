import type { z } from 'zod';
import { PAGE_SIZE, PUBLIC_STATUSES } from '$lib/schemas/idea';
import type { roundSchema } from '$lib/schemas/rounds';
import { firstShownPhoto, type IdeaSummary } from './ideas';
import type { Supabase } from '../supabase';
import { DatabaseProblem, refused } from './errors';

/**
 * Participation rounds (Beteiligungsrunden, ADR 018): time-boxed calls by the town. RLS shows
 * published rounds to everyone and drafts to staff; round_state (draft, planned, open, closed) is
 * the database's, by the day in Europe/Berlin.
 */

export type RoundState = 'draft' | 'planned' | 'open' | 'closed';

export interface Round {
	id: string;
	title: string;
	question: string;
	/** First and last day (YYYY-MM-DD, Europe/Berlin, both inclusive). */
	startsOn: string;
	endsOn: string;
	districtId: number | null;
	/** The fields of action it asks about; empty: all. */
	fields: string[];
	state: RoundState;
}

const COLUMNS = `id, title, question, starts_on, ends_on, district_id, all_fields, round_state,
	fields:participation_round_fields(field_slug)`;

type RoundRow = {
	id: string;
	title: string;
	question: string;
	starts_on: string;
	ends_on: string;
	district_id: number | null;
	all_fields: boolean;
	round_state: string | null;
	fields: { field_slug: string }[];
};

function toRound(row: RoundRow): Round {
	return {
		id: row.id,
		title: row.title,
		question: row.question,
		startsOn: row.starts_on,
		endsOn: row.ends_on,
		districtId: row.district_id,
		fields: row.all_fields ? [] : row.fields.map((f) => f.field_slug).sort(),
		state: (row.round_state ?? 'draft') as RoundState
	};
}

/** Every round the caller may see, newest call first (the archive; staff also see drafts). */
export async function listRounds(supabase: Supabase): Promise<Round[]> {
	const { data, error } = await supabase
		.from('participation_rounds')
		.select(COLUMNS)
		.order('starts_on', { ascending: false })
		.order('created_at', { ascending: false });
	if (error) throw refused('participation_rounds', error);
	return (data as unknown as RoundRow[]).map(toRound);
}

/** The rounds open today, the one that ends first first: the calls to action. */
export async function listOpenRounds(supabase: Supabase): Promise<Round[]> {
	const { data, error } = await supabase
		.from('participation_rounds')
		.select(COLUMNS)
		.eq('round_state', 'open')
		.order('ends_on')
		.order('starts_on');
	if (error) throw refused('participation_rounds', error);
	return (data as unknown as RoundRow[]).map(toRound);
}

export async function getRound(supabase: Supabase, id: string): Promise<Round | null> {
	const { data, error } = await supabase
		.from('participation_rounds')
		.select(COLUMNS)
		.eq('id', id)
		.maybeSingle();
	if (error) throw refused('participation_rounds', error);
	return data ? toRound(data as unknown as RoundRow) : null;
}

/** Closed: submissions only in rounds and none open now; the first day of the next round, if any. */
export interface SubmissionWindow {
	closed: boolean;
	nextStartsOn: string | null;
}

export async function getSubmissionWindow(supabase: Supabase): Promise<SubmissionWindow> {
	const { data, error } = await supabase.rpc('submission_window').single();
	if (error) throw refused('submission_window', error);
	return { closed: data.closed, nextStartsOn: data.next_starts_on };
}

/**
 * One page of a round's public ideas, newest first (ideas_round_idx): a list of its own rather
 * than a filter of search_ideas, whose every path would have to learn it.
 */
export async function listRoundIdeas(
	supabase: Supabase,
	roundId: string,
	page: number
): Promise<{ ideas: IdeaSummary[]; hasMore: boolean; total: number }> {
	const { data, error, count } = await supabase
		.from('ideas')
		.select(
			`id, title, body, status, kind, field_slug, district_id, vote_count, comment_count, created_at,
			photos:idea_photos(id, alt_text, width, height, stored_at, hidden_at)`,
			{ count: 'exact' }
		)
		.eq('round_id', roundId)
		.in('status', PUBLIC_STATUSES)
		.order('created_at', { ascending: false })
		.order('id')
		.order('position', { referencedTable: 'idea_photos' })
		.range((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
	if (error) throw refused('ideas', error);
	return {
		ideas: data.slice(0, PAGE_SIZE).map((row) => ({
			id: row.id,
			title: row.title,
			// As search_ideas cuts it.
			excerpt: row.body.slice(0, 200),
			status: row.status,
			kind: row.kind,
			fieldSlug: row.field_slug,
			districtId: row.district_id,
			voteCount: row.vote_count,
			commentCount: row.comment_count,
			createdAt: row.created_at,
			distanceM: null,
			photo: firstShownPhoto(row.photos)
		})),
		hasMore: data.length > PAGE_SIZE,
		total: count ?? 0
	};
}

/** The round each of these ideas was submitted into (ideas without one are left out). */
export async function roundsOfIdeas(
	supabase: Supabase,
	ids: string[]
): Promise<Map<string, { id: string; title: string }>> {
	if (ids.length === 0) return new Map();
	const { data, error } = await supabase
		.from('ideas')
		.select('id, round:participation_rounds(id, title)')
		.in('id', ids)
		.not('round_id', 'is', null);
	if (error) throw refused('ideas', error);
	return new Map(data.flatMap((row) => (row.round ? [[row.id, row.round] as const] : [])));
}

/** Creates (no id) or changes a round and the fields it asks about; returns its id. */
export async function saveRound(
	supabase: Supabase,
	id: string | null,
	round: z.output<typeof roundSchema>
): Promise<string> {
	const { data, error } = await supabase.rpc('save_participation_round', {
		round_id: id as string,
		title: round.title,
		question: round.question,
		starts_on: round.startsOn,
		ends_on: round.endsOn,
		district_id: round.district as number,
		field_slugs: round.fields
	});
	if (error) throw refused('save_participation_round', error);
	return data;
}

/** Publishing (once) or closing early: the time is the server's. */
export async function markRound(supabase: Supabase, id: string, what: 'publish' | 'close') {
	const now = new Date().toISOString();
	const { error, count } = await supabase
		.from('participation_rounds')
		.update(what === 'publish' ? { published_at: now } : { closed_at: now }, { count: 'exact' })
		.eq('id', id)
		.is(what === 'publish' ? 'published_at' : 'closed_at', null);
	if (error) throw refused('participation_rounds update', error);
	if (!count) throw new DatabaseProblem('round_not_found', 404);
}

/** Only a draft can be deleted (RLS); a published round is closed instead. */
export async function deleteRound(supabase: Supabase, id: string) {
	const { error, count } = await supabase
		.from('participation_rounds')
		.delete({ count: 'exact' })
		.eq('id', id);
	if (error) throw refused('participation_rounds delete', error);
	if (!count) throw new DatabaseProblem('round_not_found', 404);
}
