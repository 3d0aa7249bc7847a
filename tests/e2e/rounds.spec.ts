import { randomUUID } from 'node:crypto';
import { expectNoViolations } from './support/a11y.ts';
import { expect, makeRole, signIn, test } from './support/fixtures.ts';
import { berlinDay, closeOpenRounds, oneRoundTestAtATime } from './support/rounds.ts';

/** A day as the app writes it in German ("12. Dezember 2026"). */
const germanDate = (day: string) =>
	new Intl.DateTimeFormat('de-DE', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(day));

test('staff create a round as a draft, publish it and end it early; the start page shows the call while it runs, the archive keeps it; axe clean in de and en', async ({
	page,
	context,
	sql,
	stack,
	freshUser
}) => {
	test.slow(); // Eight axe runs.
	const title = `Digitales Rathaus ${randomUUID().slice(0, 8)}`;
	const question = 'Welche Behördengänge sollen Sie künftig online erledigen können?';
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);
	const [today, lastDay] = await Promise.all([berlinDay(sql), berlinDay(sql, 7)]);

	await oneRoundTestAtATime(sql, async () => {
		let id = '';
		try {
			await page.goto('/verwaltung');
			await page
				.getByRole('navigation', { name: 'Bereiche der Verwaltung' })
				.getByRole('link', { name: 'Beteiligung' })
				.click();
			await expect(
				page.getByRole('heading', { level: 1, name: 'Beteiligungsrunden' })
			).toBeVisible();
			const form = page.getByRole('region', { name: 'Neue Runde' });
			await form.getByLabel('Titel').fill(title);
			await form.getByLabel('Frage (Text des Aufrufs)').fill(question);
			await form.getByLabel('Erster Tag').fill(today);
			await form.getByLabel('Letzter Tag').fill(lastDay);
			await form.getByLabel('Bürgerservice & Verwaltung').check();
			await form.getByRole('button', { name: 'Runde als Entwurf anlegen' }).click();
			await expect(page.getByRole('status')).toContainText('Runde als Entwurf angelegt.');
			id = /\/verwaltung\/beteiligung\/([0-9a-f-]{36})/.exec(page.url())![1]!;
			await expect(page.getByText('Entwurf', { exact: true })).toBeVisible();

			// A draft is nobody's call yet: not on the start page, no public page.
			const response = await fetch(new URL(`/beteiligung/${id}`, stack.appOrigin));
			expect(response.status).toBe(404);
			await page.goto('/');
			await expect(page.getByRole('article', { name: title })).toHaveCount(0);

			await page.goto(`/verwaltung/beteiligung/${id}`);
			await page.getByRole('button', { name: 'Veröffentlichen' }).click();
			await expect(page.getByRole('status')).toContainText('Runde veröffentlicht.');
			await expect(page.getByText('Läuft', { exact: true })).toBeVisible();
			await expectNoViolations(page);

			await page.goto('/');
			const call = page.getByRole('article', { name: title });
			await expect(call).toContainText(question);
			await expect(call).toContainText(`Ideen bis einschließlich ${germanDate(lastDay)}`);
			await expect(call).toContainText('Handlungsfelder: Bürgerservice & Verwaltung');
			await expect(call.getByRole('link', { name: 'Idee einreichen' })).toHaveAttribute(
				'href',
				`/ideen/neu?runde=${id}`
			);
			await expectNoViolations(page);
			// Every page's footer leads to the calls, open or past.
			await expect(
				page.getByRole('contentinfo').getByRole('link', { name: 'Beteiligungsrunden' })
			).toHaveAttribute('href', '/beteiligung');

			await call.getByRole('link', { name: title }).click();
			await expect(page).toHaveURL(`/beteiligung/${id}`);
			await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
			await expect(
				page.getByText('Zu dieser Runde ist noch keine Idee veröffentlicht.')
			).toBeVisible();
			await expectNoViolations(page);
			await page.getByRole('link', { name: 'Alle Beteiligungsrunden' }).click();
			await expect(
				page.getByRole('region', { name: 'Laufende Aufrufe' }).getByRole('link', { name: title })
			).toBeVisible();
			await expectNoViolations(page);

			await context.addCookies([{ name: 'locale', value: 'en', url: stack.appOrigin }]);
			for (const path of ['/beteiligung', `/beteiligung/${id}`, '/verwaltung/beteiligung']) {
				await page.goto(path);
				await expect(page.locator('html')).toHaveAttribute('lang', 'en');
				await expectNoViolations(page);
			}
			await expect(
				page.getByRole('heading', { level: 1, name: 'Participation rounds' })
			).toBeVisible();
			await context.addCookies([{ name: 'locale', value: 'de', url: stack.appOrigin }]);

			await page.goto(`/verwaltung/beteiligung/${id}`);
			await page.getByRole('button', { name: 'Vorzeitig beenden' }).click();
			await expect(page.getByRole('status')).toContainText('Runde beendet.');
			const [row] = await sql`select closed_at from public.participation_rounds where id = ${id}`;
			expect(row!.closed_at).not.toBeNull();
			await page.goto('/');
			await expect(page.getByRole('article', { name: title })).toHaveCount(0);
			await page.goto('/beteiligung');
			await expect(
				page.getByRole('region', { name: 'Vergangene Aufrufe' }).getByRole('link', { name: title })
			).toBeVisible();
		} finally {
			await closeOpenRounds(sql, id ? [id] : []);
		}
	});
});

test('a round refused by the database keeps what staff typed and says why', async ({
	page,
	sql,
	freshUser
}) => {
	await makeRole(sql, freshUser, 'staff');
	await signIn(page, freshUser);
	await page.goto('/verwaltung/beteiligung');
	const form = page.getByRole('region', { name: 'Neue Runde' });
	await form.getByLabel('Titel').fill('Runde mit verdrehten Tagen');
	await form.getByLabel('Frage (Text des Aufrufs)').fill('Was soll die Stadt verbessern?');
	await form.getByLabel('Erster Tag').fill('2031-05-10');
	await form.getByLabel('Letzter Tag').fill('2031-05-01');
	await form.getByRole('button', { name: 'Runde als Entwurf anlegen' }).click();
	await expect(form.getByText('Der letzte Tag liegt vor dem ersten.')).toBeVisible();
	await expect(form.getByLabel('Titel')).toHaveValue('Runde mit verdrehten Tagen');
	await expect(form.getByLabel('Letzter Tag')).toHaveAttribute('aria-invalid', 'true');
	const rows = await sql`select 1 from public.participation_rounds
		where title = 'Runde mit verdrehten Tagen'`;
	expect(rows).toHaveLength(0);
});

test(
	'an admin takes ideas only during rounds: with none open, the wizard says so on its first step and names the next round',
	{ tag: '@alone' },
	async ({ page, context, sql, stack, freshUser }) => {
		await makeRole(sql, freshUser, 'admin');
		await signIn(page, freshUser);
		await oneRoundTestAtATime(sql, async () => {
			const starts = await berlinDay(sql, 5);
			const [planned] = await sql<{ id: string }[]>`
			insert into public.participation_rounds (title, question, starts_on, ends_on, published_at)
			values ('Geplante Runde', 'Was wünschen Sie sich vom Stadtarchiv?', ${starts}::date,
				${starts}::date + 14, now())
			returning id`;
			await page.goto('/verwaltung/admin/einstellungen');
			const setting = page.getByLabel('Ideen einreichen');
			await expect(setting).toHaveValue('false');
			// As short as possible from here: every visitor's submissions are closed meanwhile.
			try {
				await setting.selectOption({ label: 'Nur während einer laufenden Beteiligungsrunde' });
				await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
				await expect(page.getByRole('status')).toContainText('Gespeichert.');
				const [row] = await sql`select submissions_only_in_rounds from public.settings`;
				expect(row!.submissions_only_in_rounds).toBe(true);

				await page.goto('/ideen/neu');
				const notice = page.getByRole('region', { name: 'Gerade nimmt die Stadt keine Ideen an' });
				await expect(notice).toContainText('nur während einer Beteiligungsrunde');
				await expect(notice).toContainText(`Die nächste Runde beginnt am ${germanDate(starts)}.`);
				// On the first step, before anything is typed.
				await expect(page.getByText('Schritt 1 von 4', { exact: true })).toBeVisible();
				await expectNoViolations(page);
				await context.addCookies([{ name: 'locale', value: 'en', url: stack.appOrigin }]);
				await page.reload();
				await expect(
					page.getByRole('region', { name: 'The town is not taking ideas right now' })
				).toContainText('The next round starts on');
				await expectNoViolations(page);
			} finally {
				await sql`update public.settings set submissions_only_in_rounds = false`;
				await sql`update public.participation_rounds set closed_at = now() where id = ${planned!.id}`;
			}
		});
	}
);
