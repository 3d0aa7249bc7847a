/**
 * A small PDF 1.4 writer for the status report: A4 pages, text in the standard fonts Helvetica and
 * Helvetica-Bold (every PDF reader has them, nothing to embed or license) with WinAnsiEncoding,
 * which covers German (äöüßÄÖÜ, „“, –, €). Content streams are left uncompressed: the report is
 * a few pages of text, and its text stays readable to tests and to search.
 */

/** A4 in points. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
const MARGIN = 56.69; // 20 mm

/** Windows-1252's characters at 0x80–0x9F (WinAnsi), where Latin-1 has control codes. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const WIN_ANSI = new Map([...CP1252_HIGH].map((char, i) => [char, 0x80 + i]));
// Intl puts a narrow no-break space in some numbers; WinAnsi has the plain one.
WIN_ANSI.set('\u202f', 0xa0);

/** The WinAnsi byte of a character; one the encoding lacks becomes "?". */
export function winAnsi(char: string): number {
	const code = char.codePointAt(0)!;
	if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
	return WIN_ANSI.get(char) ?? 0x3f;
}

/**
 * Helvetica's advance widths (1/1000 em, from its AFM) for ASCII 32–126; other characters take
 * the width of their base letter or 556. Bold is about 5 % wider: enough for wrapping.
 */
const ASCII_WIDTHS = [
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
	556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
	611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
	667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
	222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584
];
const OTHER_WIDTHS: Record<string, number> = {
	Ä: 667,
	Ö: 778,
	Ü: 722,
	ä: 556,
	ö: 556,
	ü: 556,
	ß: 611,
	'„': 333,
	'“': 333,
	'”': 333,
	'‚': 222,
	'‘': 222,
	'’': 222,
	'–': 556,
	'—': 1000,
	'…': 1000,
	'·': 278,
	'•': 350,
	'€': 556,
	é: 556,
	è: 556,
	à: 556,
	'°': 400,
	'§': 556,
	'\u00a0': 278
};

export function textWidth(text: string, size: number, bold = false): number {
	let units = 0;
	for (const char of text) {
		const code = char.codePointAt(0)!;
		units += code >= 32 && code <= 126 ? ASCII_WIDTHS[code - 32]! : (OTHER_WIDTHS[char] ?? 556);
	}
	return (units * size * (bold ? 1.05 : 1)) / 1000;
}

/** Lines of at most `width` points, broken at spaces; a word wider than that is cut by letters. */
export function wrap(text: string, width: number, size: number, bold = false): string[] {
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const word of paragraph.split(/\s+/).filter(Boolean)) {
			const candidate = line ? `${line} ${word}` : word;
			if (textWidth(candidate, size, bold) <= width) {
				line = candidate;
				continue;
			}
			if (line) lines.push(line);
			line = word;
			while (textWidth(line, size, bold) > width && line.length > 1) {
				let cut = line.length - 1;
				while (cut > 1 && textWidth(line.slice(0, cut), size, bold) > width) cut--;
				lines.push(line.slice(0, cut));
				line = line.slice(cut);
			}
		}
		lines.push(line);
	}
	return lines;
}

/** A PDF literal string in WinAnsi: ASCII as is, ( ) \ escaped, other bytes as octal escapes. */
function literal(text: string): string {
	let out = '(';
	for (const char of text) {
		const byte = winAnsi(char);
		if (char === '(' || char === ')' || char === '\\') out += `\\${char}`;
		else if (byte < 0x80 && byte >= 0x20) out += String.fromCharCode(byte);
		else out += `\\${byte.toString(8).padStart(3, '0')}`;
	}
	return `${out})`;
}

const fmt = (n: number) => (Math.round(n * 100) / 100).toString();

export interface TextStyle {
	size?: number;
	bold?: boolean;
	/** Grey text (hints, page numbers). */
	muted?: boolean;
}

export interface Column {
	header: string;
	/** Share of the text width. */
	width: number;
	align?: 'left' | 'right';
}

/** Lays out text top to bottom on A4 pages, starting a new page when one is full. */
export class PdfWriter {
	private pages: string[][] = [];
	private ops: string[] = [];
	private y = 0;
	readonly width = PAGE_WIDTH - 2 * MARGIN;

	constructor(private readonly footer: (page: number, pages: number) => string) {
		this.newPage();
	}

	private newPage() {
		this.ops = [];
		this.pages.push(this.ops);
		this.y = PAGE_HEIGHT - MARGIN;
	}

	/** Room for `height` points on this page, else a new page. */
	ensure(height: number) {
		if (this.y - height < MARGIN + 20) this.newPage();
	}

	space(points: number) {
		this.y -= points;
	}

	private show(text: string, x: number, y: number, style: TextStyle) {
		const size = style.size ?? 10;
		const grey = style.muted ? '0.35 g ' : '0 g ';
		this.ops.push(
			`BT ${grey}/${style.bold ? 'F2' : 'F1'} ${fmt(size)} Tf ${fmt(x)} ${fmt(y)} Td ${literal(text)} Tj ET`
		);
	}

	/** A paragraph, wrapped to the text width. */
	paragraph(text: string, style: TextStyle = {}) {
		const size = style.size ?? 10;
		const lead = size * 1.3;
		for (const line of wrap(text, this.width, size, style.bold)) {
			this.ensure(lead);
			this.y -= lead;
			this.show(line, MARGIN, this.y + size * 0.25, style);
		}
	}

	heading(text: string, size = 13) {
		this.ensure(size * 4);
		this.space(size * 0.6);
		this.paragraph(text, { size, bold: true });
		this.space(size * 0.2);
	}

	/** A table: a bold header row (repeated on each new page), rows wrapped within their cells. */
	table(columns: Column[], rows: string[][], size = 9) {
		const lead = size * 1.25;
		const total = columns.reduce((n, c) => n + c.width, 0);
		const widths = columns.map((c) => (c.width / total) * this.width);
		const pad = 4;
		const drawRow = (cells: string[], bold: boolean) => {
			const lines = cells.map((cell, i) => wrap(cell, widths[i]! - 2 * pad, size, bold));
			const height = Math.max(...lines.map((l) => l.length)) * lead + pad;
			return { lines, height };
		};
		const header = () => {
			const { lines, height } = drawRow(
				columns.map((c) => c.header),
				true
			);
			this.ensure(height + lead * 2);
			this.place(lines, widths, columns, size, lead, true);
			this.y -= height;
			this.rule();
		};
		header();
		for (const cells of rows) {
			const { lines, height } = drawRow(cells, false);
			if (this.y - height < MARGIN + 20) {
				this.newPage();
				header();
			}
			this.place(lines, widths, columns, size, lead, false);
			this.y -= height;
			this.rule(0.85);
		}
		this.space(lead);
	}

	private place(
		lines: string[][],
		widths: number[],
		columns: Column[],
		size: number,
		lead: number,
		bold: boolean
	) {
		let x = MARGIN;
		lines.forEach((cellLines, i) => {
			cellLines.forEach((line, k) => {
				const right = columns[i]!.align === 'right';
				const left = right ? x + widths[i]! - 4 - textWidth(line, size, bold) : x + 4;
				this.show(line, left, this.y - lead * (k + 1) + size * 0.25, { size, bold });
			});
			x += widths[i]!;
		});
	}

	private rule(grey = 0) {
		this.ops.push(
			`${fmt(grey)} G 0.5 w ${fmt(MARGIN)} ${fmt(this.y)} m ${fmt(MARGIN + this.width)} ${fmt(this.y)} l S`
		);
	}

	/** The finished file. */
	finish(info: { title: string; author: string }): Uint8Array<ArrayBuffer> {
		const objects: string[] = [];
		/** Adds an object; its number (they start at 1). */
		const add = (body: string) => objects.push(body);
		add('<< /Type /Catalog /Pages 2 0 R >>');
		add(''); // the page tree, filled in below
		const regular = add(
			'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'
		);
		const bold = add(
			'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>'
		);
		const kids: number[] = [];
		this.pages.forEach((ops, i) => {
			const footer = this.footer(i + 1, this.pages.length);
			const content = [
				...ops,
				`BT 0.35 g /F1 8 Tf ${fmt(MARGIN)} ${fmt(MARGIN - 14)} Td ${literal(footer)} Tj ET`
			].join('\n');
			const stream = add(
				`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`
			);
			kids.push(
				add(
					`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] ` +
						`/Resources << /Font << /F1 ${regular} 0 R /F2 ${bold} 0 R >> >> /Contents ${stream} 0 R >>`
				)
			);
		});
		objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
		const infoObject = add(
			`<< /Title ${literal(info.title)} /Author ${literal(info.author)} /Producer (Stadtidee) >>`
		);
		let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
		const offsets: number[] = [];
		objects.forEach((body, i) => {
			offsets.push(Buffer.byteLength(out, 'latin1'));
			out += `${i + 1} 0 obj\n${body}\nendobj\n`;
		});
		const xref = Buffer.byteLength(out, 'latin1');
		out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
		for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
		out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${infoObject} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
		return new Uint8Array(Buffer.from(out, 'latin1'));
	}
}
