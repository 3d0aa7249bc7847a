import type { MessageKey } from '$lib/i18n';
import type { Submission } from '$lib/schemas/submission';
import type { Database } from '$lib/types/database';
import { refused } from './errors';
import type { Supabase } from '../supabase';

export interface SubmittedIdea {
	id: string;
	status: Database['public']['Enums']['idea_status'];
	/** Stored, but its photos were refused (after the idea was): why, for the thank-you page. */
	photoProblem?: MessageKey;
}

/** Whether the visitor's idea with this id is stored already (a replay of its submission). */
export async function ownIdeaStored(supabase: Supabase, id: string): Promise<boolean> {
	const { count, error } = await supabase
		.from('ideas')
		.select('id', { count: 'exact', head: true })
		.eq('id', id);
	if (error) throw refused('ideas', error);
	return (count ?? 0) > 0;
}

/**
 * submit_idea as the visitor. Idempotent by `id`: a retry of the same draft returns the idea the
 * first attempt made (in whatever status it now has) instead of adding a second one.
 */
export async function submitIdea(supabase: Supabase, input: Submission): Promise<SubmittedIdea> {
	const { data, error } = await supabase.rpc('submit_idea', {
		id: input.id,
		title: input.title,
		body: input.body,
		place_hint: input.placeHint,
		// Null for a town-wide idea, which submit_idea takes (its generated type has no nullable
		// arguments).
		lat: input.lat as number,
		lng: input.lng as number,
		field_slug: input.field,
		kind: input.kind,
		need_type: input.needType,
		// Null: the database picks the open round that fits, if any (its generated type has no
		// nullable arguments).
		round_id: input.round as string
	});
	if (error) throw refused('submit_idea', error);
	return { id: data.id, status: data.status };
}

/** The daily limit of ideas, reached: its size and when the next idea may be submitted. */
export interface LimitReached {
	limit: number;
	/** ISO time at which the oldest idea of the day leaves the window. */
	nextAt: string;
}

/**
 * Whether the visitor has reached the daily limit of ideas (settings.limit_ideas_per_day), counted
 * as submit_idea counts it: the wizard says so when it opens, not at the last step. Null when not
 * reached or no limit applies. The database still checks on submit.
 */
export async function ideaLimitReached(supabase: Supabase): Promise<LimitReached | null> {
	const { data, error } = await supabase.rpc('idea_allowance').maybeSingle();
	if (error) throw refused('idea_allowance', error);
	if (!data || data.used < data.day_limit || !data.next_at) return null;
	return { limit: data.day_limit, nextAt: data.next_at };
}
