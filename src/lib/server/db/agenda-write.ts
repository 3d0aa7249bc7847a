import type { z } from 'zod';
import type { goalSchema, goalUpdateSchema, measureSchema } from '$lib/schemas/agenda';
import { DatabaseProblem, refused } from './errors';
import type { Supabase } from '../supabase';

export async function createGoal(supabase: Supabase, goal: z.output<typeof goalSchema>) {
	const { error } = await supabase.from('goals').insert(goal);
	if (error) throw refused('goals insert', error);
}

/** Moving a goal to another field of action moves its measures along (trigger on measures). */
export async function updateGoal(supabase: Supabase, goal: z.output<typeof goalUpdateSchema>) {
	const { id, ...fields } = goal;
	const { error, count } = await supabase
		.from('goals')
		.update(fields, { count: 'exact' })
		.eq('id', id);
	if (error) throw refused('goals update', error);
	if (!count) throw new DatabaseProblem('goal_not_found', 404);
}

/** Deleting a goal keeps its measures (goal_id → null): they move to "without goal". */
export async function deleteGoal(supabase: Supabase, id: string) {
	const { error, count } = await supabase.from('goals').delete({ count: 'exact' }).eq('id', id);
	if (error) throw refused('goals delete', error);
	if (!count) throw new DatabaseProblem('goal_not_found', 404);
}

export async function createMeasure(
	supabase: Supabase,
	measure: z.output<typeof measureSchema>
): Promise<string> {
	const { data, error } = await supabase
		.from('measures')
		.insert({ ...measure, field_slug: await goalField(supabase, measure) })
		.select('id')
		.single();
	if (error) throw refused('measures insert', error);
	return data!.id;
}

/** A measure under a goal belongs to the goal's field of action, whatever the form said. */
async function goalField(supabase: Supabase, measure: z.output<typeof measureSchema>) {
	if (!measure.goal_id) return measure.field_slug;
	const { data, error } = await supabase
		.from('goals')
		.select('field_slug')
		.eq('id', measure.goal_id)
		.maybeSingle();
	if (error) throw refused('goals', error);
	if (!data) throw new DatabaseProblem('goal_not_found', 400);
	return data.field_slug;
}

/** update_measure with the version the editor loaded: a stale edit gets version_conflict. */
export async function updateMeasure(
	supabase: Supabase,
	id: string,
	patch: z.output<typeof measureSchema>,
	expectedVersion: number
) {
	const { error } = await supabase.rpc('update_measure', {
		measure: id,
		patch: { ...patch, field_slug: await goalField(supabase, patch) },
		expected_version: expectedVersion
	});
	if (error) throw refused('update_measure', error);
}

/**
 * remove_measure(): a measure that ideas point at is archived as dropped, one without is deleted
 * with its details (ADR 014). Says which.
 */
export async function removeMeasure(
	supabase: Supabase,
	id: string
): Promise<'dropped' | 'deleted'> {
	const { data, error } = await supabase.rpc('remove_measure', { measure: id });
	if (error) throw refused('remove_measure', error);
	return data === 'dropped' ? 'dropped' : 'deleted';
}

export async function linkIdea(supabase: Supabase, measure: string, idea: string, linked: boolean) {
	const { error } = await supabase.rpc('link_idea_to_measure', { idea, measure, linked });
	if (error) throw refused('link_idea_to_measure', error);
}
