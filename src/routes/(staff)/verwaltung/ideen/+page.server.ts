import { fieldIssues } from '$lib/schemas/issues';
import {
	bulkStatusSchema,
	formObject,
	parseTriageView,
	rpcFilters,
	triageViewQuery
} from '$lib/schemas/staff';
import { requireUser } from '$lib/server/auth';
import { listDepartments, listDistricts, listFieldsOfAction } from '$lib/server/db/reference';
import { bulkSetStatus, listStaffMembers } from '$lib/server/db/staff';
import { formFailure } from '$lib/server/db/errors';
import { listTriage } from '$lib/server/db/staff-triage';
import { requireConsoleRole } from '$lib/server/hooks/auth-guard';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireConsoleRole(event);
	const { locals, url } = event;
	const user = await requireUser(event);
	const view = parseTriageView(url.searchParams);
	const [page, fields, districts, departments, staff] = await Promise.all([
		listTriage(locals.supabase, view, rpcFilters(view, user.id)),
		listFieldsOfAction(locals.supabase, locals.locale),
		listDistricts(locals.supabase),
		listDepartments(locals.supabase),
		listStaffMembers(locals.supabase)
	]);
	return {
		view,
		query: triageViewQuery(view),
		total: page.total,
		more: page.more,
		rows: page.rows,
		fields,
		districts,
		departments,
		staff
	};
};

export const actions: Actions = {
	bulk: async ({ request, locals }) => {
		const parsed = bulkStatusSchema.safeParse(formObject(await request.formData(), ['ids']));
		if (!parsed.success) {
			const issues = fieldIssues(parsed.error);
			return fail(400, {
				problem: issues.ids ?? issues.reason ?? issues.status ?? 'staff.errors.generic'
			});
		}
		try {
			const { ids, status, reason } = parsed.data;
			const result = await bulkSetStatus(locals.supabase, ids, status, reason);
			return { changed: result.changed, failed: result.failed.length };
		} catch (problem) {
			return formFailure('staff', problem);
		}
	}
};
