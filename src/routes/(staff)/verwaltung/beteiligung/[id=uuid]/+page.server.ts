import { error, fail, redirect } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import { readRoundForm, roundSchema } from '$lib/schemas/rounds';
import { formFailure } from '$lib/server/db/errors';
import { listDistricts, listFieldsOfAction } from '$lib/server/db/reference';
import { deleteRound, getRound, markRound, saveRound } from '$lib/server/db/rounds';
import { requireRole } from '$lib/server/hooks/auth-guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'staff');
	const { locals, params, url } = event;
	const [round, fields, districts] = await Promise.all([
		getRound(locals.supabase, params.id),
		listFieldsOfAction(locals.supabase, locals.locale),
		listDistricts(locals.supabase)
	]);
	if (!round) error(404, 'round_not_found');
	return { round, fields, districts, created: url.searchParams.has('angelegt') };
};

export const actions: Actions = {
	save: async (event) => {
		await requireRole(event, 'staff');
		const form = readRoundForm(await event.request.formData());
		const parsed = roundSchema.safeParse(form);
		if (!parsed.success) return fail(400, { values: form, issues: fieldIssues(parsed.error) });
		try {
			await saveRound(event.locals.supabase, event.params.id, parsed.data);
		} catch (problem) {
			return formFailure('rounds', problem, { values: form });
		}
		return { done: 'saved' as const };
	},

	publish: async (event) => {
		await requireRole(event, 'staff');
		try {
			await markRound(event.locals.supabase, event.params.id, 'publish');
		} catch (problem) {
			return formFailure('rounds', problem);
		}
		return { done: 'published' as const };
	},

	close: async (event) => {
		await requireRole(event, 'staff');
		try {
			await markRound(event.locals.supabase, event.params.id, 'close');
		} catch (problem) {
			return formFailure('rounds', problem);
		}
		return { done: 'closed' as const };
	},

	delete: async (event) => {
		await requireRole(event, 'staff');
		try {
			await deleteRound(event.locals.supabase, event.params.id);
		} catch (problem) {
			return formFailure('rounds', problem);
		}
		redirect(303, '/verwaltung/beteiligung');
	}
};
