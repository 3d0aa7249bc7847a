/**
 * Reading exports as the programs of a German office read them, for tests: a CSV as German
 * LibreOffice Calc / Excel import it (`;`, quotes, a number with a decimal comma and a day as
 * TT.MM.JJJJ become typed values), an XLSX unzipped and its sheet's typed cells, a PDF's text.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export type Value = string | number | { date: string } | null;

/** RFC 4180 fields split by `sep`, with quotes and line breaks inside quotes. */
export function splitCsv(text: string, sep = ';'): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	const endField = () => {
		row.push(field);
		field = '';
	};
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === sep) endField();
		else if (c === '\n') {
			field = field.replace(/\r$/, '');
			endField();
			rows.push(row);
			row = [];
		} else field += c;
	}
	if (field || row.length) {
		endField();
		rows.push(row);
	}
	return rows;
}

/** What a German-locale spreadsheet makes of an unquoted field: a number, a date or text. */
export function germanValue(field: string): Value {
	if (field === '') return null;
	if (/^-?\d+(,\d+)?$/.test(field)) return Number(field.replace(',', '.'));
	const day = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(field);
	if (day) return { date: `${day[3]}-${day[2]}-${day[1]}` };
	return field;
}

/** A CSV file's bytes as German Excel opens them: BOM → UTF-8, then typed values per row. */
export function readGermanCsv(bytes: Uint8Array): { bom: boolean; rows: Value[][] } {
	const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
	const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(bom ? 3 : 0));
	const [header, ...body] = splitCsv(text);
	return { bom, rows: [header!, ...body.map((r) => r.map(germanValue))] };
}

/** The entries of a ZIP (stored or deflated), each checked against its CRC-32. */
export function unzip(bytes: Uint8Array): Map<string, string> {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let end = bytes.length - 22;
	while (view.getUint32(end, true) !== 0x06054b50) end--;
	const count = view.getUint16(end + 10, true);
	let at = view.getUint32(end + 16, true);
	const files = new Map<string, string>();
	for (let i = 0; i < count; i++) {
		if (view.getUint32(at, true) !== 0x02014b50) throw new Error('bad central directory');
		const method = view.getUint16(at + 10, true);
		const crc = view.getUint32(at + 16, true);
		const size = view.getUint32(at + 20, true);
		const nameLength = view.getUint16(at + 28, true);
		const extra = view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
		const local = view.getUint32(at + 42, true);
		const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
		const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
		const raw = bytes.subarray(start, start + size);
		const data = method === 8 ? inflateRawSync(raw) : raw;
		if (crc32(data) !== crc) throw new Error(`CRC mismatch in ${name}`);
		files.set(name, new TextDecoder().decode(data));
		at += 46 + nameLength + extra;
	}
	return files;
}

const unescapeXml = (text: string) =>
	text
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>')
		.replaceAll('&quot;', '"')
		.replaceAll('&amp;', '&');

/**
 * The first sheet of an XLSX as typed rows: inline strings as text, numbers as numbers, and a
 * number whose style has a date format as a day (as a spreadsheet shows it).
 */
export function readXlsx(bytes: Uint8Array): { rows: Value[][]; dateFormat: string | null } {
	const files = unzip(bytes);
	const sheet = files.get('xl/worksheets/sheet1.xml');
	const styles = files.get('xl/styles.xml') ?? '';
	if (!sheet || !files.get('[Content_Types].xml') || !files.get('xl/workbook.xml')) {
		throw new Error('not an XLSX');
	}
	const formats = new Map(
		[...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]+)"/g)].map((m) => [
			m[1]!,
			m[2]!
		])
	);
	const xfs = [
		...(/<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(styles)?.[1] ?? '').matchAll(/<xf [^>]*>/g)
	];
	const dateStyles = new Set(
		xfs
			.map((m, i) => [i, /numFmtId="(\d+)"/.exec(m[0])?.[1]] as const)
			.filter(([, id]) => id && /[dy]/i.test(formats.get(id) ?? ''))
			.map(([i]) => String(i))
	);
	const dateFormat = [...formats.values()].find((f) => /[dy]/i.test(f)) ?? null;
	const rows: Value[][] = [];
	for (const row of sheet.matchAll(/<row [^>]*>(.*?)<\/row>/gs)) {
		const cells: Value[] = [];
		for (const cell of row[1]!.matchAll(/<c r="([A-Z]+)\d+"([^>]*)>(.*?)<\/c>/gs)) {
			const column = [...cell[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
			const attributes = cell[2]!;
			const body = cell[3]!;
			let value: Value;
			if (attributes.includes('t="inlineStr"')) {
				value = unescapeXml(/<t[^>]*>(.*?)<\/t>/s.exec(body)?.[1] ?? '');
			} else {
				const number = Number(/<v>(.*?)<\/v>/.exec(body)?.[1]);
				const style = /s="(\d+)"/.exec(attributes)?.[1];
				value =
					style && dateStyles.has(style)
						? { date: new Date((number - 25_569) * 86_400_000).toISOString().slice(0, 10) }
						: number;
			}
			cells[column] = value;
		}
		rows.push(Array.from(cells, (c) => c ?? null));
	}
	return { rows, dateFormat };
}

/** Windows-1252's bytes 0x80–0x9F, for text in a WinAnsiEncoding font. */
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * The text of an uncompressed PDF's content streams (the strings shown with Tj), one line per
 * string, decoded from WinAnsi; also how many pages it has.
 */
export function pdfText(bytes: Uint8Array): { text: string; pages: number } {
	const source = Buffer.from(bytes).toString('latin1');
	if (!source.startsWith('%PDF-')) throw new Error('not a PDF');
	const lines: string[] = [];
	for (const stream of source.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
		for (const shown of stream[1]!.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)) {
			const raw = shown[1]!.replace(/\\([0-7]{3}|.)/g, (_, escaped: string) =>
				escaped.length === 3 ? String.fromCharCode(parseInt(escaped, 8)) : escaped
			);
			lines.push(
				[...raw]
					.map((c) => {
						const code = c.charCodeAt(0);
						return code >= 0x80 && code <= 0x9f ? CP1252[code - 0x80]! : c;
					})
					.join('')
			);
		}
	}
	const pages = [...source.matchAll(/\/Type \/Page\b/g)].length;
	return { text: lines.join('\n'), pages };
}
