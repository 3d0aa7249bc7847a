import { fail } from '@sveltejs/kit';
import { settingsSchema } from '$lib/schemas/admin';
import { fieldIssues } from '$lib/schemas/issues';
import { requireRole } from '$lib/server/hooks/auth-guard';
import { formFailure } from '$lib/server/db/errors';
import { getEditableSettings, saveSettings } from '$lib/server/db/settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'admin');
	return { settings: await getEditableSettings(event.locals.supabase) };
};

export const actions: Actions = {
	default: async (event) => {
		await requireRole(event, 'admin');
		const form = Object.fromEntries(await event.request.formData());
		const parsed = settingsSchema.safeParse(form);
		if (!parsed.success) return fail(400, { values: form, issues: fieldIssues(parsed.error) });
		try {
			await saveSettings(event.locals.supabase, parsed.data);
		} catch (problem) {
			return formFailure('admin', problem, { values: form });
		}
		return { saved: true };
	}
};
