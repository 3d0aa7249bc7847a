import type { Cell } from './table';
import { zipStream } from './zip';

/**
 * A minimal XLSX (Office Open XML, ECMA-376) with one sheet, streamed and deflated: typed cells — numbers as
 * numbers, days as date serials with the format TT.MM.JJJJ, text as inline strings (no shared
 * string table to hold in memory) — and a bold, frozen header row.
 */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

const CONTENT_TYPES =
	XML +
	'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
	'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
	'<Default Extension="xml" ContentType="application/xml"/>' +
	'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
	'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
	'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
	'</Types>';

const ROOT_RELS =
	XML +
	`<Relationships xmlns="${PKG_REL}">` +
	`<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
	'</Relationships>';

const WORKBOOK_RELS =
	XML +
	`<Relationships xmlns="${PKG_REL}">` +
	`<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
	`<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>` +
	'</Relationships>';

/** Styles: 0 plain, 1 a day (TT.MM.JJJJ), 2 the bold header. */
const STYLES =
	XML +
	`<styleSheet xmlns="${MAIN}">` +
	'<numFmts count="1"><numFmt numFmtId="164" formatCode="DD.MM.YYYY"/></numFmts>' +
	'<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>' +
	'<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
	'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
	'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
	'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
	'<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
	'<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
	'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
	'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
	'</styleSheet>';

function workbook(sheetName: string): string {
	return (
		XML +
		`<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>` +
		`<sheet name="${escapeXml(sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/>` +
		'</sheets></workbook>'
	);
}

/** Text for XML: markup escaped, characters XML 1.0 forbids (most C0 controls) dropped. */
export function escapeXml(text: string): string {
	return text
		.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;');
}

/** A column's letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
	let name = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
		name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
	}
	return name;
}

/** Days since 30 December 1899 (the spreadsheet epoch) of a `YYYY-MM-DD` day. */
export function dateSerial(day: string): number {
	return Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 86_400_000 + 25_569;
}

function cellXml(cell: Cell, ref: string, style = 0): string {
	if (cell === null) return '';
	if (cell.kind === 'number') return `<c r="${ref}"><v>${cell.value}</v></c>`;
	if (cell.kind === 'date') return `<c r="${ref}" s="1"><v>${dateSerial(cell.value)}</v></c>`;
	const s = style ? ` s="${style}"` : '';
	return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(cell.value)}</t></is></c>`;
}

function rowXml(cells: readonly Cell[], row: number, style = 0): string {
	return `<row r="${row}">${cells.map((cell, i) => cellXml(cell, `${columnName(i)}${row}`, style)).join('')}</row>`;
}

/** The XLSX's bytes: the header row, then each page of rows as it arrives. */
export function xlsxStream(
	sheetName: string,
	headers: readonly string[],
	pages: AsyncIterable<Cell[][]>
): AsyncGenerator<Uint8Array> {
	async function* sheet() {
		yield (
			XML +
			`<worksheet xmlns="${MAIN}"><sheetViews><sheetView workbookViewId="0">` +
			'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
			'</sheetView></sheetViews><sheetData>' +
			rowXml(
				headers.map((value) => ({ kind: 'text', value })),
				1,
				2
			)
		);
		let row = 1;
		for await (const page of pages) yield page.map((cells) => rowXml(cells, ++row)).join('');
		yield '</sheetData></worksheet>';
	}
	return zipStream([
		{ name: '[Content_Types].xml', chunks: [CONTENT_TYPES] },
		{ name: '_rels/.rels', chunks: [ROOT_RELS] },
		{ name: 'xl/workbook.xml', chunks: [workbook(sheetName)] },
		{ name: 'xl/_rels/workbook.xml.rels', chunks: [WORKBOOK_RELS] },
		{ name: 'xl/styles.xml', chunks: [STYLES] },
		{ name: 'xl/worksheets/sheet1.xml', chunks: sheet() }
	]);
}
