import type { StaffExportRow } from './exports';

/**
 * CSV for German Excel: UTF-8 with a byte-order mark (without it Excel reads the file as
 * Windows-1252 and mangles umlauts) and `;` as the separator (German Excel's list separator,
 * because `,` is the decimal comma there; a `,` file opens as one column per row). Line ends
 * are CRLF (RFC 4180). Coordinates keep the `.` so other tools read them as numbers.
 */
export const BOM = '\uFEFF';
export const SEPARATOR = ';';

/** The staff CSV's columns, in order: the header and how each row fills it. */
const COLUMNS: [string, (row: StaffExportRow) => unknown][] = [
	['id', (row) => row.id],
	['created_at', (row) => row.created_at],
	['published_at', (row) => row.published_at],
	['status_changed_at', (row) => row.status_changed_at],
	['title', (row) => row.title],
	['body', (row) => row.body],
	['place_hint', (row) => row.place_hint],
	['kind', (row) => row.kind],
	['need_type', (row) => row.need_type],
	['status', (row) => row.status],
	['status_reason', (row) => row.status_reason],
	['field', (row) => row.field_slug],
	['district', (row) => row.district?.name ?? null],
	['department', (row) => row.department?.name ?? null],
	['priority', (row) => row.priority],
	['tags', (row) => row.tags],
	['lat', (row) => row.lat],
	['lng', (row) => row.lng],
	['supports', (row) => row.vote_count],
	['comments', (row) => row.comment_count]
];

export const CSV_HEADER = COLUMNS.map(([name]) => name);

/**
 * One field, quoted when it holds the separator, a quote or a line break (quotes doubled). A
 * leading =, +, -, @, tab or CR would make Excel evaluate it as a formula (CSV injection): such
 * text gets a leading apostrophe, which Excel shows as text.
 */
export function csvField(value: unknown): string {
	if (value === null || value === undefined) return '';
	let text = Array.isArray(value) ? value.join(', ') : String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[";\r\n,]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
	return values.map(csvField).join(SEPARATOR) + '\r\n';
}

export function csvRow(row: StaffExportRow): string {
	return csvLine(COLUMNS.map(([, value]) => value(row)));
}
