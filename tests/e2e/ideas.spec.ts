import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import type postgres from 'postgres';
import { expect, test, type Account } from './support/fixtures.ts';

// The idea page shows a small map: its tiles are answered locally.

/** Seed idea 1 ("Online-Terminbuchung fürs Bürgerbüro"): answered, commented, in a measure. */
const SEED_IDEA = '/ideen/00000000-0000-4000-b000-000000000001';
const HIDDEN_IDEA = '/ideen/00000000-0000-4000-b000-000000000040';
const SUBMITTED_IDEA = '/ideen/00000000-0000-4000-b000-000000000007';
const UNKNOWN_IDEA = '/ideen/0b6c1c4e-5f2a-4d7e-9a51-3c2e8f0d1a77';

/**
 * A published idea of its own per test (next to seed idea 3, in Mobilität & Verkehr), so tests
 * that support and comment on it can run in parallel; a random word makes it findable.
 */
async function freshIdea(sql: postgres.Sql) {
	const word = `Probe${randomUUID().replaceAll('-', '').slice(0, 10)}`;
	const title = `Ladesäulen am Nordfriedhof ${word}`;
	const [idea] = await sql<{ id: string }[]>`
		insert into public.ideas (author_id, kind, title, body, field_slug, lat, lng, status, published_at)
		select '00000000-0000-4000-a000-000000000022', 'idea', ${title},
			'Am Nordfriedhof fehlen Ladesäulen für Elektroautos und E-Bikes.', 'mobilitaet',
			lat, lng, 'published', now()
		from public.ideas where id = '00000000-0000-4000-b000-000000000003'
		returning id`;
	return { id: idea!.id, title, word };
}

async function browseSupportAndComment(page: Page, sql: postgres.Sql, account: Account) {
	const idea = await freshIdea(sql);
	try {
		await page.goto('/');
		const filters = page.getByRole('form', { name: 'Ideen filtern' });
		await filters.getByLabel('Suche').fill(idea.word);
		await filters.getByLabel('Handlungsfeld').selectOption({ label: 'Mobilität & Verkehr' });
		await filters.getByRole('button', { name: 'Ideen anzeigen' }).click();
		await expect(page).toHaveURL(/[?&]field=mobilitaet/);
		await expect(page).toHaveURL(new RegExp(`[?&]q=${idea.word}`));
		await expect(filters.getByLabel('Handlungsfeld')).toHaveValue('mobilitaet');
		await expect(page.getByText('1 Idee gefunden.')).toBeVisible();

		const list = page.getByRole('region', { name: 'Ideen aus der Stadt' });
		await list.getByRole('link', { name: idea.title }).click();
		await expect(page).toHaveURL(`/ideen/${idea.id}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(idea.title);
		await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', idea.title);
		await expect(page.locator('meta[property="og:url"]')).toHaveAttribute(
			'content',
			new RegExp(`/ideen/${idea.id}$`)
		);
		await expect(page.getByText('Helga B. (Einwohnerin oder Einwohner)')).toBeVisible();
		const count = page.locator('#support-count');
		await expect(count).toHaveText('0 Unterstützungen');

		// Signed out, supporting means signing in first; that finishes the support and comes back
		// to the support box.
		await page.getByRole('link', { name: 'Zum Unterstützen anmelden' }).click();
		await expect(page).toHaveURL(/\/anmelden\?redirectTo=/);
		const form = page.getByRole('main');
		await form.getByLabel('E-Mail-Adresse').fill(account.email);
		await form.getByLabel('Passwort').fill(account.password);
		await form.getByRole('button', { name: 'Anmelden' }).click();
		await expect(page).toHaveURL(`/ideen/${idea.id}#unterstuetzung`);
		await expect(count).toHaveText('1 Unterstützung');
		await expect(page.getByRole('region', { name: 'Unterstützung' })).toBeInViewport();
		await expect(page.getByText('Sie unterstützen diese Idee.')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Unterstützung zurücknehmen' })).toBeVisible();

		const text = `Gute Idee, ${idea.word} – am besten mit Schnellladern.`;
		await page.getByLabel('Ihr Kommentar').fill(text);
		await page.getByRole('button', { name: 'Kommentar senden' }).click();
		const comments = page.getByRole('region', { name: '1 Kommentar' });
		await expect(comments.getByRole('listitem')).toHaveCount(1);
		await expect(comments.getByRole('listitem')).toContainText(text);
		await expect(comments.getByRole('listitem')).toContainText(account.displayName);
		await expect(page.getByLabel('Ihr Kommentar')).toHaveValue('');

		// A reload shows what the database holds.
		await page.goto(`/ideen/${idea.id}`);
		await expect(count).toHaveText('1 Unterstützung');
		await expect(page.getByRole('region', { name: '1 Kommentar' })).toContainText(text);
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
}

test('browse, filter by field, open an idea, sign in to support it, and comment', async ({
	page,
	sql,
	freshUser
}) => {
	await browseSupportAndComment(page, sql, freshUser);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the same journey works as plain links and form posts', async ({ page, sql, freshUser }) => {
		await browseSupportAndComment(page, sql, freshUser);
	});
});

test('an idea shows its history, official answer, measure and comments', async ({ page }) => {
	await page.goto(SEED_IDEA);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Online-Terminbuchung fürs Bürgerbüro'
	);
	const history = page.getByRole('region', { name: 'Verlauf' });
	await expect(history).toContainText('Offizielle Antwort der Stadt');
	await expect(history).toContainText('Status: In Umsetzung');
	await expect(page.getByRole('region', { name: 'Maßnahme der digitalen Agenda' })).toContainText(
		'Online-Termine und Formulare im Bürgerbüro'
	);
	await expect(page.getByRole('link', { name: 'Zum Kommentieren anmelden' })).toBeVisible();
});

test('the list pages with a "more" link and keeps the filter', async ({ page }) => {
	await page.goto('/?sort=newest');
	await expect(page.getByLabel('Sortierung')).toHaveValue('newest');
	const more = page.getByRole('link', { name: 'Weitere Ideen anzeigen' });
	await expect(more).toHaveAttribute('href', '/?sort=newest&page=2#ideas-results');
	await more.click();
	// The next page opens at its results, not at the top.
	await expect(page.getByText(/^\d+ Ideen? gefunden\. Seite 2\.$/)).toBeInViewport();
	await expect(page.getByRole('link', { name: 'Vorherige Ideen' })).toBeVisible();
});

test.describe('ideas nobody may see', () => {
	test.use({ expectedConsoleErrors: [/status of 404/] });

	for (const path of [UNKNOWN_IDEA, HIDDEN_IDEA, SUBMITTED_IDEA]) {
		test(`${path} is not found`, async ({ page }) => {
			const response = await page.goto(path);
			expect(response?.status()).toBe(404);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seite nicht gefunden');
		});
	}
});
