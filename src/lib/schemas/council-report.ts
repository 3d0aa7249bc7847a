import { z } from './zod';
import { issue } from './issues';

const day = z.iso.date(issue('dashboard.filters.dateInvalid'));
const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

/**
 * The filters of the dashboard and the status report, from the query string of their GET form:
 * a period (von, bis: days in Europe/Berlin, both included), a field of action, a department.
 */
export const reportFilterSchema = z
	.object({
		von: optional(day),
		bis: optional(day),
		feld: optional(
			z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, issue('dashboard.filters.fieldInvalid'))
		),
		fachbereich: optional(
			z.coerce
				.number(issue('dashboard.filters.departmentInvalid'))
				.int(issue('dashboard.filters.departmentInvalid'))
				.min(1, issue('dashboard.filters.departmentInvalid'))
				.max(32_767, issue('dashboard.filters.departmentInvalid'))
		)
	})
	.refine((f) => !f.von || !f.bis || f.bis >= f.von, {
		path: ['bis'],
		...issue('dashboard.filters.periodInvalid')
	});
export type ReportFilters = z.infer<typeof reportFilterSchema>;

const KEYS = ['von', 'bis', 'feld', 'fachbereich'] as const;

export function readReportFilters(params: URLSearchParams) {
	return reportFilterSchema.safeParse(Object.fromEntries(KEYS.map((k) => [k, params.get(k)])));
}

/** The query string of the filters (empty ones left out), for links between the report's views. */
export function reportQuery(filters: ReportFilters): string {
	const params = new URLSearchParams();
	for (const key of KEYS) {
		const value = filters[key];
		if (value !== undefined) params.set(key, String(value));
	}
	return params.toString();
}
