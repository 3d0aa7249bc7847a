import { fail } from '@sveltejs/kit';
import { goalSchema, goalUpdateSchema, idSchema, measureSchema } from '$lib/schemas/agenda';
import { fieldIssues } from '$lib/schemas/issues';
import { loadAgenda } from '$lib/server/db/agenda';
import { requireRole } from '$lib/server/hooks/auth-guard';
import { formFailure } from '$lib/server/db/errors';
import { createGoal, createMeasure, deleteGoal, updateGoal } from '$lib/server/db/agenda-write';
import { listDepartments } from '$lib/server/db/reference';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'staff');
	const { locals } = event;
	const [fields, departments] = await Promise.all([
		loadAgenda(locals.supabase, locals.locale),
		listDepartments(locals.supabase)
	]);
	return { fields, departments };
};

export const actions: Actions = {
	createGoal: async (event) => {
		await requireRole(event, 'staff');
		const form = Object.fromEntries(await event.request.formData());
		const parsed = goalSchema.safeParse(form);
		if (!parsed.success)
			return fail(400, { goalForm: form, goalIssues: fieldIssues(parsed.error) });
		try {
			await createGoal(event.locals.supabase, parsed.data);
		} catch (problem) {
			return formFailure('agenda', problem, { goalForm: form });
		}
		return { goalCreated: parsed.data.title };
	},

	updateGoal: async (event) => {
		await requireRole(event, 'staff');
		const form = Object.fromEntries(await event.request.formData());
		const parsed = goalUpdateSchema.safeParse(form);
		if (!parsed.success)
			return fail(400, { goalEditForm: form, goalEditIssues: fieldIssues(parsed.error) });
		try {
			await updateGoal(event.locals.supabase, parsed.data);
		} catch (problem) {
			return formFailure('agenda', problem, { goalEditForm: form });
		}
		return { goalSaved: parsed.data.title };
	},

	/** Its measures stay, without a goal (goal_id → null); their links to ideas stay. */
	deleteGoal: async (event) => {
		await requireRole(event, 'staff');
		const form = await event.request.formData();
		const parsed = idSchema.safeParse(Object.fromEntries(form));
		if (!parsed.success) return fail(400, { problem: 'agenda.errors.invalid' as const });
		// First the impact (the page counts it from what it shows), then the confirmed delete.
		if (form.get('confirm') !== 'yes') return { confirmGoal: parsed.data.id };
		try {
			await deleteGoal(event.locals.supabase, parsed.data.id);
		} catch (problem) {
			return formFailure('agenda', problem);
		}
		return { goalDeleted: true };
	},

	createMeasure: async (event) => {
		await requireRole(event, 'staff');
		const form = Object.fromEntries(await event.request.formData());
		const parsed = measureSchema.safeParse(form);
		if (!parsed.success)
			return fail(400, { measureForm: form, measureIssues: fieldIssues(parsed.error) });
		try {
			const id = await createMeasure(event.locals.supabase, parsed.data);
			return { measureCreated: id };
		} catch (problem) {
			return formFailure('agenda', problem, { measureForm: form });
		}
	}
};
