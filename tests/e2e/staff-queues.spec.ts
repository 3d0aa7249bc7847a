import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoViolations } from './support/a11y.ts';
import { type Account, expect, makeRole, signIn, test } from './support/fixtures.ts';

/**
 * Queues that show age and a week's triage with fewer steps (issue 24, items 8 and 11; ADR 017):
 * bulk assignment, canned texts, focus after a moderation action, days open and overdue ideas,
 * the column choice and a table that fits its screen, a history that names what it speaks of.
 */

const MODERATOR: Account = {
	email: 'moderation@musterstadt.example',
	password: 'stadtidee-demo',
	displayName: 'Moderation Musterstadt'
};
const STAFF: Account = {
	email: 'verwaltung@musterstadt.example',
	password: 'stadtidee-demo',
	displayName: 'Digitalbüro Musterstadt'
};
/** Seed idea 3's point: new ideas go next to it, inside the boundary. */
const NEAR = '00000000-0000-4000-b000-000000000003';

async function userId(sql: postgres.Sql, account: Account): Promise<string> {
	const [row] = await sql<
		{ id: string }[]
	>`select id from auth.users where email = ${account.email}`;
	return row!.id;
}

/** An idea of its own, `days` old, with a random word that finds it. */
async function insertIdea(
	sql: postgres.Sql,
	author: string,
	status: 'submitted' | 'published',
	days = 0
) {
	const word = `Queue${randomUUID().replaceAll('-', '').slice(0, 10)}`;
	const title = `Trinkbrunnen am Markt ${word}`;
	const [idea] = await sql<{ id: string }[]>`
		insert into public.ideas (author_id, kind, title, body, field_slug, lat, lng, status, created_at)
		select ${author}, 'idea', ${title}, 'Im Sommer fehlt am Markt frisches Wasser.',
			'mobilitaet', lat, lng, ${status}::public.idea_status, now() - make_interval(days => ${days})
		from public.ideas where id = ${NEAR}
		returning id`;
	return { id: idea!.id, title, word };
}

/** The id of the heading that follows `title`'s in the moderation queue, or the queue's own. */
async function headingAfter(page: Page, title: string): Promise<string> {
	return page.getByRole('article', { name: title }).evaluate((article) => {
		const next = article.closest('li')?.nextElementSibling?.querySelector('h3');
		return next?.id ?? 'queue-heading';
	});
}

test.describe('triage', () => {
	test('bulk assignment of department and assignee; the history names them', async ({
		page,
		freshUser,
		sql
	}) => {
		const author = await userId(sql, freshUser);
		const [a, b] = [
			await insertIdea(sql, author, 'published'),
			await insertIdea(sql, author, 'published')
		];
		const word = a.word;
		await sql`update public.ideas set title = ${`${b.title} ${word}`} where id = ${b.id}`;
		const [department] = await sql<{ id: number; name: string }[]>`
			select id, name from public.departments order by id limit 1`;
		await signIn(page, STAFF);
		await page.goto(`/verwaltung/ideen?q=${word}`);
		await page.getByLabel(`„${a.title}“ auswählen`).check();
		await page.getByLabel(`„${b.title} ${word}“ auswählen`).check();
		const bulk = page.getByRole('group', { name: 'Auswahl bearbeiten' });
		await bulk.getByLabel('Fachbereich').selectOption(String(department!.id));
		await bulk.getByLabel('Zuständig').selectOption({ label: STAFF.displayName });
		await bulk.getByRole('button', { name: 'Auf Auswahl anwenden' }).click();
		await expect(page.getByRole('status').filter({ hasText: '2 Ideen geändert.' })).toBeVisible();
		const rows = await sql`select department_id, assignee_id, status from public.ideas
			where id in (${a.id}, ${b.id})`;
		const staffId = await userId(sql, STAFF);
		expect(rows).toEqual([
			{ department_id: department!.id, assignee_id: staffId, status: 'published' },
			{ department_id: department!.id, assignee_id: staffId, status: 'published' }
		]);

		// The idea's history: the department's and the person's names, no ids.
		await page.goto(`/verwaltung/ideen/${a.id}`);
		const history = page.getByRole('region', { name: 'Verlauf (mit internen Einträgen)' });
		await expect(history).toContainText(`Fachbereich: ${department!.name}`);
		await expect(history).toContainText(`Zuständig: ${STAFF.displayName}`);
		await expect(history).not.toContainText(staffId);
		await expectNoViolations(page);
	});

	test('days open, the overdue view and its count in the navigation', async ({
		page,
		freshUser,
		sql
	}) => {
		const author = await userId(sql, freshUser);
		const late = await insertIdea(sql, author, 'published', 20);
		const young = await insertIdea(sql, author, 'published', 2);
		await signIn(page, STAFF);
		await page.goto('/verwaltung/ideen');
		await expect(page.getByRole('navigation', { name: 'Bereiche der Verwaltung' })).toContainText(
			/\d+ überfällig/
		);
		await page.getByRole('link', { name: 'Überfällig', exact: true }).click();
		await expect(page).toHaveURL(/overdue=1/);
		await expect(page.getByLabel('Nur überfällige (ohne Antwort nach 14 Tagen)')).toBeChecked();
		// Narrow to these two: the young one is not overdue.
		const filters = page.getByRole('form', { name: 'Filter' });
		await filters.getByLabel('Suche in Titel und Text').fill(late.word);
		await filters.getByRole('button', { name: 'Anwenden' }).click();
		const row = page.getByRole('row', { name: new RegExp(late.word) });
		await expect(row).toContainText('20 Tage überfällig');
		await page.goto(`/verwaltung/ideen?overdue=1&q=${young.word}`);
		await expect(page.getByText('Keine Idee passt zu diesen Filtern.')).toBeVisible();
		await page.goto(`/verwaltung/ideen?q=${young.word}`);
		const youngRow = page.getByRole('row', { name: new RegExp(young.word) });
		await expect(youngRow).toContainText('2 Tage');
		await expect(youngRow).not.toContainText('überfällig');
		await expectNoViolations(page);
	});

	test('the column choice is remembered, and works as a plain form', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			await signIn(page, STAFF);
			await page.goto('/verwaltung/ideen?sort=vote_count');
			const table = page.getByRole('table');
			await expect(table.getByRole('columnheader', { name: /Tage offen/ })).toBeVisible();
			await expect(table.getByRole('columnheader', { name: /Stadtteil/ })).toHaveCount(0);
			await page.locator('summary', { hasText: 'Spalten' }).click();
			await page.getByRole('checkbox', { name: 'Stadtteil', exact: true }).check();
			await page.getByRole('checkbox', { name: 'Priorität', exact: true }).uncheck();
			await page.getByRole('button', { name: 'Spalten übernehmen' }).click();
			// Back on the same view (its sort kept), with the chosen columns, and so on the next visit.
			await expect(page).toHaveURL(/\/verwaltung\/ideen\?sort=vote_count#columns-heading$/);
			await expect(table.getByRole('columnheader', { name: /Stadtteil/ })).toBeVisible();
			await expect(table.getByRole('columnheader', { name: /Priorität/ })).toHaveCount(0);
			await page.goto('/verwaltung/ideen');
			await expect(table.getByRole('columnheader', { name: /Stadtteil/ })).toBeVisible();
		} finally {
			await context.close();
		}
	});

	for (const width of [1280, 1440]) {
		test(`at ${width} px the table fits its screen with the default columns`, async ({ page }) => {
			await page.setViewportSize({ width, height: 900 });
			await signIn(page, STAFF);
			await page.goto('/verwaltung/ideen?sort=vote_count');
			const region = page.getByRole('region', { name: /Ideen, sortiert nach/ });
			await expect(region.getByRole('row')).not.toHaveCount(1);
			const { scroll, client, cut } = await region.evaluate((wrap) => ({
				scroll: wrap.scrollWidth,
				client: wrap.clientWidth,
				cut: [...wrap.querySelectorAll('th')]
					.filter((th) => th.getBoundingClientRect().right > window.innerWidth)
					.map((th) => th.textContent?.trim())
			}));
			expect(cut).toEqual([]);
			expect(scroll).toBeLessThanOrEqual(client);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
				width
			);
		});
	}
});

test.describe('reminders', () => {
	test('the assignee of an overdue idea finds a reminder in the centre, linking to the console', async ({
		page,
		sql,
		freshUser
	}) => {
		await makeRole(sql, freshUser, 'staff');
		const idea = await insertIdea(sql, await userId(sql, STAFF), 'published', 20);
		await sql`update public.ideas set assignee_id = ${await userId(sql, freshUser)}
			where id = ${idea.id}`;
		try {
			await signIn(page, freshUser);
			// The worker beside the app notices the overdue idea by itself.
			const item = page.getByRole('link', {
				name: new RegExp(
					`„${idea.title}“ wartet zu lange auf eine Antwort der Stadt \\(Tage offen: 20\\)`
				)
			});
			await expect(async () => {
				await page.goto('/konto/benachrichtigungen');
				await expect(item).toBeVisible({ timeout: 1000 });
			}).toPass({ timeout: 30_000 });
			await item.click();
			await expect(page).toHaveURL(new RegExp(`/verwaltung/ideen/${idea.id}$`));
		} finally {
			await sql`delete from public.ideas where id = ${idea.id}`;
		}
	});
});

test.describe('canned texts', () => {
	test('an admin writes one; staff pick it to fill the answer, then edit it', async ({
		page,
		browser,
		freshUser,
		sql
	}) => {
		await makeRole(sql, freshUser, 'admin');
		const label = `Prüfung ${randomUUID().slice(0, 6)}`;
		const body = 'Danke für Ihre Idee. Wir prüfen sie und melden uns.';
		await signIn(page, freshUser);
		await page.goto('/verwaltung/admin/textbausteine');
		const add = page.getByRole('region', { name: 'Neuer Textbaustein' });
		await add.getByLabel('Wofür').selectOption('answer');
		await add.getByLabel('Kurzname').fill(label);
		await add.getByLabel('Text').fill(body);
		await add.getByRole('button', { name: 'Hinzufügen' }).click();
		await expect(
			page.getByText('Gespeichert. Jede Änderung steht im Prüfprotokoll.')
		).toBeVisible();
		await expect(page.getByRole('button', { name: `„${label}“ löschen` })).toBeVisible();
		await expectNoViolations(page);

		const idea = await insertIdea(sql, await userId(sql, freshUser), 'published');
		const staffPage = await browser.newPage();
		try {
			await signIn(staffPage, STAFF);
			await staffPage.goto(`/verwaltung/ideen/${idea.id}`);
			const form = staffPage.getByRole('form', { name: 'Bearbeiten' });
			await form.getByLabel('Textbaustein für die öffentliche Antwort').selectOption({ label });
			await form.getByRole('button', { name: 'Einfügen' }).click();
			const answer = form.getByRole('textbox', {
				name: 'Öffentliche Antwort (erscheint im Verlauf der Idee)'
			});
			await expect(answer).toHaveValue(body);
			await expect(answer).toBeFocused();
			await answer.press('End');
			await answer.pressSequentially(' Bis Ende des Monats.');
			await form.getByRole('button', { name: 'Speichern' }).click();
			await expect
				.poll(async () => {
					const [row] = await sql`select body from public.idea_events
						where idea_id = ${idea.id} and kind = 'answer'`;
					return row?.body;
				})
				.toBe(`${body} Bis Ende des Monats.`);
		} finally {
			await staffPage.close();
			await sql`delete from public.canned_reasons where label = ${label}`;
		}
	});
});

test.describe('moderation queue', () => {
	test('after approving, focus moves to the next item and the outcome is announced', async ({
		page,
		freshUser,
		sql
	}) => {
		const author = await userId(sql, freshUser);
		const a = await insertIdea(sql, author, 'submitted', 3);
		await insertIdea(sql, author, 'submitted', 3);
		await signIn(page, MODERATOR);
		await page.goto('/verwaltung/moderation');
		const item = page.getByRole('article', { name: a.title });
		await expect(item).toContainText('3 Tage offen');
		const next = await headingAfter(page, a.title);
		await item.getByRole('button', { name: 'Freigeben' }).click();
		await expect(item).toHaveCount(0);
		await expect(page.getByRole('status').filter({ hasText: '1 Idee freigegeben.' })).toBeVisible();
		await expect(page.locator(`#${next}`)).toBeFocused();
		await expectNoViolations(page);
	});

	test('without JavaScript, the page comes back at the next item', async ({
		browser,
		freshUser,
		sql
	}) => {
		const author = await userId(sql, freshUser);
		const a = await insertIdea(sql, author, 'submitted');
		await insertIdea(sql, author, 'submitted');
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			await signIn(page, MODERATOR);
			await page.goto('/verwaltung/moderation');
			const next = await page
				.getByRole('article', { name: a.title })
				.locator('xpath=ancestor::li[1]/following-sibling::li[1]//h3')
				.getAttribute('id');
			await page
				.getByRole('article', { name: a.title })
				.getByRole('button', { name: 'Freigeben' })
				.click();
			await expect(page).toHaveURL(new RegExp(`#${next ?? 'queue-heading'}$`));
			await expect(
				page.getByRole('status').filter({ hasText: '1 Idee freigegeben.' })
			).toBeVisible();
		} finally {
			await context.close();
		}
	});

	test('a canned hide reason fills the field; the queue is axe clean in English', async ({
		page,
		freshUser,
		sql
	}) => {
		const label = `Werbung ${randomUUID().slice(0, 6)}`;
		await sql`insert into public.canned_reasons (purpose, label, body)
			values ('hide', ${label}, 'Werbung ist hier nicht erlaubt.')`;
		const idea = await insertIdea(sql, await userId(sql, freshUser), 'submitted');
		try {
			await signIn(page, MODERATOR);
			await page.goto('/verwaltung/moderation');
			const item = page.getByRole('article', { name: idea.title });
			await item.getByLabel(`Textbaustein für ${idea.title}`).selectOption({ label });
			await item.getByRole('button', { name: 'Einfügen' }).click();
			const reason = item.getByLabel(`Begründung zum Ausblenden von „${idea.title}“`);
			await expect(reason).toHaveValue('Werbung ist hier nicht erlaubt.');
			await expect(reason).toBeFocused();
			await expectNoViolations(page);

			await page.context().addCookies([{ name: 'locale', value: 'en', url: page.url() }]);
			await page.reload();
			await expect(page.locator('html')).toHaveAttribute('lang', 'en');
			await expectNoViolations(page);
		} finally {
			await sql`delete from public.canned_reasons where label = ${label}`;
		}
	});
});

test.describe('in English', () => {
	test.beforeEach(async ({ context, baseURL }) => {
		await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
	});

	test('the canned texts page and the overdue view have no axe violations', async ({
		page,
		freshUser,
		sql
	}) => {
		await makeRole(sql, freshUser, 'admin');
		await signIn(page, freshUser);
		await page.goto('/verwaltung/admin/textbausteine');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Canned texts');
		await expectNoViolations(page);
		await page.goto('/verwaltung/ideen?overdue=1');
		await expect(page.getByLabel('Overdue only (no answer after 14 days)')).toBeChecked();
		await expectNoViolations(page);
	});
});
