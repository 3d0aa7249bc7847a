import type { StaffExportRow } from './exports';

/**
 * CSV for German Excel: UTF-8 with a byte-order mark (without it Excel reads the file as
 * Windows-1252 and mangles umlauts) and `;` as the separator (German Excel's list separator,
 * because `,` is the decimal comma there; a `,` file opens as one column per row). Line ends
 * are CRLF (RFC 4180). Coordinates keep the `.` so other tools read them as numbers.
 */
export const BOM = '\uFEFF';
export const SEPARATOR = ';';

export const CSV_COLUMNS = [
	'id',
	'created_at',
	'published_at',
	'status_changed_at',
	'title',
	'body',
	'kind',
	'need_type',
	'status',
	'status_reason',
	'field',
	'district',
	'department',
	'priority',
	'tags',
	'lat',
	'lng',
	'supports',
	'comments'
] as const;

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
	return csvLine([
		row.id,
		row.created_at,
		row.published_at,
		row.status_changed_at,
		row.title,
		row.body,
		row.kind,
		row.need_type,
		row.status,
		row.status_reason,
		row.field_slug,
		row.district?.name ?? null,
		row.department?.name ?? null,
		row.priority,
		row.tags,
		row.lat,
		row.lng,
		row.vote_count,
		row.comment_count
	]);
}
