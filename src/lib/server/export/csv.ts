import type { Cell } from './table';

/**
 * CSV as German Excel and LibreOffice open it by double-click: UTF-8 with a byte-order mark
 * (without it Excel reads Windows-1252 and mangles umlauts), `;` as the separator (the German list
 * separator, since `,` is the decimal comma), CRLF line ends (RFC 4180), numbers with a decimal
 * comma and no grouping, days as TT.MM.JJJJ. Both programs then read numbers and dates as such.
 */
export const BOM = '\uFEFF';
export const SEPARATOR = ';';

const DECIMAL = new Intl.NumberFormat('de-DE', { useGrouping: false, maximumFractionDigits: 6 });

/** `YYYY-MM-DD` → `TT.MM.JJJJ`. */
export function germanDate(day: string): string {
	const [year, month, date] = day.split('-');
	return `${date}.${month}.${year}`;
}

/**
 * A text field, quoted when it holds the separator, a quote or a line break (quotes doubled). A
 * leading =, +, -, @, tab or CR would make Excel evaluate it as a formula (CSV injection): such
 * text gets a leading apostrophe, which Excel shows as text.
 */
export function csvText(value: string): string {
	const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvCell(cell: Cell): string {
	if (cell === null) return '';
	if (cell.kind === 'number') return DECIMAL.format(cell.value);
	if (cell.kind === 'date') return germanDate(cell.value);
	return csvText(cell.value);
}

export function csvLine(cells: readonly Cell[]): string {
	return cells.map(csvCell).join(SEPARATOR) + '\r\n';
}

/** The header line: plain text cells. */
export function csvHeader(headers: readonly string[]): string {
	return BOM + csvLine(headers.map((value) => ({ kind: 'text', value })));
}
