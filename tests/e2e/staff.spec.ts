import { randomUUID } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoViolations } from './support/a11y.ts';
import { expect, signIn, test, type Account } from './support/fixtures.ts';

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
/** Seed idea 3's point (Mobilität & Verkehr): new ideas go next to it, inside the boundary. */
const NEAR = '00000000-0000-4000-b000-000000000003';
const REASON_LABEL = 'Öffentliche Begründung der Zusammenführung';

async function userId(sql: postgres.Sql, account: Account): Promise<string> {
	const [row] = await sql<
		{ id: string }[]
	>`select id from auth.users where email = ${account.email}`;
	return row!.id;
}

/** An idea of its own per test, by `author`, in any status; a random word makes it findable. */
async function insertIdea(
	sql: postgres.Sql,
	author: string,
	status: 'submitted' | 'published',
	subject = 'Ladesäulen am Nordfriedhof'
) {
	const word = `Probe${randomUUID().replaceAll('-', '').slice(0, 10)}`;
	const title = `${subject} ${word}`;
	const [idea] = await sql<{ id: string }[]>`
		insert into public.ideas (author_id, kind, title, body, field_slug, lat, lng, status)
		select ${author}, 'idea', ${title}, 'Hier fehlen Ladesäulen für Elektroautos und E-Bikes.',
			'mobilitaet', lat, lng, ${status}::public.idea_status
		from public.ideas where id = ${NEAR}
		returning id`;
	return { id: idea!.id, title, word };
}

/**
 * Staff open the idea's page and send a status the lifecycle may refuse, as a form from an older
 * page (or one made by hand) would; the page's language decides the form's and button's names.
 */
async function askForStatus(page: Page, id: string, value: string, lang: 'de' | 'en') {
	await signIn(page, STAFF);
	await page.goto(`/verwaltung/ideen/${id}`);
	const form = page.getByRole('form', { name: lang === 'de' ? 'Bearbeiten' : 'Edit' });
	const status = form.getByLabel('Status', { exact: true });
	await status.evaluate((select: HTMLSelectElement, v) => select.add(new Option(v, v)), value);
	await status.selectOption(value);
	await form.getByRole('button', { name: lang === 'de' ? 'Speichern' : 'Save' }).click();
	return form;
}

/** Two published ideas on the same subject: the second is the first one's suggested duplicate. */
async function duplicatePair(sql: postgres.Sql, author: string, subject: string) {
	const unique = `${subject} ${randomUUID().slice(0, 6)}`;
	const source = await insertIdea(sql, author, 'published', unique);
	const target = await insertIdea(sql, author, 'published', unique);
	return { source, target };
}

/** A second browser session, e.g. the author looking at their idea while staff work. */
async function sessionOf(browser: Browser, account: Account): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, account);
	return page;
}

// Console tests walk through several pages and sessions each: more time than a single page needs.
test.describe.configure({ timeout: 120_000 });

test.describe('access', () => {
	test('signed out, the console sends to the sign-in page and back', async ({ page }) => {
		await page.goto('/verwaltung/moderation');
		await expect(page).toHaveURL('/anmelden?redirectTo=%2Fverwaltung%2Fmoderation');
		const form = page.getByRole('main');
		await form.getByLabel('E-Mail-Adresse').fill(MODERATOR.email);
		await form.getByLabel('Passwort').fill(MODERATOR.password);
		await form.getByRole('button', { name: 'Anmelden' }).click();
		await expect(page).toHaveURL('/verwaltung/moderation');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moderation');
	});

	test.describe('refused', () => {
		test.use({ expectedConsoleErrors: [/status of 403/] });

		test('a citizen gets 403 at /verwaltung, and a moderator at the triage board', async ({
			page,
			freshUser
		}) => {
			await signIn(page, freshUser);
			const response = await page.goto('/verwaltung');
			expect(response?.status()).toBe(403);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kein Zugang');
			// A form action is refused as well (the hook, not only the page load).
			const post = await page.request.post('/verwaltung/moderation?/moderate', {
				form: { target: 'approve:00000000-0000-4000-b000-000000000007' },
				headers: { origin: new URL(page.url()).origin }
			});
			expect(post.status()).toBe(403);
		});

		test('a moderator sees moderation but not triage', async ({ page }) => {
			await signIn(page, MODERATOR);
			await page.goto('/verwaltung');
			const nav = page.getByRole('navigation', { name: 'Bereiche der Verwaltung' });
			await expect(nav.getByRole('link', { name: 'Moderation' })).toBeVisible();
			await expect(nav.getByRole('link', { name: 'Ideen' })).toHaveCount(0);
			const response = await page.goto('/verwaltung/ideen');
			expect(response?.status()).toBe(403);
		});
	});
});

test.describe('moderation', () => {
	test('a moderator approves and hides; the author sees the reason on the idea page', async ({
		page,
		browser,
		freshUser,
		sql
	}) => {
		const author = await userId(sql, freshUser);
		const good = await insertIdea(sql, author, 'submitted');
		const bad = await insertIdea(sql, author, 'submitted');
		// What a moderator approves includes the words that say where: they are published too.
		await sql`update public.ideas set place_hint = 'Neben Haus Nr. 12' where id = ${bad.id}`;
		await signIn(page, MODERATOR);
		await page.goto('/verwaltung/moderation');
		await expectNoViolations(page);
		await expect(
			page.getByRole('article', { name: bad.title }).getByText('Ortsangabe: Neben Haus Nr. 12')
		).toBeVisible();

		const goodItem = page.getByRole('article', { name: good.title });
		await goodItem.getByRole('button', { name: 'Freigeben' }).click();
		await expect(page.getByRole('status').filter({ hasText: '1 Idee freigegeben.' })).toBeVisible();
		await expect(goodItem).toHaveCount(0);

		const badItem = page.getByRole('article', { name: bad.title });
		await badItem.getByRole('button', { name: 'Ausblenden' }).click();
		await expect(badItem.getByText('Bitte geben Sie eine Begründung an.')).toBeVisible();
		await badItem
			.getByLabel(`Begründung zum Ausblenden von „${bad.title}“`)
			.fill('Enthält eine private Telefonnummer.');
		await badItem.getByRole('button', { name: 'Ausblenden' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: '1 Beitrag ausgeblendet.' })
		).toBeVisible();
		await expect(badItem).toHaveCount(0);

		const rows =
			await sql`select target_id, action, details ->> 'to' as status from public.audit_log
			where target_id in (${good.id}, ${bad.id}) order by id`;
		expect(rows).toEqual([
			{ target_id: good.id, action: 'ideas.moderate', status: 'published' },
			{ target_id: bad.id, action: 'ideas.moderate', status: 'hidden' }
		]);

		const authorPage = await sessionOf(browser, freshUser);
		await authorPage.goto(`/ideen/${bad.id}`);
		await expect(authorPage.getByText('Status: Ausgeblendet')).toBeVisible();
		await expect(authorPage.getByText('Enthält eine private Telefonnummer.')).toBeVisible();
		await authorPage.goto(`/ideen/${good.id}`);
		await expect(authorPage.getByText('Veröffentlicht').first()).toBeVisible();
		await authorPage.context().close();

		// Restore undoes the hide.
		await page
			.getByRole('listitem')
			.filter({ hasText: bad.title })
			.getByRole('button', { name: 'Wiederherstellen' })
			.click();
		await expect(page.getByText('Wiederhergestellt.')).toBeVisible();
		await expect
			.poll(
				async () => (await sql`select status from public.ideas where id = ${bad.id}`)[0]?.status
			)
			.toBe('submitted');
	});

	for (const width of [1280, 1440]) {
		test(`a reported comment reads as text at ${width} px, and its buttons stay in the card`, async ({
			page,
			freshUser,
			sql
		}) => {
			const author = await userId(sql, freshUser);
			const idea = await insertIdea(sql, author, 'published');
			const text = `Ein langer gemeldeter Kommentar ${randomUUID()}, der auf einer Zeile Platz hat.`;
			const [comment] = await sql<{ id: string }[]>`
				insert into public.comments (idea_id, author_id, body)
				values (${idea.id}, ${author}, ${text}) returning id`;
			await sql`insert into public.reports (reporter_id, comment_id, reason)
				values ('00000000-0000-4000-a000-000000000022', ${comment!.id}, 'offensive')`;
			try {
				await page.setViewportSize({ width, height: 900 });
				await signIn(page, MODERATOR);
				await page.goto('/verwaltung/moderation');
				const card = page.getByRole('article', {
					name: `Kommentar zu „${idea.title}“`
				});
				const box = (await card.boundingBox())!;
				const quote = (await card.getByText(text).boundingBox())!;
				// One letter per line was 20 px wide and a few hundred tall; the text is one or two lines.
				expect(quote.width).toBeGreaterThan(200);
				expect(quote.width).toBeGreaterThan(box.width / 2);
				expect(quote.height).toBeLessThan(80);
				// Every control lies wholly inside its card ("Verwerfen" stuck out on the right).
				for (const control of await card.getByRole('button').all()) {
					const name = (await control.textContent())!.trim();
					const button = (await control.boundingBox())!;
					expect(button.x, name).toBeGreaterThanOrEqual(box.x);
					expect(button.y, name).toBeGreaterThanOrEqual(box.y);
					expect(button.x + button.width, name).toBeLessThanOrEqual(box.x + box.width);
					expect(button.y + button.height, name).toBeLessThanOrEqual(box.y + box.height);
					expect(button.height, name).toBeGreaterThanOrEqual(44);
				}
				// The three actions; "Einfügen" of the canned texts joins them once a test made one.
				const names = await card.getByRole('button').allTextContents();
				expect(names.map((name) => name.trim()).filter((name) => name !== 'Einfügen')).toEqual([
					'Ausblenden',
					'Erledigt',
					'Verwerfen'
				]);
				await card.getByRole('button', { name: 'Verwerfen' }).click();
				await expect(card).toHaveCount(0);
				const [report] =
					await sql`select status from public.reports where comment_id = ${comment!.id}`;
				expect(report).toEqual({ status: 'dismissed' });
			} finally {
				await sql`delete from public.ideas where id = ${idea.id}`;
			}
		});
	}

	test('hiding a reported comment closes its reports in one click; the reporter is told the outcome', async ({
		page,
		browser,
		freshUser,
		sql
	}) => {
		// The seed's resident wrote the comment; a fresh account and the moderator's report it.
		const author = '00000000-0000-4000-a000-000000000022';
		const reporter = await userId(sql, freshUser);
		const idea = await insertIdea(sql, author, 'published');
		const text = `Ein gemeldeter Kommentar ${randomUUID()}.`;
		const [comment] = await sql<{ id: string }[]>`
			insert into public.comments (idea_id, author_id, body)
			values (${idea.id}, ${author}, ${text}) returning id`;
		await sql`insert into public.reports (reporter_id, comment_id, reason)
			values (${reporter}, ${comment!.id}, 'offensive'),
			       (${await userId(sql, STAFF)}, ${comment!.id}, 'spam')`;
		try {
			await page.setViewportSize({ width: 1440, height: 900 });
			await signIn(page, MODERATOR);
			await page.goto('/verwaltung/moderation');
			const card = page.getByRole('article', { name: `Kommentar zu „${idea.title}“` });
			await expect(card).toContainText('2 Meldungen');
			await card
				.getByLabel('Begründung (sieht die Verfasserin oder der Verfasser)')
				.fill('Beleidigend');
			// One click: the comment is hidden and both reports are closed; no "Erledigt" afterwards.
			await card.getByRole('button', { name: 'Ausblenden' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'ausgeblendet' })).toHaveText(
				'1 Beitrag ausgeblendet. Die Meldungen dazu sind geschlossen; wer gemeldet hat, erfährt das Ergebnis.'
			);
			await expect(card).toHaveCount(0);
			expect(
				await sql`select status::text, resolution_note from public.reports
					where comment_id = ${comment!.id}`
			).toEqual([
				{ status: 'resolved', resolution_note: 'Beleidigend' },
				{ status: 'resolved', resolution_note: 'Beleidigend' }
			]);
			expect(
				(await sql`select status::text from public.comments where id = ${comment!.id}`)[0]
			).toEqual({ status: 'hidden' });
			await expectNoViolations(page);

			// The reporter reads the outcome in their centre, without the moderator's name.
			const reporterPage = await sessionOf(browser, freshUser);
			const told = reporterPage
				.getByRole('listitem')
				.filter({ hasText: 'Ihre Meldung zu einem Kommentar' });
			await expect(async () => {
				await sql`select private.fan_out_notifications(100)`;
				await reporterPage.goto('/konto/benachrichtigungen');
				await expect(told).toHaveCount(1, { timeout: 1000 });
			}).toPass({ timeout: 15_000 });
			await expect(told).toContainText(
				`Ihre Meldung zu einem Kommentar bei „${idea.title}“ wurde geprüft: Der Kommentar wurde ausgeblendet.`
			);
			await expect(told).not.toContainText(MODERATOR.displayName);
			await expectNoViolations(reporterPage);
			// A mail choice of its own, a daily digest until chosen otherwise, as every kind.
			await reporterPage.goto('/konto/benachrichtigungen/einstellungen');
			await expect(reporterPage.getByLabel('Eine Ihrer Meldungen wurde geprüft')).toHaveValue(
				'daily'
			);
			await reporterPage.context().close();
		} finally {
			await sql`delete from public.ideas where id = ${idea.id}`;
		}
	});

	test('bulk approve and keyboard shortcuts', async ({ page, freshUser, sql }) => {
		const author = await userId(sql, freshUser);
		const [a, b, c] = [
			await insertIdea(sql, author, 'submitted'),
			await insertIdea(sql, author, 'submitted'),
			await insertIdea(sql, author, 'submitted')
		];
		await signIn(page, MODERATOR);
		await page.goto('/verwaltung/moderation');
		await expect(page.getByText('j / k: nächster / vorheriger Eintrag')).toBeAttached();
		await page.getByLabel(`„${a!.title}“ auswählen`).check();
		await page.getByLabel(`„${b!.title}“ auswählen`).check();
		await page.getByRole('button', { name: 'Auswahl freigeben' }).click();
		await expect(
			page.getByRole('status').filter({ hasText: '2 Ideen freigegeben.' })
		).toBeVisible();

		// Keyboard: move to the item, approve it with "a"; keys typed into a field do nothing.
		const item = page.getByRole('article', { name: c!.title });
		await expect(item).toBeVisible();
		await item.getByLabel(`Begründung zum Ausblenden von „${c!.title}“`).fill('ja');
		await expect(item).toBeVisible();
		await item.getByLabel(`Begründung zum Ausblenden von „${c!.title}“`).fill('');
		await item.focus();
		await page.keyboard.press('a');
		await expect(item).toHaveCount(0);
		await expect
			.poll(
				async () =>
					(
						await sql`select count(*)::int as n from public.ideas
					where id in (${a!.id}, ${b!.id}, ${c!.id}) and status = 'published'`
					)[0]?.n
			)
			.toBe(3);
	});
});

test.describe('triage', () => {
	test('staff take an idea through its lifecycle; the author reads the public answer', async ({
		page,
		browser,
		freshUser,
		sql
	}) => {
		const idea = await insertIdea(sql, await userId(sql, freshUser), 'published');
		await signIn(page, STAFF);
		await page.goto('/verwaltung/ideen');
		await expectNoViolations(page);
		const filters = page.getByRole('form', { name: 'Filter' });
		await filters.getByLabel('Suche in Titel und Text').fill(idea.word);
		await filters.getByLabel('Veröffentlicht').check();
		await filters.getByRole('button', { name: 'Anwenden' }).click();
		await expect(page).toHaveURL(new RegExp(`q=${idea.word}`));
		await expect(page).toHaveURL(/status=published/);
		await expect(page.getByText('1 Idee', { exact: false }).first()).toBeVisible();
		await page.getByRole('link', { name: idea.title }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(idea.title);
		await expectNoViolations(page);

		// One form, one save: status, answer, responsibility and a note land together.
		const edit = page.getByRole('form', { name: 'Bearbeiten' });
		await edit.getByLabel('Status', { exact: true }).selectOption('under_review');
		await edit
			.getByLabel('Öffentliche Antwort (erscheint im Verlauf der Idee)')
			.fill('Der Fachbereich Tiefbau prüft Standorte bis März.');
		await edit
			.getByLabel('Fachbereich')
			.selectOption({ label: 'Fachbereich Tiefbau, Verkehr und Umwelt' });
		await edit.getByLabel('Zuständige Person').selectOption({ label: STAFF.displayName });
		await edit.getByLabel('Priorität').selectOption('high');
		await edit.getByLabel('Schlagwörter (durch Komma getrennt)').fill('Laden, E-Mobilität');
		await edit
			.getByLabel('Notiz (nur für die Verwaltung sichtbar)')
			.fill('Kosten mit Stadtwerken klären.');
		await edit.getByRole('button', { name: 'Speichern' }).click();
		const saved = edit.getByRole('status').filter({ hasText: 'Gespeichert.' });
		await expect(saved).toBeVisible();
		await expect(saved).toBeInViewport();
		await expectNoViolations(page);

		// Versions so far: 1 → 2 (responsibility), 3 (status); notes do not change the idea.
		let version = 3;
		await expect(page.getByText(`Version ${version}`)).toBeVisible();
		for (const status of ['accepted', 'planned', 'in_progress'] as const) {
			await edit.getByLabel('Status', { exact: true }).selectOption(status);
			await edit.getByRole('button', { name: 'Speichern' }).click();
			version += 1;
			await expect(page.getByText(`Version ${version}`)).toBeVisible();
			await expect
				.poll(
					async () => (await sql`select status from public.ideas where id = ${idea.id}`)[0]?.status
				)
				.toBe(status);
		}
		const history = page.getByRole('region', { name: 'Verlauf (mit internen Einträgen)' });
		await expect(history.getByText('Kosten mit Stadtwerken klären.')).toBeVisible();

		const [row] =
			await sql`select status, priority, tags, department_id is not null as has_department,
			assignee_id is not null as has_assignee from public.ideas where id = ${idea.id}`;
		expect(row).toEqual({
			status: 'in_progress',
			priority: 'high',
			tags: ['e-mobilität', 'laden'],
			has_department: true,
			has_assignee: true
		});

		const authorPage = await sessionOf(browser, freshUser);
		await authorPage.goto(`/ideen/${idea.id}`);
		await expect(authorPage.getByRole('region', { name: 'Antwort der Stadt' })).toContainText(
			'Der Fachbereich Tiefbau prüft Standorte bis März.'
		);
		await expect(authorPage.getByText('Status: In Umsetzung')).toBeVisible();
		// Internal notes stay internal.
		await expect(authorPage.getByText('Kosten mit Stadtwerken klären.')).toHaveCount(0);
		await authorPage.context().close();
	});

	test('declining needs a public reason', async ({ page, freshUser, sql }) => {
		const idea = await insertIdea(sql, await userId(sql, freshUser), 'published');
		await signIn(page, STAFF);
		await page.goto(`/verwaltung/ideen/${idea.id}`);
		const respond = page.getByRole('form', { name: 'Bearbeiten' });
		// Only what the lifecycle allows from here is offered (merging has its own form below).
		await expect(respond.getByLabel('Status', { exact: true }).locator('option')).toHaveText([
			'Veröffentlicht',
			'In Prüfung',
			'Angenommen',
			'Geplant',
			'In Umsetzung',
			'Umgesetzt',
			'Abgelehnt',
			'Ausgeblendet'
		]);
		await respond.getByLabel('Status', { exact: true }).selectOption('declined');
		await respond.getByRole('button', { name: 'Speichern' }).click();
		const answer = respond.getByLabel('Öffentliche Antwort (erscheint im Verlauf der Idee)');
		await expect(answer).toHaveAttribute('aria-invalid', 'true');
		await expect(respond.getByText('Bitte geben Sie eine Begründung an.')).toBeVisible();
		expect((await sql`select status from public.ideas where id = ${idea.id}`)[0]?.status).toBe(
			'published'
		);
	});

	test('a refused status change names the statuses the idea can move to from its own', async ({
		page,
		freshUser,
		sql
	}) => {
		const idea = await insertIdea(sql, await userId(sql, freshUser), 'published');
		await sql`update public.ideas set status = 'implemented' where id = ${idea.id}`;
		const respond = await askForStatus(page, idea.id, 'published', 'de');
		await expect(respond.getByRole('alert')).toHaveText(
			'Dieser Statuswechsel ist nicht möglich. Von „Umgesetzt“ aus kann die Idee nur zu In Umsetzung oder Ausgeblendet wechseln.'
		);
		expect((await sql`select status from public.ideas where id = ${idea.id}`)[0]?.status).toBe(
			'implemented'
		);
	});

	test('a stale save gets the conflict message with the current values; nothing is overwritten', async ({
		page,
		freshUser,
		sql
	}) => {
		const idea = await insertIdea(sql, await userId(sql, freshUser), 'published');
		await signIn(page, STAFF);
		await page.goto(`/verwaltung/ideen/${idea.id}`);
		// Meanwhile a colleague marks the idea urgent (version 1 → 2).
		await sql`update public.ideas set priority = 'urgent', tags = '{eilt}' where id = ${idea.id}`;

		const edit = page.getByRole('form', { name: 'Bearbeiten' });
		await edit.getByLabel('Priorität').selectOption('low');
		await edit.getByLabel('Notiz (nur für die Verwaltung sichtbar)').fill('Bitte zurückrufen.');
		await edit.getByRole('button', { name: 'Speichern' }).click();
		// The notice sits next to the button and is where the editor is, not above the viewport.
		const alert = edit
			.getByRole('alert')
			.filter({ hasText: 'Jemand anderes hat diese Idee inzwischen geändert.' });
		await expect(alert).toBeVisible();
		await expect(alert).toBeInViewport();
		await expect(edit.locator('.outcome')).toBeFocused();
		await expect(alert).toContainText('Version 2');
		await expect(alert).toContainText('Priorität Dringend');
		await expect(alert).toContainText('Schlagwörter eilt');
		// The page now shows the idea as it is: version, fields; what was written stays.
		await expect(page.locator('p.meta').first()).toContainText('Version 2');
		await expect(edit.getByLabel('Priorität')).toHaveValue('urgent');
		await expect(edit.getByLabel('Schlagwörter (durch Komma getrennt)')).toHaveValue('eilt');
		await expect(edit.getByLabel('Notiz (nur für die Verwaltung sichtbar)')).toHaveValue(
			'Bitte zurückrufen.'
		);
		const [row] = await sql`select priority, version from public.ideas where id = ${idea.id}`;
		expect(row).toEqual({ priority: 'urgent', version: 2 });
		expect(await sql`select 1 from public.idea_events where idea_id = ${idea.id}`).toHaveLength(0);

		// Saving again is now a deliberate decision against what the editor has seen.
		await edit.getByLabel('Priorität').selectOption('low');
		await edit.getByRole('button', { name: 'Speichern' }).click();
		await expect(edit.getByText('Gespeichert.', { exact: false })).toBeVisible();
		expect((await sql`select priority from public.ideas where id = ${idea.id}`)[0]?.priority).toBe(
			'low'
		);
	});

	test('unsaved changes: leaving the page asks first', async ({ page, freshUser, sql }) => {
		const idea = await insertIdea(sql, await userId(sql, freshUser), 'published');
		await signIn(page, STAFF);
		await page.goto(`/verwaltung/ideen/${idea.id}`);
		const edit = page.getByRole('form', { name: 'Bearbeiten' });
		await edit
			.getByLabel('Fachbereich')
			.selectOption({ label: 'Fachbereich Tiefbau, Verkehr und Umwelt' });
		await expect(edit.getByText('Ungespeicherte Änderungen.')).toBeVisible();

		// Starting a merge meanwhile keeps what is typed in the form.
		const duplicates = page.getByRole('region', { name: 'Mögliche Dubletten' });
		await duplicates.getByLabel('Ziel-Idee (UUID)').fill(NEAR);
		await duplicates.getByRole('button', { name: 'Weiter zur Bestätigung' }).click();
		await expect(
			duplicates.getByRole('heading', { name: 'Zusammenführung bestätigen' })
		).toBeFocused();
		await expect(edit.getByLabel('Fachbereich')).not.toHaveValue('');

		let asked = '';
		page.once('dialog', (dialog) => {
			asked = dialog.message();
			void dialog.dismiss();
		});
		await page.getByRole('link', { name: '← Zur Ideenliste' }).click();
		await expect.poll(() => asked).toContain('noch nicht gespeichert');
		await expect(page).toHaveURL(new RegExp(`/verwaltung/ideen/${idea.id}$`));
		await expect(edit.getByLabel('Fachbereich')).not.toHaveValue('');

		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByRole('link', { name: '← Zur Ideenliste' }).click();
		await expect(page).toHaveURL(/\/verwaltung\/ideen$/);
		expect(
			(await sql`select department_id from public.ideas where id = ${idea.id}`)[0]?.department_id
		).toBeNull();
	});

	test('merging two duplicates keeps every supporter once and tells both timelines', async ({
		page,
		freshUser,
		sql
	}) => {
		const { source, target } = await duplicatePair(
			sql,
			await userId(sql, freshUser),
			'Glasfaser Gewerbegebiet Nord'
		);
		const voters = await sql<{ id: string }[]>`
			select id from auth.users where email like '%@musterstadt.example' order by email limit 3`;
		const [both, onlySource, onlyTarget] = voters.map((v) => v.id);
		await sql`insert into public.votes (idea_id, user_id) values
			(${source.id}, ${both!}), (${target.id}, ${both!}),
			(${source.id}, ${onlySource!}), (${target.id}, ${onlyTarget!})`;

		await signIn(page, STAFF);
		await page.goto(`/verwaltung/ideen/${source.id}`);
		const duplicates = page.getByRole('region', { name: 'Mögliche Dubletten' });
		await expect(duplicates.getByRole('link', { name: target.title })).toBeVisible();
		const reason = 'Gleiches Anliegen, hier geht es weiter.';
		await duplicates.getByLabel(REASON_LABEL).fill(reason);
		const pick = duplicates.getByRole('button', {
			name: `In diese Idee zusammenführen: ${target.title}`
		});

		// Picking a suggestion only asks; cancelling leaves everything as it was.
		await pick.click();
		const confirmHeading = duplicates.getByRole('heading', { name: 'Zusammenführung bestätigen' });
		await expect(confirmHeading).toBeFocused();
		await expectNoViolations(page);
		await duplicates.getByRole('link', { name: 'Abbrechen' }).click();
		await expect(confirmHeading).toHaveCount(0);
		expect((await sql`select status from public.ideas where id = ${source.id}`)[0]?.status).toBe(
			'published'
		);

		await duplicates.getByLabel(REASON_LABEL).fill(reason);
		await pick.click();
		await expect(confirmHeading).toBeFocused();
		await expect(duplicates.getByRole('link', { name: target.title })).toBeVisible();
		await expect(duplicates.getByText('Veröffentlicht')).toBeVisible();
		await expect(duplicates.getByRole('definition').filter({ hasText: /^2$/ })).toBeVisible();
		const reasonField = duplicates.getByLabel(REASON_LABEL);
		await expect(reasonField).toHaveValue(reason);

		// The public reason is required: without it the confirmation stays, with its target.
		await reasonField.fill('  ');
		await duplicates.getByRole('button', { name: 'Zusammenführen bestätigen' }).click();
		await expect(reasonField).toBeFocused();
		await expect(reasonField).toHaveAccessibleDescription(/Bitte geben Sie eine Begründung an\./);
		await expect(confirmHeading).toBeVisible();
		await expect(duplicates.getByRole('link', { name: target.title })).toBeVisible();
		expect((await sql`select status from public.ideas where id = ${source.id}`)[0]?.status).toBe(
			'published'
		);
		await expectNoViolations(page);

		await reasonField.fill(reason);
		await duplicates.getByRole('button', { name: 'Zusammenführen bestätigen' }).click();
		await expect(page.getByText('Diese Idee ist in eine andere Idee aufgegangen.')).toBeVisible();
		const [merged] =
			await sql`select status, merged_into, status_reason from public.ideas where id = ${source.id}`;
		expect(merged).toEqual({ status: 'merged', merged_into: target.id, status_reason: reason });
		const history = await sql`select body from public.idea_events
			where idea_id = ${source.id} and to_status = 'merged'`;
		expect(history).toEqual([{ body: reason }]);

		const supporters =
			await sql`select user_id from public.votes where idea_id = ${target.id} order by user_id`;
		expect(supporters.map((s) => s.user_id)).toEqual([both, onlySource, onlyTarget].sort());
		const [counts] = await sql`select
			(select vote_count from public.ideas where id = ${target.id}) as target,
			(select count(*)::int from public.votes where idea_id = ${source.id}) as source`;
		expect(counts).toEqual({ target: 3, source: 0 });

		// The authors learn it from the public timelines of both ideas.
		await page.goto(`/ideen/${source.id}`);
		await expect(
			page.getByText('Diese Idee wurde mit einer ähnlichen Idee zusammengeführt.')
		).toBeVisible();
		await expect(page.getByText(reason).first()).toBeVisible();
		await page.goto(`/ideen/${target.id}`);
		await expect(page.getByText('Mit einer anderen Idee zusammengeführt')).toBeVisible();
	});

	test.describe('without JavaScript', () => {
		// A confirmation without its reason is answered 400, which the browser logs.
		test.use({ javaScriptEnabled: false, expectedConsoleErrors: [/status of 400/] });

		test('merging is a form flow: pick, confirm with the reason, merged', async ({
			page,
			freshUser,
			sql
		}) => {
			const { source, target } = await duplicatePair(
				sql,
				await userId(sql, freshUser),
				'WLAN im Rathausfoyer'
			);
			await signIn(page, STAFF);
			await page.goto(`/verwaltung/ideen/${source.id}`);
			const duplicates = page.getByRole('region', { name: 'Mögliche Dubletten' });
			const reason = 'Dasselbe Anliegen.';
			await duplicates.getByLabel(REASON_LABEL).fill(reason);
			const pick = duplicates.getByRole('button', {
				name: `In diese Idee zusammenführen: ${target.title}`
			});
			const confirmHeading = duplicates.getByRole('heading', {
				name: 'Zusammenführung bestätigen'
			});
			const isPublished = async () =>
				expect(
					(await sql`select status from public.ideas where id = ${source.id}`)[0]?.status
				).toBe('published');

			// Cancelling is a link back: nothing merged.
			await pick.click();
			await expect(confirmHeading).toBeVisible();
			await duplicates.getByRole('link', { name: 'Abbrechen' }).click();
			await expect(confirmHeading).toHaveCount(0);
			await isPublished();

			// The reason typed above the suggestions comes along; confirming without one posts back to
			// the confirmation, with its target.
			await duplicates.getByLabel(REASON_LABEL).fill(reason);
			await pick.click();
			await expect(duplicates.getByLabel(REASON_LABEL)).toHaveValue(reason);
			await duplicates.getByLabel(REASON_LABEL).fill('');
			await duplicates.getByRole('button', { name: 'Zusammenführen bestätigen' }).click();
			await expect(duplicates.getByText('Bitte geben Sie eine Begründung an.')).toBeVisible();
			await expect(duplicates.getByRole('link', { name: target.title })).toBeVisible();
			await isPublished();
			await duplicates.getByLabel(REASON_LABEL).fill(reason);
			await expect(duplicates.getByLabel(REASON_LABEL)).toHaveValue(reason);
			await duplicates.getByRole('button', { name: 'Zusammenführen bestätigen' }).click();
			await expect(page.getByText('Diese Idee ist in eine andere Idee aufgegangen.')).toBeVisible();
			const [merged] =
				await sql`select status, merged_into, status_reason from public.ideas where id = ${source.id}`;
			expect(merged).toEqual({ status: 'merged', merged_into: target.id, status_reason: reason });
		});
	});

	test('bulk status change from the table', async ({ page, freshUser, sql }) => {
		const author = await userId(sql, freshUser);
		const word = `Bulk${randomUUID().replaceAll('-', '').slice(0, 8)}`;
		const a = await insertIdea(sql, author, 'published', `Sitzbank mit WLAN ${word}`);
		const b = await insertIdea(sql, author, 'published', `Sitzbank mit WLAN ${word}`);
		await signIn(page, STAFF);
		await page.goto(`/verwaltung/ideen?q=${word}`);
		await page.getByLabel(`„${a.title}“ auswählen`).check();
		await page.getByLabel(`„${b.title}“ auswählen`).check();
		await page.getByLabel('Neuer Status').selectOption('under_review');
		await page.getByRole('button', { name: 'Auf Auswahl anwenden' }).click();
		await expect(page.getByText('2 Ideen geändert.')).toBeVisible();
		const rows = await sql`select status from public.ideas where id in (${a.id}, ${b.id})`;
		expect(rows.map((r) => r.status)).toEqual(['under_review', 'under_review']);
	});
});

test.describe('accessibility in English', () => {
	// The seeded staff profile keeps German; signing in would bring it back. Choosing English is
	// what the language switcher does: it sets the cookie.
	test.beforeEach(async ({ context, baseURL }) => {
		await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
	});

	for (const path of [
		'/verwaltung',
		'/verwaltung/moderation',
		'/verwaltung/ideen?sort=vote_count'
	]) {
		test(`${path} has no axe violations`, async ({ page }) => {
			await signIn(page, STAFF);
			await page.goto(path);
			await expect(page.locator('html')).toHaveAttribute('lang', 'en');
			await expectNoViolations(page);
		});
	}

	test('the idea detail has no axe violations', async ({ page, freshUser, sql }) => {
		const idea = await insertIdea(sql, await userId(sql, freshUser), 'published');
		await signIn(page, STAFF);
		await page.goto(`/verwaltung/ideen/${idea.id}`);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expectNoViolations(page);
	});

	test('a refused status change names the possible ones in English', async ({
		page,
		freshUser,
		sql
	}) => {
		const idea = await insertIdea(sql, await userId(sql, freshUser), 'published');
		await sql`update public.ideas set status = 'declined', status_reason = 'Nicht zuständig.'
			where id = ${idea.id}`;
		const respond = await askForStatus(page, idea.id, 'implemented', 'en');
		await expect(respond.getByRole('alert')).toHaveText(
			'This status change is not possible. From “Declined” the idea can only move to Under review or Hidden.'
		);
		await expectNoViolations(page);
	});
});

test.describe('German overview', () => {
	test('the overview has no axe violations', async ({ page }) => {
		await signIn(page, STAFF);
		await page.goto('/verwaltung');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verwaltung');
		await expectNoViolations(page);
	});
});

test.describe('phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('smoke: the triage table and moderation work at 390 px', async ({ page }) => {
		await signIn(page, STAFF);
		await page.goto('/verwaltung/ideen');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ideen');
		await expect(page.getByRole('table')).toBeVisible();
		// The table scrolls inside its region; the page itself does not scroll sideways.
		const widest = await page.evaluate(() => {
			const limit = document.documentElement.clientWidth;
			const wide = [...document.querySelectorAll<HTMLElement>('body *')].filter(
				(el) => el.getBoundingClientRect().right > limit + 1 && !el.closest('.table-wrap')
			);
			return wide.slice(0, 3).map((el) => `${el.tagName}.${el.className}`);
		});
		expect(widest).toEqual([]);
		await page
			.getByRole('navigation', { name: 'Bereiche der Verwaltung' })
			.getByRole('link', { name: 'Moderation' })
			.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moderation');
	});
});
