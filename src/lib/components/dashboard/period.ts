import { formatDate } from '$lib/format';
import type { Locale, Translate } from '$lib/i18n';

/** The period of a report in words: "1. März 2026 bis 31. März 2026", "ab …", "gesamter Zeitraum". */
export function describePeriod(
	period: { from?: string | null; to?: string | null },
	t: Translate,
	locale: Locale
): string {
	const from = period.from ? formatDate(period.from, locale) : null;
	const to = period.to ? formatDate(period.to, locale) : null;
	if (from && to) return t('dashboard.filters.range', { from, to });
	if (from) return t('dashboard.filters.since', { from });
	if (to) return t('dashboard.filters.until', { to });
	return t('dashboard.filters.allTime');
}

/** The field of action and department chosen, in words, or null for everything. */
export function describeSelection(
	filters: { feld?: string; fachbereich?: number },
	fieldNames: Record<string, string>,
	departments: { id: number; name: string }[]
): string | null {
	const parts = [
		filters.feld ? (fieldNames[filters.feld] ?? filters.feld) : null,
		filters.fachbereich
			? (departments.find((d) => d.id === filters.fachbereich)?.name ?? null)
			: null
	].filter((part): part is string => part !== null);
	return parts.length > 0 ? parts.join(' · ') : null;
}
