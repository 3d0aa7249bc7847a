import { fail } from '@sveltejs/kit';
import { cannedReasonSchema, deleteSchema } from '$lib/schemas/admin';
import { fieldIssues } from '$lib/schemas/issues';
import { deleteCannedReason, listCannedReasons, saveCannedReason } from '$lib/server/db/canned';
import { formFailure } from '$lib/server/db/errors';
import { requireRole } from '$lib/server/hooks/auth-guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'admin');
	return { reasons: await listCannedReasons(event.locals.supabase) };
};

export const actions: Actions = {
	save: async (event) => {
		await requireRole(event, 'admin');
		const values = Object.fromEntries(
			[...(await event.request.formData())].filter(([, v]) => typeof v === 'string')
		) as Record<string, string>;
		const form = values.id || 'new';
		const parsed = cannedReasonSchema.safeParse(values);
		if (!parsed.success) return fail(400, { form, values, issues: fieldIssues(parsed.error) });
		try {
			await saveCannedReason(event.locals.supabase, parsed.data);
		} catch (problem) {
			return formFailure('admin', problem, { form, values });
		}
		return { saved: form };
	},

	delete: async (event) => {
		await requireRole(event, 'admin');
		const parsed = deleteSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { problem: 'admin.errors.invalid' as const });
		try {
			await deleteCannedReason(event.locals.supabase, parsed.data.id);
		} catch (problem) {
			return formFailure('admin', problem);
		}
		return { deleted: true };
	}
};
