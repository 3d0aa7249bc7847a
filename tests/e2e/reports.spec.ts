import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { pdfText, readGermanCsv, readXlsx } from '../helpers/office-files.ts';
import { expectNoViolations } from './support/a11y.ts';
import { expect, makeRole, signIn, test } from './support/fixtures.ts';

/** A department of its own with two ideas in March 2026 (one answered) and an overdue measure. */
async function reportData(sql: postgres.Sql, tag: string) {
	const [department] = await sql<{ id: number; name: string }[]>`
		insert into public.departments (slug, name) values (${`bericht-${tag}`}, ${`Amt für Berichte ${tag}`})
		returning id, name`;
	const answered = randomUUID();
	const open = randomUUID();
	await sql`insert into public.ideas (id, title, body, field_slug, lat, lng, status, department_id, created_at)
		values (${answered}, ${`Beantwortete Idee ${tag}`}, 'Text.', 'verwaltung', 50.5531234567, 9.6779, 'published', ${department!.id}, '2026-03-10 10:00+01'),
		       (${open}, ${`Offene Idee ${tag}`}, 'Text.', 'verwaltung', 50.5531, 9.6779, 'under_review', ${department!.id}, '2026-03-12 10:00+01')`;
	await sql`insert into public.idea_events (idea_id, kind, body, created_at)
		values (${answered}, 'answer', ${`Antwort der Stadt ${tag}`}, '2026-03-14 10:00+01')`;
	await sql`insert into public.measures (field_slug, title, status, progress, department_id, target_date)
		values ('verwaltung', ${`Überfällige Maßnahme ${tag}`}, 'in_progress', 40, ${department!.id}, '2026-01-31')`;
	return { department: department!, answered, open };
}

test('the dashboard filters by period and department, agrees with /agenda, and is axe clean', async ({
	page,
	sql,
	freshUser
}) => {
	const tag = randomUUID().slice(0, 8);
	const { department } = await reportData(sql, tag);
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);

	// Without filters the dashboard's "received" is /agenda's (again if another test added an idea
	// between the two pages).
	await expect(async () => {
		await page.goto('/agenda');
		const received = page.getByText('Ideen eingegangen').locator('xpath=following-sibling::*[1]');
		const onAgenda = (await received.innerText()).trim();
		await page.goto('/verwaltung/dashboard');
		await expect(page.locator('[data-figure="received"]')).toHaveText(onAgenda, { timeout: 1000 });
	}).toPass();
	await expectNoViolations(page);

	// The GET form: the URL carries the filters.
	await page.getByLabel('Von (Tag)').fill('2026-03-01');
	await page.getByLabel('Bis (Tag)').fill('2026-03-31');
	await page.getByLabel('Fachbereich', { exact: true }).selectOption(String(department.id));
	await page.getByRole('button', { name: 'Anwenden' }).click();
	await expect(page).toHaveURL(/von=2026-03-01&bis=2026-03-31.*fachbereich=/);
	await expect(page.locator('[data-figure="received"]')).toHaveText('2');
	await expect(page.locator('[data-figure="answered"]')).toHaveText('1 (50 %)');
	await expect(page.locator('[data-figure="overdue"]')).toHaveText('1');
	const row = page.getByRole('row', { name: new RegExp(department.name) });
	await expect(row.getByRole('cell')).toHaveText(['2', '1', '50 %', '4 Tage']);

	// A period that ends before it starts: a clear problem, no figures.
	await page.goto('/verwaltung/dashboard?von=2026-03-31&bis=2026-03-01');
	await expect(page.getByText('Das Ende des Zeitraums liegt vor seinem Anfang.')).toBeVisible();
	await expect(page.locator('[data-figure="received"]')).toHaveCount(0);
});

test('the status report: printable page and a PDF whose text has the figures', async ({
	page,
	sql,
	freshUser
}) => {
	const tag = randomUUID().slice(0, 8);
	const { department } = await reportData(sql, tag);
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);
	const query = `von=2026-03-01&bis=2026-03-31&fachbereich=${department.id}`;

	await page.goto(`/verwaltung/bericht?${query}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Statusbericht Bürgerbeteiligung Musterstadt'
	);
	await expect(page.getByText('Zeitraum: 1. März 2026 bis 31. März 2026')).toBeVisible();
	await expect(
		page.getByRole('row', { name: new RegExp(`Überfällige Maßnahme ${tag}`) })
	).toContainText('überfällig');
	await expect(
		page.getByRole('row', { name: new RegExp(`Beantwortete Idee ${tag}`) })
	).toBeVisible();
	await expectNoViolations(page);
	// Printed: only the report, on A4.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: 'Anwenden' })).toBeHidden();
	await expect(page.getByRole('navigation', { name: 'Verwaltung' })).toBeHidden();
	await page.emulateMedia({ media: 'screen' });

	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Als PDF herunterladen' }).click();
	const file = await (await download).path();
	const { readFile } = await import('node:fs/promises');
	const read = pdfText(await readFile(file));
	const { pages } = read;
	const text = read.text.replaceAll('\u00a0', ' ');
	expect(pages).toBeGreaterThanOrEqual(1);
	for (const expected of [
		'Statusbericht Bürgerbeteiligung Musterstadt',
		'Zeitraum: 1. März 2026 bis 31. März 2026',
		`Auswahl: ${department.name}`,
		'Ideen eingegangen',
		'1 (50 %)',
		`Überfällige Maßnahme ${tag}`,
		'31. Januar 2026',
		'(überfällig)',
		`Beantwortete Idee ${tag}`,
		'Antworten je Fachbereich'
	]) {
		expect(text).toContain(expected);
	}
});

test('exports: CSV and XLSX parse with German values, "export this view" keeps the filters', async ({
	page,
	sql,
	freshUser
}) => {
	const tag = randomUUID().slice(0, 8);
	const { department, answered, open } = await reportData(sql, tag);
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);

	await page.goto(`/verwaltung/ideen?department=${department.id}&status=published`);
	const csvLink = page.getByRole('link', { name: 'CSV', exact: true });
	await expect(csvLink).toHaveAttribute('href', new RegExp(`department=${department.id}`));
	const csvDownload = page.waitForEvent('download');
	await csvLink.click();
	const { readFile } = await import('node:fs/promises');
	const csv = readGermanCsv(await readFile(await (await csvDownload).path()));
	expect(csv.bom).toBe(true);
	const [header, ...rows] = csv.rows as [string[], ...unknown[][]];
	expect(rows).toHaveLength(1); // the published idea of that department only, not the one under review
	const value = (name: string) => rows[0]![header.indexOf(name)];
	expect(value('ID')).toBe(answered);
	expect(value('Status')).toBe('Veröffentlicht');
	expect(value('Eingereicht am')).toEqual({ date: '2026-03-10' });
	expect(value('Breitengrad')).toBe(50.553123);
	expect(value('Offizielle Antwort')).toBe(`Antwort der Stadt ${tag}`);
	expect(value('Fachbereich')).toBe(department.name);
	expect(String(value('Link'))).toMatch(new RegExp(`/verwaltung/ideen/${answered}$`));

	const xlsxResponse = await page.request.get(
		`/verwaltung/export/ideen.xlsx?department=${department.id}`
	);
	expect(xlsxResponse.headers()['content-type']).toContain('spreadsheetml');
	const xlsx = readXlsx(await xlsxResponse.body());
	expect(xlsx.dateFormat).toBe('DD.MM.YYYY');
	const [xHeader, ...xRows] = xlsx.rows as [string[], ...unknown[][]];
	expect(xRows.map((r) => r[xHeader.indexOf('ID')]).sort()).toEqual([answered, open].sort());
	const first = xRows.find((r) => r[0] === answered)!;
	expect(first[xHeader.indexOf('Unterstützungen')]).toBe(0);
	expect(first[xHeader.indexOf('Eingereicht am')]).toEqual({ date: '2026-03-10' });

	// The open-data files name their licence.
	const geo = await (await page.request.get('/daten/ideen.geojson')).json();
	expect(geo.licence).toMatchObject({ id: 'dl-de/by-2-0', attribution: 'Musterstadt' });
});

test.describe('in English at 1440 px', () => {
	test.use({ viewport: { width: 1440, height: 900 } });

	test('dashboard and report are axe clean and the chart names fit', async ({
		page,
		context,
		baseURL,
		sql,
		freshUser
	}) => {
		await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
		await makeRole(sql, freshUser, 'staff');
		await signIn(page, freshUser);
		await page.goto('/verwaltung/dashboard');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('heading', { name: 'Answers per department' })).toBeVisible();
		await expectNoViolations(page);
		// Horizontal bars: the canvas is tall enough for every field name on its own lines.
		const canvas = page.locator('#fields-caption ~ .canvas canvas');
		await expect(canvas).toBeVisible();
		const fields = await page.locator('#fields-caption ~ details tbody tr').count();
		const box = (await canvas.boundingBox())!;
		expect(box.height).toBeGreaterThanOrEqual(fields * 40);

		await page.goto('/verwaltung/bericht');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Citizen participation status report, Musterstadt'
		);
		await expectNoViolations(page);
	});
});
