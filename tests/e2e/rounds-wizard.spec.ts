import { expectNoViolations } from './support/a11y.ts';
import { expect, signIn, test } from './support/fixtures.ts';
import { closeOpenRounds, oneRoundTestAtATime, openRound } from './support/rounds.ts';
import { chooseDistrict, next, uniqueWord } from './support/wizard.ts';

test('a resident answers a call: from the start page into the wizard with the round chosen; the idea shows its round on its page, its card and the round page', async ({
	page,
	sql,
	freshUser
}) => {
	test.slow(); // A whole submission and two axe runs, on a phone too.
	const word = uniqueWord();
	const title = `Online-Bürgerbüro ${word}`;
	await signIn(page, freshUser);
	await oneRoundTestAtATime(sql, async () => {
		const round = await openRound(sql, { fields: ['verwaltung'] });
		// Another open round that ends sooner: without the pick the database would take that one.
		const other = await openRound(sql, { days: 2 });
		try {
			await page.goto('/');
			const call = page.getByRole('article', { name: round.title });
			await call.getByRole('link', { name: 'Idee einreichen' }).click();
			await expect(page).toHaveURL(`/ideen/neu?runde=${round.id}`);
			await expect(
				page.getByRole('complementary', { name: 'Laufende Beteiligungsrunde' })
			).toContainText(round.title);

			await page.getByLabel('Titel').fill(title);
			await page
				.getByLabel('Beschreibung')
				.fill('Anträge online stellen statt Wartenummer ziehen.');
			await next(page);
			await chooseDistrict(page, 'Altstadt');
			await next(page);
			await page.getByLabel('Handlungsfeld').selectOption('verwaltung');
			const group = page.getByRole('group', {
				name: 'Zu welcher Beteiligungsrunde gehört Ihre Idee?'
			});
			await expect(group.getByRole('radio', { name: round.title })).toBeChecked();
			await expect(group.getByRole('radio', { name: other.title })).not.toBeChecked();
			await expectNoViolations(page);
			await next(page);
			await page.getByRole('button', { name: 'Idee einreichen' }).click();
			await expect(page.getByText('Danke! Ihre Idee wird geprüft.')).toBeVisible();

			const [idea] = await sql<{ id: string; round_id: string }[]>`
				select id, round_id from public.ideas where title = ${title}`;
			expect(idea!.round_id).toBe(round.id);
			// Approved by the moderation.
			await sql`update public.ideas set status = 'published' where id = ${idea!.id}`;

			await page.goto(`/ideen/${idea!.id}`);
			await expect(page.getByRole('link', { name: round.title })).toHaveAttribute(
				'href',
				`/beteiligung/${round.id}`
			);
			await page.goto(`/?q=${word}`);
			await expect(page.getByRole('article').filter({ hasText: title })).toContainText(
				`Beteiligungsrunde: ${round.title}`
			);
			await page.goto(`/beteiligung/${round.id}`);
			await expect(page.getByRole('link', { name: title })).toBeVisible();
			await expect(page.getByText('1 veröffentlichte Idee')).toBeVisible();
			await expectNoViolations(page);
		} finally {
			await closeOpenRounds(sql, [round.id, other.id]);
		}
	});
});
