import { error, fail } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import {
	formObject,
	mergeSchema,
	noteSchema,
	respondSchema,
	triageSchema
} from '$lib/schemas/staff';
import { DatabaseProblem, formFailure } from '$lib/server/db/errors';
import { listSimilar } from '$lib/server/db/ideas';
import { listDepartments, listFieldsOfAction } from '$lib/server/db/reference';
import { listStaffMembers } from '$lib/server/db/staff';
import type { Supabase } from '$lib/server/supabase';
import {
	addInternalNote,
	getStaffIdea,
	listStaffEvents,
	mergeIdeas,
	nextStatuses,
	respondToIdea,
	triageIdea
} from '$lib/server/db/staff-triage';
import { requireConsoleRole } from '$lib/server/hooks/auth-guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireConsoleRole(event);
	const { locals, params } = event;
	const idea = await getStaffIdea(locals.supabase, params.id);
	if (!idea) error(404, 'idea_not_found');
	const next = await nextStatuses(locals.supabase, idea.status);
	const mergeable = next.includes('merged');
	const [events, duplicates, fields, departments, staff] = await Promise.all([
		listStaffEvents(locals.supabase, idea.id),
		mergeable ? listSimilar(locals.supabase, idea, 8) : Promise.resolve([]),
		listFieldsOfAction(locals.supabase, locals.locale),
		listDepartments(locals.supabase),
		listStaffMembers(locals.supabase)
	]);
	return {
		idea,
		events,
		duplicates,
		fields,
		departments,
		staff,
		next,
		mergeable
	};
};

/**
 * A stale version: nothing was written. The editor gets the idea as it is now, so they can see
 * what changed and decide; their own input stays in the form.
 */
async function conflictOrRefusal(supabase: Supabase, id: string, problem: unknown, form: string) {
	if (problem instanceof DatabaseProblem && problem.code === 'version_conflict') {
		const current = await getStaffIdea(supabase, id);
		return fail(409, { form, conflict: current });
	}
	return formFailure('staff', problem, { form });
}

export const actions: Actions = {
	respond: async ({ request, locals, params }) => {
		const raw = formObject(await request.formData());
		const parsed = respondSchema.safeParse(raw);
		if (!parsed.success) {
			return fail(400, {
				form: 'respond',
				issues: fieldIssues(parsed.error),
				answer: String(raw.answer ?? '')
			});
		}
		try {
			await respondToIdea(locals.supabase, { id: params.id, ...parsed.data });
			return { form: 'respond', saved: true };
		} catch (problem) {
			return conflictOrRefusal(locals.supabase, params.id, problem, 'respond');
		}
	},

	triage: async ({ request, locals, params }) => {
		const parsed = triageSchema.safeParse(formObject(await request.formData()));
		if (!parsed.success) return fail(400, { form: 'triage', issues: fieldIssues(parsed.error) });
		const { department, assignee, priority, field, tags, version } = parsed.data;
		try {
			await triageIdea(
				locals.supabase,
				params.id,
				{
					department_id: department === '' ? null : department,
					assignee_id: assignee === '' ? null : assignee,
					priority: priority === '' ? null : priority,
					field_slug: field,
					tags
				},
				version
			);
			return { form: 'triage', saved: true };
		} catch (problem) {
			return conflictOrRefusal(locals.supabase, params.id, problem, 'triage');
		}
	},

	note: async ({ request, locals, params }) => {
		const parsed = noteSchema.safeParse(formObject(await request.formData()));
		if (!parsed.success) return fail(400, { form: 'note', issues: fieldIssues(parsed.error) });
		try {
			await addInternalNote(locals.supabase, params.id, parsed.data.body);
			return { form: 'note', saved: true };
		} catch (problem) {
			return formFailure('staff', problem, { form: 'note' });
		}
	},

	merge: async ({ request, locals, params }) => {
		const parsed = mergeSchema.safeParse(formObject(await request.formData()));
		if (!parsed.success) return fail(400, { form: 'merge', issues: fieldIssues(parsed.error) });
		try {
			await mergeIdeas(locals.supabase, { source: params.id, ...parsed.data });
			return { form: 'merge', saved: true };
		} catch (problem) {
			return conflictOrRefusal(locals.supabase, params.id, problem, 'merge');
		}
	}
};
