import { auditFilterSchema } from '$lib/schemas/admin';
import { requireRole } from '$lib/server/hooks/auth-guard';
import { auditFacets, auditLog, type AuditFilter } from '$lib/server/db/admin';
import { atLocalHour } from '$lib/notifications/schedule';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

/** Midnight in the town at the start of a date (YYYY-MM-DD), `days` later. */
function midnight(date: string, days = 0): string {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	const shifted = new Date(Date.UTC(year, month - 1, day + days));
	return atLocalHour(
		{
			year: shifted.getUTCFullYear(),
			month: shifted.getUTCMonth() + 1,
			day: shifted.getUTCDate()
		},
		0
	).toISOString();
}

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'admin');
	const { supabase } = event.locals;
	const parsed = auditFilterSchema.safeParse(Object.fromEntries(event.url.searchParams));
	const values = parsed.success ? parsed.data : {};
	const filter: AuditFilter = {
		person: values.person,
		table: values.table,
		id: values.id,
		action: values.what,
		since: values.from && midnight(values.from),
		until: values.to && midnight(values.to, 1),
		before: values.before
	};
	const [page, facets] = await Promise.all([
		auditLog(supabase, filter, PAGE_SIZE),
		auditFacets(supabase)
	]);
	// The link to the next page keeps the filters and pages on from the last row shown.
	const next = new URLSearchParams(event.url.searchParams);
	if (page.next) next.set('before', String(page.next));
	return {
		invalid: !parsed.success,
		values: {
			person: values.person ?? '',
			table: values.table ?? '',
			id: values.id ?? '',
			what: values.what ?? '',
			from: values.from ?? '',
			to: values.to ?? ''
		},
		paged: values.before !== undefined,
		rows: page.rows,
		next: page.next ? String(next) : null,
		facets
	};
};
