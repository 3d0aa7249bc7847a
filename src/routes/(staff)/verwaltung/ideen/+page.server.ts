import { fieldIssues } from '$lib/schemas/issues';
import {
	bulkTriageSchema,
	formObject,
	parseTriageColumns,
	parseTriageView,
	rpcFilters,
	TRIAGE_COLUMNS,
	triageViewQuery
} from '$lib/schemas/staff';
import { requireUser } from '$lib/server/auth';
import { listDepartments, listDistricts, listFieldsOfAction } from '$lib/server/db/reference';
import { getAnswerTargetDays } from '$lib/server/db/settings';
import { bulkTriage, listStaffMembers } from '$lib/server/db/staff';
import { formFailure } from '$lib/server/db/errors';
import { listTriage } from '$lib/server/db/staff-triage';
import { requireConsoleRole } from '$lib/server/hooks/auth-guard';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

/** The chosen columns live in a cookie of the console (ADR 017): one choice per browser. */
const COLUMNS_COOKIE = 'triage_columns';

export const load: PageServerLoad = async (event) => {
	await requireConsoleRole(event);
	const { locals, url, cookies } = event;
	// The column choice is a GET form (it works without JavaScript): remembered, then the view's
	// own URL again, so the address stays the bookmarkable view.
	if (url.searchParams.has('columns')) {
		const chosen = new Set(url.searchParams.getAll('column'));
		cookies.set(COLUMNS_COOKIE, TRIAGE_COLUMNS.filter((c) => chosen.has(c)).join(','), {
			path: '/verwaltung',
			httpOnly: true,
			sameSite: 'lax',
			maxAge: 365 * 24 * 3600
		});
		const query = triageViewQuery(parseTriageView(url.searchParams));
		redirect(303, `/verwaltung/ideen${query ? `?${query}` : ''}#columns-heading`);
	}
	const user = await requireUser(event);
	const view = parseTriageView(url.searchParams);
	const [page, fields, districts, departments, staff, answerTargetDays] = await Promise.all([
		listTriage(locals.supabase, view, rpcFilters(view, user.id)),
		listFieldsOfAction(locals.supabase, locals.locale),
		listDistricts(locals.supabase),
		listDepartments(locals.supabase),
		listStaffMembers(locals.supabase),
		getAnswerTargetDays(locals.supabase)
	]);
	return {
		view,
		query: triageViewQuery(view),
		columns: parseTriageColumns(cookies.get(COLUMNS_COOKIE)),
		answerTargetDays,
		/** "Days open" counts to the moment the page was read (the same on server and client). */
		now: Date.now(),
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
		const form = await request.formData();
		const parsed = bulkTriageSchema.safeParse(formObject(form, ['ids']));
		if (!parsed.success) {
			const issues = fieldIssues(parsed.error);
			return fail(400, {
				problem: issues.ids ?? issues.reason ?? issues.status ?? 'staff.errors.generic'
			});
		}
		// Each row carries the version the table showed: an idea changed since is left alone.
		const versions = new Map<string, number>();
		for (const id of parsed.data.ids) {
			const version = Number(form.get(`version-${id}`));
			if (Number.isInteger(version) && version > 0) versions.set(id, version);
		}
		try {
			const { ids, department, assignee, status, reason } = parsed.data;
			const result = await bulkTriage(locals.supabase, ids, versions, {
				departmentId: department === '' ? undefined : department === 'none' ? null : department,
				assigneeId: assignee === '' ? undefined : assignee === 'none' ? null : assignee,
				status: status || undefined,
				reason
			});
			return {
				changed: result.changed,
				failed: result.failed.length,
				conflicts: result.failed.filter((f) => f.code === 'version_conflict').length
			};
		} catch (problem) {
			return formFailure('staff', problem);
		}
	}
};
