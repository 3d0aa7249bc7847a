import { describePeriod, describeSelection } from '$lib/components/dashboard/period';
import { formatDate, formatNumber, numberFormat } from '$lib/format';
import type { Locale, Translate } from '$lib/i18n';
import type { ReportFilters } from '$lib/schemas/council-report';
import type { ReportFigures } from '../db/dashboard';
import { PdfWriter } from './pdf';

export interface StatusReportContext {
	t: Translate;
	locale: Locale;
	municipality: string;
	filters: ReportFilters;
	fieldNames: Record<string, string>;
	departments: { id: number; name: string }[];
	createdAt: string;
}

/**
 * The status report as a PDF for a Ratsvorlage: the same sections and figures as the printable
 * page (/verwaltung/bericht), in the console's language.
 */
export function statusReportPdf(
	figures: ReportFigures,
	context: StatusReportContext
): Uint8Array<ArrayBuffer> {
	const { t, locale, fieldNames } = context;
	const n = (value: number) => formatNumber(value, locale);
	const percent = (share: number | null) =>
		share === null
			? t('dashboard.none')
			: numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
	const days = (value: number | null) =>
		value === null ? t('dashboard.none') : t('dashboard.days', { days: n(value) });
	const none = t('dashboard.departments.none');

	const title = t('dashboard.report.heading', { municipality: context.municipality });
	const pdf = new PdfWriter(
		(page, pages) => `${title} · ${t('dashboard.report.page', { page, pages })}`
	);
	pdf.paragraph(title, { size: 17, bold: true });
	pdf.space(6);
	const period = describePeriod({ from: context.filters.von, to: context.filters.bis }, t, locale);
	pdf.paragraph(t('dashboard.report.period', { period }), { size: 11 });
	const selection = describeSelection(context.filters, fieldNames, context.departments);
	if (selection) pdf.paragraph(t('dashboard.report.filtered', { filter: selection }), { size: 11 });
	pdf.paragraph(t('dashboard.report.created', { date: formatDate(context.createdAt, locale) }), {
		size: 9,
		muted: true
	});

	const ideas = figures.ideas;
	pdf.heading(t('dashboard.report.keyFigures'));
	pdf.table(
		[
			{ header: t('dashboard.report.figure'), width: 3 },
			{ header: t('dashboard.report.value'), width: 1.4, align: 'right' }
		],
		[
			[t('dashboard.kpi.received'), n(ideas.received)],
			[
				t('dashboard.kpi.answered'),
				t('dashboard.kpi.answeredValue', {
					answered: n(ideas.answered),
					share: percent(ideas.share_answered)
				})
			],
			[t('dashboard.kpi.medianDays'), days(ideas.median_days_to_answer)],
			[t('dashboard.kpi.supports'), n(ideas.supports)],
			[t('dashboard.kpi.awaitingApproval'), n(figures.awaiting_approval)],
			[t('dashboard.kpi.hidden'), n(figures.hidden)]
		]
	);
	pdf.paragraph(t('dashboard.report.counted'), { size: 8.5, muted: true });

	pdf.heading(t('dashboard.fieldsTable.heading'));
	pdf.table(
		[
			{ header: t('dashboard.fieldsTable.field'), width: 3 },
			{ header: t('dashboard.departments.received'), width: 1, align: 'right' },
			{ header: t('dashboard.departments.answered'), width: 1, align: 'right' }
		],
		figures.by_field.map((row) => [
			fieldNames[row.key] ?? row.key,
			n(row.received),
			n(row.answered)
		])
	);

	pdf.heading(t('dashboard.departments.heading'));
	if (figures.by_department.length === 0) pdf.paragraph(t('dashboard.departments.empty'));
	else
		pdf.table(
			[
				{ header: t('dashboard.departments.department'), width: 2.6 },
				{ header: t('dashboard.departments.received'), width: 1, align: 'right' },
				{ header: t('dashboard.departments.answered'), width: 1, align: 'right' },
				{ header: t('dashboard.departments.rate'), width: 1, align: 'right' },
				{ header: t('dashboard.departments.median'), width: 1.5, align: 'right' }
			],
			figures.by_department.map((row) => [
				row.name ?? none,
				n(row.received),
				n(row.answered),
				percent(row.share_answered),
				days(row.median_days_to_answer)
			])
		);

	const measures = figures.measures;
	pdf.heading(t('dashboard.measures.heading'));
	pdf.paragraph(
		[
			`${t('dashboard.measures.total')}: ${n(measures.total)}`,
			`${t('dashboard.measures.onTrack')}: ${n(measures.on_track)}`,
			`${t('dashboard.measures.overdue')}: ${n(measures.overdue)}`,
			`${t('dashboard.measures.done')}: ${n(measures.done)}`,
			`${t('dashboard.measures.dropped')}: ${n(measures.dropped)}`
		].join(' · '),
		{ bold: true }
	);
	pdf.paragraph(t('dashboard.measures.hint'), { size: 8.5, muted: true });
	pdf.space(6);
	if (measures.items.length === 0) pdf.paragraph(t('dashboard.measures.empty'));
	else
		pdf.table(
			[
				{ header: t('dashboard.measures.title'), width: 3 },
				{ header: t('dashboard.measures.department'), width: 1.6 },
				{ header: t('dashboard.measures.status'), width: 1.2 },
				{ header: t('dashboard.measures.progress'), width: 0.9, align: 'right' },
				{ header: t('dashboard.measures.targetDate'), width: 1.4 }
			],
			measures.items.map((m) => [
				m.title,
				m.department ?? none,
				t(`idea.measures.status.${m.status}`),
				`${m.progress} %`,
				(m.target_date ? formatDate(m.target_date, locale) : t('dashboard.measures.noTarget')) +
					(m.overdue ? ` (${t('dashboard.measures.overdueMark')})` : '')
			])
		);

	pdf.heading(t('dashboard.report.answeredIdeas'));
	const answered = figures.answered_ideas;
	if (answered.total === 0) pdf.paragraph(t('dashboard.report.noAnswered'));
	else {
		pdf.paragraph(
			t('dashboard.report.answeredCount', {
				shown: n(answered.items.length),
				total: n(answered.total)
			})
		);
		pdf.space(4);
		pdf.table(
			[
				{ header: t('dashboard.report.idea'), width: 3.2 },
				{ header: t('dashboard.status'), width: 1.2 },
				{ header: t('dashboard.departments.department'), width: 1.6 },
				{ header: t('dashboard.report.answeredAt'), width: 1.3 }
			],
			answered.items.map((idea) => [
				idea.title,
				t(`idea.status.${idea.status}`),
				idea.department ?? none,
				formatDate(idea.answered_at, locale)
			])
		);
	}
	return pdf.finish({ title, author: context.municipality });
}
