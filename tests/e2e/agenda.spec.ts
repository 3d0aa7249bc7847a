import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { expectNoViolations } from './support/a11y.ts';
import { APP_ORIGIN } from './support/env.ts';
import { expect, makeRole, signIn, test } from './support/fixtures.ts';

/** A published idea of its own, with a unique title. */
async function publishedIdea(sql: postgres.Sql, title: string): Promise<string> {
	const id = randomUUID();
	await sql`insert into public.ideas (id, title, body, field_slug, lat, lng, status)
		values (${id}, ${title}, 'Eine Idee für die Agenda.', 'verwaltung', 50.5531, 9.6779, 'published')`;
	return id;
}

test('staff create a measure, link two ideas, and /agenda and both idea pages show it', async ({
	page,
	sql,
	freshUser
}) => {
	const tag = randomUUID().slice(0, 8);
	const ideas = [`Digitale Sprechstunde ${tag}`, `Online-Termine im Bürgerbüro ${tag}`];
	const ids = await Promise.all(ideas.map((title) => publishedIdea(sql, title)));
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);

	await page.goto('/verwaltung/agenda');
	await expect(page.getByRole('heading', { level: 1, name: 'Agenda-Backlog' })).toBeVisible();
	const form = page.getByRole('region', { name: 'Neue Maßnahme' });
	const title = `Termine digital buchen ${tag}`;
	await form.getByLabel('Titel').fill(title);
	await form.getByLabel('Handlungsfeld').selectOption('verwaltung');
	await form.getByLabel('Status').selectOption('in_progress');
	await form.getByLabel('Fortschritt in Prozent').fill('40');
	await form.getByRole('button', { name: 'Maßnahme anlegen' }).click();
	await expect(page.getByRole('status')).toContainText('Die Maßnahme wurde angelegt.');
	await page.getByRole('link', { name: 'Jetzt Ideen verknüpfen' }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

	for (const idea of ideas) {
		await page.getByLabel('Ideen nach Titel suchen').fill(idea);
		await page.getByRole('button', { name: 'Suchen' }).click();
		await page.getByRole('button', { name: `„${idea}“ verknüpfen` }).click();
		await expect(page.getByRole('status')).toContainText('jetzt mit der Maßnahme verknüpft');
		await expect(
			page.getByRole('region', { name: 'Verknüpfte Ideen' }).getByRole('link', { name: idea })
		).toHaveCount(2); // once in the linked list, once among the search results
	}

	await page.goto('/agenda');
	const measure = page.getByRole('article', { name: title });
	await expect(measure).toContainText('In Umsetzung');
	await expect(measure).toContainText('40 % umgesetzt');
	for (const [i, idea] of ideas.entries()) {
		await expect(measure.getByRole('link', { name: idea })).toHaveAttribute(
			'href',
			`/ideen/${ids[i]}`
		);
	}
	for (const id of ids) {
		await page.goto(`/ideen/${id}`);
		await expect(page.getByRole('main')).toContainText(title);
	}
});

test('staff edit a goal in place: a refused title keeps the form open, a saved move takes the measures along', async ({
	page,
	sql,
	freshUser
}) => {
	const tag = randomUUID().slice(0, 8);
	const goal = randomUUID();
	const measure = `Maßnahme unter dem Ziel ${tag}`;
	await sql`insert into public.goals (id, field_slug, title) values (${goal}, 'verwaltung', ${`Ziel zum Umbenennen ${tag}`})`;
	await sql`insert into public.measures (goal_id, field_slug, title) values (${goal}, 'verwaltung', ${measure})`;
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);

	await page.goto('/verwaltung/agenda');
	const box = page.locator('.goal', {
		has: page.getByRole('heading', { name: `Ziel: Ziel zum Umbenennen ${tag}` })
	});
	await box.getByText('Ziel bearbeiten').click();
	const title = box.getByLabel('Titel');
	await expect(title).toHaveValue(`Ziel zum Umbenennen ${tag}`);
	// Past the browser's own check, so the server's message shows.
	await title.evaluate((el) => el.removeAttribute('minlength'));
	await title.fill('kurz');
	await box.getByRole('button', { name: 'Ziel speichern' }).click();
	await expect(page.getByText('Der Titel braucht mindestens 5 Zeichen.')).toBeVisible();
	const edit = page.locator(`form:has(input[name="id"][value="${goal}"])`);
	await expect(edit.getByLabel('Titel')).toHaveAttribute('aria-invalid', 'true');
	await expect(edit.getByLabel('Titel')).toHaveValue('kurz');

	await edit.getByLabel('Titel').fill(`Schulen digital ausstatten ${tag}`);
	await edit.getByLabel('Beschreibung').fill('Jede Schule bekommt schnelles Netz.');
	await edit.getByLabel('Handlungsfeld').selectOption('bildung');
	await edit.getByRole('button', { name: 'Ziel speichern' }).click();
	await expect(page.getByRole('status')).toContainText('Das Ziel wurde gespeichert.');
	const field = page.getByRole('region', { name: 'Bildung & Schule' });
	await expect(
		field.getByRole('heading', { name: `Ziel: Schulen digital ausstatten ${tag}` })
	).toBeVisible();
	await expect(field.getByRole('link', { name: measure })).toBeVisible();
	const [row] = await sql`select g.title, g.description, g.field_slug, m.field_slug as measure_field
		from public.goals g join public.measures m on m.goal_id = g.id where g.id = ${goal}`;
	expect(row).toEqual({
		title: `Schulen digital ausstatten ${tag}`,
		description: 'Jede Schule bekommt schnelles Netz.',
		field_slug: 'bildung',
		measure_field: 'bildung'
	});
});

test('the dashboard draws the density grid from SQL, with numbers on the cells, a legend and the same numbers as a table, without tiles', async ({
	page,
	sql,
	freshUser
}) => {
	// A cell of its own inside the town, made the busiest by far.
	const at = { lat: 50.5431, lng: 9.6579 };
	await sql`insert into public.ideas (title, body, field_slug, lat, lng, status)
		select 'Dichte-Test ' || n, 'Viele Ideen an einem Ort.', 'verwaltung', ${at.lat}, ${at.lng}, 'published'
		  from generate_series(1, 60) n`;
	const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`
		select count(*)::int as n from public.ideas
		 where floor(lat / 0.01) = floor(${at.lat}::float8 / 0.01)
		   and floor(lng / 0.015) = floor(${at.lng}::float8 / 0.015)
		   and status not in ('submitted', 'hidden', 'merged')`;
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);

	await page.goto('/verwaltung/dashboard');
	const section = page.getByRole('region', { name: 'Dichte: wo die meisten Ideen liegen' });
	const map = section.getByRole('application', { name: 'Karte der Ideendichte' });
	await expect(map).toBeVisible();
	const table = section.getByRole('region', { name: 'Tabelle der Ideendichte' });
	const rows = table.getByRole('row');
	const cells = (await rows.count()) - 1;
	expect(cells).toBeGreaterThan(0);
	// One square per table row, drawn although every tile request is blocked.
	await expect(map.locator('path.density-cell')).toHaveCount(cells);
	await expect(map.locator('.density-count')).toHaveCount(cells);
	const busiest = new Intl.NumberFormat('de').format(n);
	await expect(rows.nth(1).getByRole('cell')).toHaveText(busiest);
	await expect(map.locator('.density-count', { hasText: new RegExp(`^${busiest}$`) })).toHaveCount(
		1
	);
	await expect(section.getByRole('heading', { name: 'Ideen je Kachel' })).toBeVisible();
	await expect(section.getByRole('listitem').last()).toContainText(busiest);
	await expect(section.getByText('Die Karte kann gerade nicht geladen werden.')).toHaveCount(0);
	await expectNoViolations(page);
});

test('a stale edit of a measure is refused with a clear message and overwrites nothing', async ({
	page,
	sql,
	freshUser
}) => {
	const [m] = await sql<{ id: string }[]>`insert into public.measures (title, field_slug)
		values (${`Konfliktmaßnahme ${randomUUID().slice(0, 8)}`}, 'bildung') returning id`;
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);
	await page.goto(`/verwaltung/agenda/${m!.id}`);
	// Someone else saves first.
	await sql`update public.measures set progress = 70 where id = ${m!.id}`;
	const form = page.getByRole('region', { name: 'Maßnahme bearbeiten' });
	await form.getByLabel('Fortschritt in Prozent').fill('10');
	await form.getByRole('button', { name: 'Änderungen speichern' }).click();
	await expect(page.getByRole('alert')).toContainText('inzwischen geändert');
	const [row] = await sql`select progress from public.measures where id = ${m!.id}`;
	expect(row!.progress).toBe(70);
});

test('the prioritisation view explains each measure’s score by criterion', async ({
	page,
	sql,
	freshUser
}) => {
	const title = `Priorisierte Maßnahme ${randomUUID().slice(0, 8)}`;
	await sql`insert into public.measures (title, field_slug, strategic_fit, effort, urgency)
		values (${title}, 'bildung', 5, 1, 5)`;
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);
	await page.goto('/verwaltung/agenda/prioritaet');
	const row = page.getByRole('row', { name: new RegExp(title) });
	// No support yet: fit 30 + effort 10 + urgency 20 points of 100.
	await expect(row.getByRole('cell').last()).toHaveText('60,0');
	await expect(row).toContainText('30,0');
});

test('exports parse and contain no e-mail address; citizens get no staff export', async ({
	page,
	sql,
	freshUser
}) => {
	const title = `Exportidee; mit "Anführung" ${randomUUID().slice(0, 8)}`;
	const id = await publishedIdea(sql, title);
	await sql`update public.ideas set place_hint = 'Am Brunnen' where id = ${id}`;
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);

	const csv = await page.request.get('/verwaltung/export/ideen.csv');
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toContain('text/csv');
	const bytes = await csv.body();
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.toString('utf8').slice(1);
	const rows = parseCsv(text);
	expect(rows[0]).toContain('Titel');
	const width = rows[0]!.length;
	expect(rows.every((r) => r.length === width)).toBe(true);
	const exported = rows.find((r) => r.includes(title))!;
	expect(exported[rows[0]!.indexOf('Ortsangabe')]).toBe('Am Brunnen');
	expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);

	const geo = await page.request.get('/daten/ideen.geojson');
	expect(geo.status()).toBe(200);
	const collection = JSON.parse(await geo.text());
	expect(collection.type).toBe('FeatureCollection');
	const feature = collection.features.find(
		(f: { properties: { title: string } }) => f.properties.title === title
	);
	expect(feature.geometry).toEqual({ type: 'Point', coordinates: [9.6779, 50.5531] });
	expect(feature.properties.place_hint).toBe('Am Brunnen');
	expect(JSON.stringify(collection)).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+|author/);
	for (const f of collection.features) expect(f.properties.status).not.toMatch(/submitted|hidden/);

	const agenda = await page.request.get('/daten/agenda.json');
	expect((await agenda.json()).fields_of_action.length).toBeGreaterThan(0);

	// Signed out: the staff CSV sends to sign-in, the open data stays open.
	const anonymous = await page.context().browser()!.newContext();
	const response = await anonymous.request.get(`${APP_ORIGIN}/verwaltung/export/ideen.csv`, {
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
	await anonymous.close();
});

test.describe('a citizen', () => {
	// The browser logs each refused page load as a console error; here they are the point.
	test.use({ expectedConsoleErrors: [/status of 403/] });

	test('is refused the console pages and the staff export', async ({ page, freshUser }) => {
		await signIn(page, freshUser);
		for (const path of ['/verwaltung/agenda', '/verwaltung/dashboard', '/verwaltung/export']) {
			const response = await page.goto(path);
			expect(response!.status()).toBe(403);
		}
		const csv = await page.request.get('/verwaltung/export/ideen.csv');
		expect(csv.status()).toBe(403);
	});
});

test('/agenda fits a 320 px phone screen', async ({ page }) => {
	await page.setViewportSize({ width: 320, height: 640 });
	await page.goto('/agenda');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
});

const STAFF_PAGES = [
	'/agenda',
	'/verwaltung/agenda',
	'/verwaltung/agenda/MEASURE',
	'/verwaltung/agenda/MEASURE?q=Glasfaser',
	'/verwaltung/agenda/prioritaet',
	'/verwaltung/dashboard',
	'/verwaltung/export'
];

for (const locale of ['de', 'en'] as const) {
	test.describe(`axe in ${locale}`, () => {
		test.beforeEach(async ({ context, baseURL, page, sql, freshUser }) => {
			// Sign-in plus a full axe run: on a shared 2-core machine this outgrows 30 s.
			test.slow();
			await context.addCookies([{ name: 'locale', value: locale, url: baseURL! }]);
			await makeRole(sql, freshUser, 'staff');
			await signIn(page, freshUser);
		});

		for (const path of STAFF_PAGES) {
			test(`${path} has no WCAG 2.1 AA violations`, async ({ page, sql }) => {
				const [m] = await sql<
					{ id: string }[]
				>`select id from public.measures order by title limit 1`;
				await page.goto(path.replace('MEASURE', m!.id));
				await expect(page.locator('html')).toHaveAttribute('lang', locale);
				await expectNoViolations(page);
			});
		}

		test('the dashboard with its table alternatives open has no violations', async ({ page }) => {
			await page.goto('/verwaltung/dashboard');
			for (const summary of await page.getByRole('main').locator('summary').all())
				await summary.click();
			await expectNoViolations(page);
		});

		test('the backlog form with errors has no violations', async ({ page }) => {
			await page.goto('/verwaltung/agenda');
			const form = page.getByRole('region', {
				name: locale === 'de' ? 'Neue Maßnahme' : 'New measure'
			});
			const title = form.getByLabel(locale === 'de' ? 'Titel' : 'Title');
			// Past the browser's own check, so the server's message shows.
			await title.evaluate((el) => el.removeAttribute('minlength'));
			await title.fill('kurz');
			await form.getByRole('button').click();
			await expect(form.locator('[aria-invalid="true"]')).toHaveCount(1);
			await expectNoViolations(page);
		});
	});
}

/** RFC 4180 with `;`: quoted fields may hold separators, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ';') {
			row.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else field += c;
	}
	return rows;
}
