import type { RequestEvent } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { readReportFilters, type ReportFilters } from '$lib/schemas/council-report';
import { fieldIssues } from '$lib/schemas/issues';
import { listDepartments, listFieldsOfAction } from '../db/reference';
import { requireRole } from '../hooks/auth-guard';

/**
 * What the dashboard and the status report share: staff only; the filters from the query string
 * (zod at the edge: a wrong value is shown with its problem and nothing is counted); the choices
 * of the filter form.
 */
export async function reportContext(event: RequestEvent) {
	await requireRole(event, 'staff');
	const { locals, url } = event;
	const [fields, departments] = await Promise.all([
		listFieldsOfAction(locals.supabase, locals.locale),
		listDepartments(locals.supabase)
	]);
	const parsed = readReportFilters(url.searchParams);
	const values = Object.fromEntries(
		['von', 'bis', 'feld', 'fachbereich'].map((key) => [key, url.searchParams.get(key) ?? ''])
	);
	const filters: ReportFilters | null = parsed.success ? parsed.data : null;
	const issues: Partial<Record<string, MessageKey>> = parsed.success
		? {}
		: fieldIssues(parsed.error);
	return {
		filters,
		values,
		issues,
		fields: fields.map(({ slug, name }) => ({ slug, name })),
		departments: departments.map(({ id, name }) => ({ id, name })),
		fieldNames: Object.fromEntries(fields.map((f) => [f.slug, f.name]))
	};
}
