import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoViolations } from './support/a11y.ts';
import { expect, makeRole, signIn, test } from './support/fixtures.ts';

/** A published idea of its own, with a unique title. */
async function publishedIdea(sql: postgres.Sql, title: string): Promise<string> {
	const id = randomUUID();
	await sql`insert into public.ideas (id, title, body, field_slug, lat, lng, status)
		values (${id}, ${title}, 'Eine Idee für die Agenda.', 'verwaltung', 50.5531, 9.6779, 'published')`;
	return id;
}

async function measure(sql: postgres.Sql, title: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`insert into public.measures (title, field_slug)
		values (${title}, 'verwaltung') returning id`;
	return row!.id;
}

/**
 * Adds one entry in a section of "Angaben für den Ratsbericht": fills the fields, one click, and
 * waits until the entry shows.
 */
async function addEntry(
	page: Page,
	legend: string,
	fields: Record<string, string>,
	shows: string,
	button = legend
) {
	const group = page.getByRole('group', { name: legend });
	for (const [label, value] of Object.entries(fields)) {
		await group.getByLabel(label, { exact: true }).fill(value);
	}
	await group.getByRole('button', { name: button }).click();
	await expect(page.getByRole('region', { name: 'Angaben für den Ratsbericht' })).toContainText(
		shows
	);
}

test.describe('at 1440 px', () => {
	test.use({ viewport: { width: 1440, height: 900 } });

	test('staff create a measure with all fields; its public page shows them and nothing internal; axe clean in de and en', async ({
		page,
		sql,
		freshUser,
		context,
		baseURL
	}) => {
		test.slow();
		const tag = randomUUID().slice(0, 8);
		const title = `Digitale Bauanträge ${tag}`;
		await makeRole(sql, freshUser, 'staff');
		await signIn(page, freshUser);

		// Click 1: "Maßnahme anlegen" with every field of the measure itself.
		await page.goto('/verwaltung/agenda');
		const form = page.getByRole('region', { name: 'Neue Maßnahme' });
		await form.getByLabel('Titel').fill(title);
		await form.getByLabel('Beschreibung').fill('Bauanträge werden digital gestellt und geprüft.');
		await form.getByLabel('Handlungsfeld').selectOption('verwaltung');
		await form.getByLabel('Status').selectOption('approved');
		await form.getByLabel('Fortschritt in Prozent').fill('20');
		await form.getByLabel('Zieltermin').fill('2027-06-30');
		await form.getByLabel('Geplant (EUR)').fill('120.000,50');
		await form.getByLabel('Ausgegeben (EUR)').fill('30000');
		await form.getByLabel('Beschlussnummer').fill('VO/2026/0123');
		await form.getByLabel('Datum des Beschlusses').fill('2026-03-01');
		await form.getByLabel('Link zum Beschluss (https://…)').fill('https://rat.example/vo/0123');
		await form.getByLabel('Verknüpfte Ideen ziehen mit dieser Maßnahme mit').check(); // click 2
		await form.getByRole('button', { name: 'Maßnahme anlegen' }).click();
		await expect(page.getByRole('status')).toContainText('Die Maßnahme wurde angelegt.');
		await page.getByRole('link', { name: 'Jetzt Ideen verknüpfen' }).click(); // click 3
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

		// Clicks 4–10: one per entry of the report details.
		await addEntry(
			page,
			'Kennzahl anlegen',
			{ Kennzahl: 'Anteil digitaler Anträge', 'Einheit (z. B. %, Anträge)': '%', Sollwert: '80' },
			'Soll 80 %'
		);
		const record = `Istwert für „Anteil digitaler Anträge“ eintragen`;
		await addEntry(
			page,
			record,
			{ Istwert: '12,5', Stichtag: '2026-10-01' },
			'1. Oktober 2026: 12,5 %',
			'Istwert eintragen'
		);
		await addEntry(
			page,
			record,
			{ Istwert: '35', Stichtag: '2026-12-01' },
			'1. Dezember 2026: 35 %',
			'Istwert eintragen'
		);
		await addEntry(
			page,
			'Meilenstein anlegen',
			{ Meilenstein: 'Ausschreibung vergeben', 'Geplant am': '2027-01-15' },
			'Ausschreibung vergeben'
		);
		await addEntry(
			page,
			'OZG-Leistung hinzufügen',
			{
				'Leistungsschlüssel (14 Ziffern)': '99108001000000',
				'Bezeichnung (optional)': 'Baugenehmigung beantragen'
			},
			'99108001000000 · Baugenehmigung beantragen'
		);
		await addEntry(
			page,
			'Partner hinzufügen',
			{ Organisation: 'Kommunales Rechenzentrum', Rolle: 'Betrieb der Plattform' },
			'Kommunales Rechenzentrum · Betrieb der Plattform'
		);
		await addEntry(
			page,
			'Sachstand veröffentlichen',
			{
				Datum: '2026-12-02',
				'Sachstand (öffentlicher Text)': 'Die Ausschreibung ist veröffentlicht.'
			},
			'Die Ausschreibung ist veröffentlicht.'
		);
		// A malformed LeiKa key is refused with a clear message; nothing is added.
		const services = page.getByRole('group', { name: 'OZG-Leistung hinzufügen' });
		await services.getByLabel('Leistungsschlüssel (14 Ziffern)').fill('99-108');
		await services.getByRole('button', { name: 'OZG-Leistung hinzufügen' }).click();
		await expect(services.getByText('genau 14 Ziffern')).toBeVisible();
		await expectNoViolations(page);

		const [row] = await sql<
			{ id: string }[]
		>`select id from public.measures where title = ${title}`;
		await page.goto(`/agenda/massnahmen/${row!.id}`);
		const main = page.getByRole('main');
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await expect(main).toContainText('Beschlossen');
		await expect(main).toContainText('20 % umgesetzt');
		await expect(main).toContainText('30. Juni 2027');
		const indicator = page.getByRole('heading', { name: 'Anteil digitaler Anträge' });
		await expect(indicator).toBeVisible();
		await expect(main).toContainText('80 %');
		await expect(main).toContainText('35 %');
		const history = page.getByRole('table', { name: 'Verlauf von „Anteil digitaler Anträge“' });
		await expect(history.getByRole('row')).toHaveCount(3);
		await expect(history).toContainText('12,5 %');
		await expect(page.getByRole('row', { name: /Ausschreibung vergeben/ })).toContainText(
			'15. Januar 2027'
		);
		await expect(main).toContainText('120.000,50 €');
		await expect(main).toContainText('30.000,00 €');
		await expect(main).toContainText('VO/2026/0123');
		await expect(
			page.getByRole('link', { name: 'Beschluss VO/2026/0123 ansehen' })
		).toHaveAttribute('href', 'https://rat.example/vo/0123');
		await expect(main).toContainText('Baugenehmigung beantragen');
		await expect(main).toContainText('99108001000000');
		await expect(main).toContainText('Kommunales Rechenzentrum');
		await expect(main).toContainText('Die Ausschreibung ist veröffentlicht.');
		// Nothing internal: no prioritisation criteria or score, no staff name.
		for (const internal of ['Strategische Passung', 'Aufwand', 'Punktzahl', 'Testperson E2E']) {
			await expect(main).not.toContainText(internal);
		}
		await expectNoViolations(page);

		await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Indicators' })).toBeVisible();
		await expect(main).toContainText('€120,000.50');
		await expectNoViolations(page);
		await page.goto(`/verwaltung/agenda/${row!.id}`);
		await expect(
			page.getByRole('heading', { name: 'Details for the council report' })
		).toBeVisible();
		await expectNoViolations(page);
	});
});

test('staff link an idea to a measure from the idea page and unlink it; the idea page and /agenda link to the measure page', async ({
	page,
	sql,
	freshUser
}) => {
	const tag = randomUUID().slice(0, 8);
	const ideaTitle = `Bauakte online einsehen ${tag}`;
	const measureTitle = `Digitale Bauakte ${tag}`;
	const idea = await publishedIdea(sql, ideaTitle);
	const id = await measure(sql, measureTitle);
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);

	// Two clicks: choose the measure, link.
	await page.goto(`/verwaltung/ideen/${idea}`);
	const links = page.getByRole('region', { name: 'Maßnahmen der Agenda' });
	await expect(links).toContainText('Mit keiner Maßnahme verknüpft.');
	await links.getByLabel('Maßnahme wählen').selectOption({ label: measureTitle });
	await links.getByRole('button', { name: 'Mit Maßnahme verknüpfen' }).click();
	await expect(links.getByRole('status')).toContainText('jetzt mit der Maßnahme verknüpft');
	await expect(links.getByRole('link', { name: measureTitle })).toHaveAttribute(
		'href',
		`/verwaltung/agenda/${id}`
	);
	await expectNoViolations(page);

	await page.goto(`/ideen/${idea}`);
	await page.getByRole('link', { name: measureTitle }).click();
	await expect(page).toHaveURL(new RegExp(`/agenda/massnahmen/${id}$`));
	await expect(page.getByRole('link', { name: ideaTitle })).toHaveAttribute(
		'href',
		`/ideen/${idea}`
	);
	await page.goto('/agenda');
	await expect(page.getByRole('link', { name: measureTitle })).toHaveAttribute(
		'href',
		`/agenda/massnahmen/${id}`
	);

	await page.goto(`/verwaltung/ideen/${idea}`);
	await links.getByRole('button', { name: `Verknüpfung mit „${measureTitle}“ lösen` }).click();
	await expect(links.getByRole('status')).toContainText('Die Verknüpfung wurde gelöst.');
	await expect(links).toContainText('Mit keiner Maßnahme verknüpft.');
	// The staff history names the measure, linked and unlinked, and leads to it.
	await page.reload();
	const history = page.getByRole('region', { name: 'Verlauf (mit internen Einträgen)' });
	await expect(
		history.getByRole('link', { name: `Aus der Maßnahme „${measureTitle}“ herausgenommen` })
	).toHaveAttribute('href', `/verwaltung/agenda/${id}`);
	await expect(
		history.getByRole('link', { name: `In die Maßnahme „${measureTitle}“ aufgenommen` })
	).toHaveCount(1);
	await page.goto(`/ideen/${idea}`);
	await expect(page.getByRole('main')).toContainText(
		`Aus der Maßnahme „${measureTitle}“ herausgenommen`
	);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('linking from the idea page works as a plain form post', async ({
		page,
		sql,
		freshUser
	}) => {
		const tag = randomUUID().slice(0, 8);
		const idea = await publishedIdea(sql, `Idee ohne Skript ${tag}`);
		const measureTitle = `Maßnahme ohne Skript ${tag}`;
		const id = await measure(sql, measureTitle);
		await makeRole(sql, freshUser, 'staff');
		await signIn(page, freshUser);
		await page.goto(`/verwaltung/ideen/${idea}`);
		const links = page.getByRole('region', { name: 'Maßnahmen der Agenda' });
		await links.getByLabel('Maßnahme wählen').selectOption({ label: measureTitle });
		await links.getByRole('button', { name: 'Mit Maßnahme verknüpfen' }).click();
		await expect(links.getByRole('status')).toContainText('jetzt mit der Maßnahme verknüpft');
		const rows =
			await sql`select 1 from public.measure_ideas where measure_id = ${id} and idea_id = ${idea}`;
		expect(rows).toHaveLength(1);
	});

	test('deleting a measure first shows its impact; with ideas it is archived, without it is gone', async ({
		page,
		sql,
		freshUser
	}) => {
		const tag = randomUUID().slice(0, 8);
		const linkedTitle = `Maßnahme mit Idee ${tag}`;
		const linked = await measure(sql, linkedTitle);
		const idea = await publishedIdea(sql, `Idee hinter der Maßnahme ${tag}`);
		await sql`insert into public.measure_ideas (measure_id, idea_id) values (${linked}, ${idea})`;
		await sql`insert into public.measure_indicators (measure_id, name, target_value)
			values (${linked}, 'Kennzahl', 10)`;
		const bare = await measure(sql, `Maßnahme ohne Ideen ${tag}`);
		await makeRole(sql, freshUser, 'staff');
		await signIn(page, freshUser);

		await page.goto(`/verwaltung/agenda/${linked}`);
		await page.getByRole('button', { name: 'Maßnahme löschen …' }).click();
		const impact = page.getByRole('list', {
			name: `Was das Löschen von „${linkedTitle}“ betrifft`
		});
		await expect(impact.getByRole('listitem')).toHaveText(['1 verknüpfte Idee', '1 Kennzahl']);
		await expect(page.getByText('als „Verworfen“ archiviert')).toBeVisible();
		// Nothing has changed yet.
		expect((await sql`select status from public.measures where id = ${linked}`)[0]!.status).toBe(
			'proposed'
		);
		await page.getByRole('button', { name: 'Als verworfen archivieren' }).click();
		await expect(page.getByRole('status')).toContainText('als verworfen archiviert');
		expect((await sql`select status from public.measures where id = ${linked}`)[0]!.status).toBe(
			'dropped'
		);
		await page.goto(`/agenda/massnahmen/${linked}`);
		await expect(page.getByRole('main')).toContainText('Verworfen');

		await page.goto(`/verwaltung/agenda/${bare}`);
		await page.getByRole('button', { name: 'Maßnahme löschen …' }).click();
		await expect(page.getByText('endgültig gelöscht')).toBeVisible();
		await page.getByRole('button', { name: 'Endgültig löschen' }).click();
		await expect(page).toHaveURL(/\/verwaltung\/agenda$/);
		expect(await sql`select 1 from public.measures where id = ${bare}`).toHaveLength(0);
	});
});

test('deleting a goal first says how many measures and ideas it touches (with JavaScript)', async ({
	page,
	sql,
	freshUser
}) => {
	const tag = randomUUID().slice(0, 8);
	const goal = randomUUID();
	const goalTitle = `Ziel zum Löschen ${tag}`;
	await sql`insert into public.goals (id, field_slug, title) values (${goal}, 'verwaltung', ${goalTitle})`;
	const measures = await sql<
		{ id: string }[]
	>`insert into public.measures (goal_id, field_slug, title)
		values (${goal}, 'verwaltung', ${`Erste Maßnahme ${tag}`}),
		       (${goal}, 'verwaltung', ${`Zweite Maßnahme ${tag}`}) returning id`;
	const idea = await publishedIdea(sql, `Idee unter dem Ziel ${tag}`);
	await sql`insert into public.measure_ideas (measure_id, idea_id) values (${measures[0]!.id}, ${idea})`;
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);

	await page.goto('/verwaltung/agenda');
	await page
		.getByRole('button', { name: 'Ziel löschen …' })
		.and(page.locator(`[aria-describedby="bg-${goal}"]`))
		.click();
	const impact = page.getByRole('list', {
		name: `Was das Löschen des Ziels „${goalTitle}“ betrifft`
	});
	await expect(impact.getByRole('listitem')).toHaveText([
		'2 Maßnahmen stehen danach ohne Ziel (sie bleiben erhalten).',
		'1 Idee ist mit diesen Maßnahmen verknüpft; ihre Verknüpfung bleibt.'
	]);
	expect(await sql`select 1 from public.goals where id = ${goal}`).toHaveLength(1);
	await page.getByRole('button', { name: 'Ziel endgültig löschen' }).click();
	await expect(page.getByRole('status')).toContainText('Das Ziel wurde gelöscht');
	expect(await sql`select 1 from public.goals where id = ${goal}`).toHaveLength(0);
	expect(
		await sql`select 1 from public.measures where id in ${sql(measures.map((m) => m.id))} and goal_id is null`
	).toHaveLength(2);
});
