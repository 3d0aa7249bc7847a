import type { Submission } from '$lib/schemas/submission';
import type { Database } from '$lib/types/database';
import { refused } from './errors';
import type { Supabase } from '../supabase';

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
		body: input.body,
		place_hint: input.placeHint,
		lat: input.lat,
		lng: input.lng,
		field_slug: input.field,
		kind: input.kind,
		need_type: input.needType
	});
	if (error) throw refused('submit_idea', error);
	return { id: data.id, status: data.status };
}
