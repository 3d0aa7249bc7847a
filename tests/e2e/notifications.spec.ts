import type { Page } from '@playwright/test';
import { expectNoViolations } from './support/a11y.ts';
import { insertIdea, userId } from './support/data.ts';
import { expect, signIn, test } from './support/fixtures.ts';

/** The main navigation's link to the centre, with its unread count when there is one. */
const centreLink = (page: Page) =>
	page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', {
		name: /^Benachrichtigungen/
	});

test('a supporter hears that the town changed the status: header count, the centre, read', async ({
	page,
	sql,
	freshUser
}) => {
	const idea = await insertIdea(sql);
	const me = await userId(sql, freshUser.email);
	await sql`insert into public.votes (idea_id, user_id) values (${idea.id}, ${me})`;
	try {
		await signIn(page, freshUser);
		await page.goto('/');
		await expect(centreLink(page)).toHaveText('Benachrichtigungen');

		// The town takes the idea under review (what set_idea_status writes); the worker that
		// runs beside the app tells the supporter.
		await sql`update public.ideas set status = 'under_review' where id = ${idea.id}`;
		await sql`insert into public.idea_events (idea_id, kind, from_status, to_status)
			values (${idea.id}, 'status_change', 'published', 'under_review')`;
		await expect(async () => {
			await page.reload();
			await expect(centreLink(page)).toHaveText('Benachrichtigungen 1 neu', { timeout: 1000 });
		}).toPass({ timeout: 15_000 });

		await centreLink(page).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Benachrichtigungen');
		const item = page.getByRole('listitem').filter({ hasText: idea.title });
		await expect(item).toContainText(
			`Neu: „${idea.title}“: Der Status ist jetzt „In Prüfung“ (vorher „Veröffentlicht“).`
		);
		await expectNoViolations(page);

		await page.getByRole('button', { name: 'Alle als gelesen markieren' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'Alle Benachrichtigungen sind als gelesen markiert.'
		);
		await expect(item).not.toContainText('Neu:');
		await expect(centreLink(page)).toHaveText('Benachrichtigungen');
		await item.getByRole('link').click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(idea.title);
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
});

test('the centre has no axe violations in English, empty and signed out sends to sign-in', async ({
	page,
	context,
	baseURL,
	freshUser
}) => {
	await page.goto('/konto/benachrichtigungen');
	await expect(page).toHaveURL('/anmelden?redirectTo=%2Fkonto%2Fbenachrichtigungen');
	await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
	await signIn(page, freshUser);
	await page.goto('/konto/benachrichtigungen');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notifications');
	await expect(page.getByText('No notifications yet.', { exact: false })).toBeVisible();
	await expectNoViolations(page);
});

test('supporting keeps one informed; one click turns it off, and then nothing arrives', async ({
	page,
	sql,
	freshUser
}) => {
	const idea = await insertIdea(sql);
	const me = await userId(sql, freshUser.email);
	try {
		await signIn(page, freshUser);
		await page.goto(idea.path);
		const support = page.getByRole('region', { name: 'Unterstützung' });
		await support.getByRole('button', { name: 'Idee unterstützen' }).click();
		await expect(
			support.getByText('Sie werden über Neuigkeiten zu dieser Idee informiert')
		).toBeVisible();
		await support.getByRole('button', { name: 'Nicht mehr informieren' }).click();
		await expect(
			support.getByText('Sie werden über Neuigkeiten zu dieser Idee nicht informiert.')
		).toBeVisible();
		const [vote] = await sql`select notify from public.votes
			where idea_id = ${idea.id} and user_id = ${me}`;
		expect(vote).toEqual({ notify: false });

		await sql`insert into public.idea_events (idea_id, kind, from_status, to_status)
			values (${idea.id}, 'status_change', 'published', 'under_review')`;
		await expect
			.poll(
				async () =>
					(
						await sql`select fanned_out_at from private.notification_events
							where idea_id = ${idea.id}`
					)[0]?.fanned_out_at ?? null,
				{ timeout: 15_000 }
			)
			.not.toBeNull();
		const told = await sql`select 1 from public.notifications where recipient_id = ${me}`;
		expect(told).toHaveLength(0);

		await support.getByRole('button', { name: 'Über Neuigkeiten informieren' }).click();
		await expect(
			support.getByText('Sie werden über Neuigkeiten zu dieser Idee informiert')
		).toBeVisible();
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
});
