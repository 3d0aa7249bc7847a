import { fail, redirect } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import { readRoundForm, roundSchema } from '$lib/schemas/rounds';
import { formFailure } from '$lib/server/db/errors';
import { listDistricts, listFieldsOfAction, offeredFields } from '$lib/server/db/reference';
import { listRounds, saveRound } from '$lib/server/db/rounds';
import { requireRole } from '$lib/server/hooks/auth-guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'staff');
	const { supabase, locale } = event.locals;
	const [rounds, fields, districts] = await Promise.all([
		listRounds(supabase),
		listFieldsOfAction(supabase, locale).then(offeredFields),
		listDistricts(supabase)
	]);
	return { rounds, fields, districts };
};

export const actions: Actions = {
	/** A new round starts as a draft; its page publishes it. */
	create: async (event) => {
		await requireRole(event, 'staff');
		const form = readRoundForm(await event.request.formData());
		const parsed = roundSchema.safeParse(form);
		if (!parsed.success) return fail(400, { values: form, issues: fieldIssues(parsed.error) });
		let id: string;
		try {
			id = await saveRound(event.locals.supabase, null, parsed.data);
		} catch (problem) {
			return formFailure('rounds', problem, { values: form });
		}
		redirect(303, `/verwaltung/beteiligung/${id}?angelegt`);
	}
};
