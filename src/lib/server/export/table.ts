import type { Database } from '$lib/types/database';
import type { Translate } from '$lib/i18n';

type Returned = Database['public']['Functions']['staff_export_ideas']['Returns'][number];
/** Columns that may be null (the generated types cannot tell for a function's result). */
type Nullable =
	| 'need_type'
	| 'status_reason'
	| 'district'
	| 'department'
	| 'assignee'
	| 'priority'
	| 'lat'
	| 'lng'
	| 'answer'
	| 'answered_at'
	| 'measures';

/** One row of staff_export_ideas(): an idea with district, department, assignee, answer, measures. */
export type ExportIdea = Omit<Returned, Nullable> & { [K in Nullable]: Returned[K] | null };

/**
 * A typed cell: text, a whole or decimal number (`digits` after the point: the CSV writes it with
 * a decimal comma, the XLSX keeps it a number), or a calendar day in Europe/Berlin (`YYYY-MM-DD`).
 * Null is an empty cell.
 */
export type Cell =
	| { kind: 'text'; value: string }
	| { kind: 'number'; value: number; digits: number }
	| { kind: 'date'; value: string }
	| null;

const BERLIN_DAY = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Berlin',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** The calendar day of an instant in Europe/Berlin, `YYYY-MM-DD` (en-CA formats it that way). */
export function berlinDay(instant: string | Date): string {
	return BERLIN_DAY.format(typeof instant === 'string' ? new Date(instant) : instant);
}

const text = (value: string | null | undefined): Cell =>
	value === null || value === undefined || value === '' ? null : { kind: 'text', value };
const whole = (value: number | null): Cell =>
	value === null ? null : { kind: 'number', value, digits: 0 };
const day = (value: string | null): Cell =>
	value ? { kind: 'date', value: berlinDay(value) } : null;
/** Coordinates to 6 places (about 10 cm): more would pretend a precision a tap on a map lacks. */
const coordinate = (value: number | null): Cell =>
	value === null ? null : { kind: 'number', value: Math.round(value * 1e6) / 1e6, digits: 6 };

export interface ExportContext {
	/** German labels: column headers and values (status, kind, priority, field of action). */
	t: Translate;
	fieldNames: Record<string, string>;
	origin: string;
}

/** The export's columns, in order: a German header and how each row fills it. */
export function exportColumns({ t, fieldNames, origin }: ExportContext) {
	const columns: [header: string, cell: (row: ExportIdea) => Cell][] = [
		[t('dashboard.export.columns.id'), (row) => text(row.id)],
		[t('dashboard.export.columns.link'), (row) => text(`${origin}/verwaltung/ideen/${row.id}`)],
		[t('dashboard.export.columns.created'), (row) => day(row.created_at)],
		[t('dashboard.export.columns.statusChanged'), (row) => day(row.status_changed_at)],
		[t('dashboard.export.columns.title'), (row) => text(row.title)],
		[t('dashboard.export.columns.body'), (row) => text(row.body)],
		[t('dashboard.export.columns.placeHint'), (row) => text(row.place_hint)],
		[t('dashboard.export.columns.kind'), (row) => text(t(`idea.kind.${row.kind}`))],
		[
			t('dashboard.export.columns.needType'),
			(row) => text(row.need_type && t(`idea.needType.${row.need_type}`))
		],
		[t('dashboard.export.columns.status'), (row) => text(t(`idea.status.${row.status}`))],
		[t('dashboard.export.columns.statusReason'), (row) => text(row.status_reason)],
		[
			t('dashboard.export.columns.field'),
			(row) => text(fieldNames[row.field_slug] ?? row.field_slug)
		],
		[t('dashboard.export.columns.district'), (row) => text(row.district)],
		[t('dashboard.export.columns.department'), (row) => text(row.department)],
		[t('dashboard.export.columns.assignee'), (row) => text(row.assignee)],
		[
			t('dashboard.export.columns.priority'),
			(row) => text(row.priority && t(`staff.priority.${row.priority}`))
		],
		[t('dashboard.export.columns.tags'), (row) => text(row.tags.join(', '))],
		[t('dashboard.export.columns.lat'), (row) => coordinate(row.lat)],
		[t('dashboard.export.columns.lng'), (row) => coordinate(row.lng)],
		[t('dashboard.export.columns.supports'), (row) => whole(row.vote_count)],
		[t('dashboard.export.columns.comments'), (row) => whole(row.comment_count)],
		[t('dashboard.export.columns.answer'), (row) => text(row.answer)],
		[t('dashboard.export.columns.answered'), (row) => day(row.answered_at)],
		[t('dashboard.export.columns.measures'), (row) => text(row.measures)]
	];
	return {
		headers: columns.map(([header]) => header),
		cells: (row: ExportIdea): Cell[] => columns.map(([, cell]) => cell(row))
	};
}
