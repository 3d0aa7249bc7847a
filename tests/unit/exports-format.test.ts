import { describe, expect, it } from 'vitest';
import { createTranslator } from '$lib/i18n/translator';
import de from '$lib/i18n/locales/de/index';
import { csvCell, csvHeader, csvLine, csvText, germanDate } from '$lib/server/export/csv';
import { berlinDay, exportColumns, type ExportIdea } from '$lib/server/export/table';
import { columnName, dateSerial, escapeXml, xlsxStream } from '$lib/server/export/xlsx';
import { crc32 } from '$lib/server/export/zip';
import { PdfWriter, textWidth, winAnsi, wrap } from '$lib/server/report/pdf';
import { crc32 as nodeCrc32 } from 'node:zlib';
import { pdfText, readGermanCsv, readXlsx } from '../helpers/office-files';

const IDEA: ExportIdea = {
	id: '00000000-0000-4000-8000-000000000001',
	created_at: '2026-03-28T23:30:00Z', // already 29 March in Berlin (summer time starts)
	status_changed_at: '2026-12-31T23:15:00Z', // 1 January 2027 in Berlin
	title: '=Straßenlaterne; „defekt“',
	body: 'Zeile 1\nZeile 2 mit "Anführung"',
	place_hint: 'Am Brunnen',
	kind: 'location_need',
	need_type: 'breitband',
	status: 'under_review',
	status_reason: '',
	field_slug: 'verwaltung',
	district: 'Altstadt',
	department: 'Fachbereich Ordnung',
	assignee: 'Erika Muster',
	priority: 'high',
	tags: ['licht', 'sicherheit'],
	lat: 50.553123456,
	lng: 9.6779,
	vote_count: 1234,
	comment_count: 0,
	answer: 'Wir prüfen das.',
	answered_at: '2026-04-02T08:00:00Z',
	measures: 'Licht an; Wege sicher'
};

const columns = exportColumns({
	t: createTranslator('de', de),
	fieldNames: { verwaltung: 'Digitale Verwaltung' },
	origin: 'https://stadt.example'
});

async function bytesOf(chunks: AsyncIterable<Uint8Array>) {
	const parts: Uint8Array[] = [];
	for await (const chunk of chunks) parts.push(chunk);
	return new Uint8Array(Buffer.concat(parts));
}

describe('the export columns', () => {
	it('are German labels and values, days in Europe/Berlin, coordinates to 6 places', () => {
		const cells = columns.cells(IDEA);
		const byHeader = Object.fromEntries(columns.headers.map((h, i) => [h, cells[i]]));
		expect(byHeader['Status']).toEqual({ kind: 'text', value: 'In Prüfung' });
		expect(byHeader['Art']).toEqual({ kind: 'text', value: 'Standortbedarf' });
		expect(byHeader['Priorität']).toEqual({ kind: 'text', value: 'Hoch' });
		expect(byHeader['Handlungsfeld']).toEqual({ kind: 'text', value: 'Digitale Verwaltung' });
		expect(byHeader['Eingereicht am']).toEqual({ kind: 'date', value: '2026-03-29' });
		expect(byHeader['Status geändert am']).toEqual({ kind: 'date', value: '2027-01-01' });
		expect(byHeader['Breitengrad']).toEqual({ kind: 'number', value: 50.553123, digits: 6 });
		expect(byHeader['Zuständig']).toEqual({ kind: 'text', value: 'Erika Muster' });
		expect(byHeader['Offizielle Antwort']).toEqual({ kind: 'text', value: 'Wir prüfen das.' });
		expect(byHeader['Maßnahmen']).toEqual({ kind: 'text', value: 'Licht an; Wege sicher' });
		expect(byHeader['Link']).toEqual({
			kind: 'text',
			value: 'https://stadt.example/verwaltung/ideen/00000000-0000-4000-8000-000000000001'
		});
		expect(byHeader['Begründung']).toBeNull();
	});

	it('take the Berlin day across both clock changes', () => {
		expect(berlinDay('2026-10-24T22:30:00Z')).toBe('2026-10-25');
		expect(berlinDay('2026-10-25T22:30:00Z')).toBe('2026-10-25');
		expect(berlinDay('2026-03-28T22:59:59Z')).toBe('2026-03-28');
	});
});

describe('CSV for German Excel and LibreOffice', () => {
	it('quotes separators, quotes and line breaks, and defuses formulas', () => {
		expect(csvText('Radweg; Nord')).toBe('"Radweg; Nord"');
		expect(csvText('Sag "Hallo"')).toBe('"Sag ""Hallo"""');
		expect(csvText('Zeile 1\nZeile 2')).toBe('"Zeile 1\nZeile 2"');
		expect(csvText('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
		expect(csvText('Komma, bleibt')).toBe('Komma, bleibt');
	});

	it('writes numbers with a decimal comma and no grouping, days as TT.MM.JJJJ', () => {
		expect(csvCell({ kind: 'number', value: 50.553123, digits: 6 })).toBe('50,553123');
		expect(csvCell({ kind: 'number', value: 1234567, digits: 0 })).toBe('1234567');
		expect(csvCell({ kind: 'number', value: -3.5, digits: 6 })).toBe('-3,5');
		expect(csvCell({ kind: 'date', value: '2026-03-09' })).toBe('09.03.2026');
		expect(germanDate('2027-01-01')).toBe('01.01.2027');
		expect(csvCell(null)).toBe('');
	});

	it('opens as German Excel opens it: BOM, one column per field, numbers and dates typed', () => {
		const file = csvHeader(columns.headers) + csvLine(columns.cells(IDEA));
		const { bom, rows } = readGermanCsv(new TextEncoder().encode(file));
		expect(bom).toBe(true);
		const [header, row] = rows as [string[], unknown[]];
		expect(row).toHaveLength(header.length);
		const value = (name: string) => row[header.indexOf(name)];
		expect(value('Breitengrad')).toBe(50.553123);
		expect(value('Längengrad')).toBe(9.6779);
		expect(value('Unterstützungen')).toBe(1234);
		expect(value('Eingereicht am')).toEqual({ date: '2026-03-29' });
		expect(value('Titel')).toBe("'=Straßenlaterne; „defekt“");
		expect(value('Beschreibung')).toBe('Zeile 1\nZeile 2 mit "Anführung"');
		expect(value('Status')).toBe('In Prüfung');
	});
});

describe('XLSX', () => {
	it('names columns and date serials as spreadsheets count them', () => {
		expect([0, 25, 26, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
		expect(dateSerial('1900-03-01')).toBe(61);
		expect(dateSerial('2026-03-29')).toBe(46110);
		expect(escapeXml('a < b & "c"\u0001')).toBe('a &lt; b &amp; &quot;c&quot;');
	});

	it('has CRC-32 values as zlib computes them', () => {
		const bytes = new TextEncoder().encode('Grüße aus der Stadt');
		expect(crc32(bytes)).toBe(nodeCrc32(bytes));
		expect(crc32(bytes.subarray(5), crc32(bytes.subarray(0, 5)))).toBe(nodeCrc32(bytes));
	});

	it('unzips to a workbook with typed cells: numbers, dates with a format, text', async () => {
		async function* pages() {
			yield [columns.cells(IDEA)];
			yield [columns.cells({ ...IDEA, id: 'zweite', lat: null, lng: null })];
		}
		const bytes = await bytesOf(xlsxStream('Ideen', columns.headers, pages()));
		const { rows, dateFormat } = readXlsx(bytes);
		expect(dateFormat).toBe('DD.MM.YYYY');
		expect(rows).toHaveLength(3);
		const [header, first, second] = rows as [string[], unknown[], unknown[]];
		expect(header).toEqual(columns.headers);
		const value = (row: unknown[], name: string) => row[header.indexOf(name)];
		expect(value(first, 'Breitengrad')).toBe(50.553123);
		expect(value(first, 'Unterstützungen')).toBe(1234);
		expect(value(first, 'Eingereicht am')).toEqual({ date: '2026-03-29' });
		expect(value(first, 'Titel')).toBe('=Straßenlaterne; „defekt“');
		expect(value(first, 'Beschreibung')).toBe('Zeile 1\nZeile 2 mit "Anführung"');
		expect(value(second, 'ID')).toBe('zweite');
		expect(value(second, 'Breitengrad')).toBeNull();
	});
});

describe('PDF', () => {
	it('encodes German text in WinAnsi and measures Helvetica', () => {
		expect(['ä', 'ö', 'ü', 'ß', 'Ä', '€', '„', '“', '–'].map(winAnsi)).toEqual([
			0xe4, 0xf6, 0xfc, 0xdf, 0xc4, 0x80, 0x84, 0x93, 0x96
		]);
		expect(winAnsi('✓')).toBe(0x3f);
		expect(textWidth('Hallo', 10)).toBeCloseTo(22.78, 1);
		expect(wrap('eins zwei drei vier', textWidth('eins zwei', 10), 10)).toEqual([
			'eins zwei',
			'drei vier'
		]);
	});

	it('writes pages whose text reads back, with page numbers', () => {
		const pdf = new PdfWriter((page, pages) => `Seite ${page} von ${pages}`);
		pdf.heading('Statusbericht Müllabfuhr (Grüße) \\ 100 €');
		pdf.table(
			[
				{ header: 'Maßnahme', width: 3 },
				{ header: 'Fortschritt', width: 1, align: 'right' }
			],
			Array.from({ length: 80 }, (_, i) => [`Straße Nr. ${i + 1} – „überfällig“`, `${i} %`])
		);
		const { text, pages } = pdfText(pdf.finish({ title: 'Bericht', author: 'Musterstadt' }));
		expect(pages).toBeGreaterThan(1);
		expect(text).toContain('Statusbericht Müllabfuhr (Grüße) \\ 100 €');
		expect(text).toContain('Straße Nr. 80 – „überfällig“');
		expect(text).toContain(`Seite ${pages} von ${pages}`);
		// The header row repeats on each page.
		expect(text.split('\n').filter((line) => line === 'Maßnahme')).toHaveLength(pages);
	});
});
