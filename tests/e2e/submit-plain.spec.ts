import type { Page, Route } from '@playwright/test';
import { expectNoViolations } from './support/a11y.ts';
import { expect, signIn, test } from './support/fixtures.ts';
import {
	DRAFT_KEY,
	districtCentre,
	ideasTitled,
	next,
	stepHeading,
	uniqueWord
} from './support/wizard.ts';

/** The submission wizard as plain HTML forms, and in the moments before its script has started. */

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	// A refused step is a page answered with 400, which Chromium logs.
	test.use({ expectedConsoleErrors: [/status of 400/] });

	test('every step is a form: refusals keep what was typed, Back and Edit keep the draft, the idea arrives', async ({
		page,
		sql,
		freshUser
	}) => {
		const title = `Termine im Bürgerbüro online ${uniqueWord()}`;
		const ostend = await districtCentre(sql, 'ostend');
		await page.goto('/ideen/neu');
		// Signed out, the page says the draft cannot be kept here, and where to sign in first.
		await page.getByRole('link', { name: 'Zur Anmeldung' }).click();
		await expect(page).toHaveURL('/anmelden?redirectTo=%2Fideen%2Fneu');
		await signIn(page, freshUser);
		await page.goto('/ideen/neu');
		await expect(page.getByRole('link', { name: 'Zur Anmeldung' })).toHaveCount(0);
		// The device location needs JavaScript: no button that would do nothing.
		await expect(page.getByRole('button', { name: 'Meinen Standort verwenden' })).toBeHidden();

		await next(page);
		await expect(stepHeading(page)).toHaveText('Wo soll Ihre Idee wirken?');
		await expect(page.getByLabel('Stadtteil')).toHaveAccessibleDescription(
			/Bitte wählen Sie einen Ort/
		);
		await page.getByLabel('Stadtteil').selectOption({ label: 'Ostend' });
		await page.getByLabel('Adresse oder Ortsbeschreibung').fill('Rathaus, Eingang Süd');
		await next(page);

		await expect(stepHeading(page)).toHaveText('Was schlagen Sie vor?');
		await expect(page.getByText('Schritt 2 von 4', { exact: true })).toBeVisible();
		await page.getByLabel('Titel').fill('Kurz');
		await page.getByLabel('Beschreibung').fill('Auch für Anträge.');
		await next(page);
		await expect(page.getByLabel('Titel')).toHaveAccessibleDescription(
			/Der Titel braucht mindestens 5 Zeichen\./
		);
		await expect(page.getByLabel('Beschreibung')).toHaveValue('Auch für Anträge.');

		// Back goes without checking the step, and the place is still chosen.
		await page.getByRole('button', { name: 'Zurück' }).click();
		await expect(stepHeading(page)).toHaveText('Wo soll Ihre Idee wirken?');
		await expect(page.getByLabel('Stadtteil')).toHaveValue('ostend');
		await expect(page.getByText('Gewählter Ort: Mitte des Stadtteils Ostend.')).toBeVisible();
		await next(page);
		await page.getByLabel('Titel').fill(title);
		await next(page);

		await expect(stepHeading(page)).toHaveText('Details');
		await next(page);
		await expect(page.getByLabel('Handlungsfeld')).toHaveAccessibleDescription(
			/Bitte wählen Sie ein Handlungsfeld\./
		);
		await page.getByLabel('Handlungsfeld').selectOption('verwaltung');
		await next(page);

		await expect(stepHeading(page)).toHaveText('Alles richtig?');
		await expect(page.getByText(title)).toBeVisible();
		await expect(page.getByText('📍 Rathaus, Eingang Süd')).toBeVisible();
		await page.getByRole('button', { name: /^Ändern ?: Titel, Beschreibung$/ }).click();
		await expect(page.getByLabel('Titel')).toHaveValue(title);
		await page.getByLabel('Beschreibung').fill('Auch für Anträge und am Abend.');
		await next(page);
		await expect(page.getByLabel('Handlungsfeld')).toHaveValue('verwaltung');
		await next(page);
		await page.getByRole('button', { name: 'Idee einreichen' }).click();

		await expect(
			page.getByRole('heading', { name: 'Danke! Ihre Idee wird geprüft.' })
		).toBeVisible();
		const rows = await ideasTitled(sql, title);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			status: 'submitted',
			field_slug: 'verwaltung',
			district_id: ostend.id,
			body: 'Auch für Anträge und am Abend.\n\n📍 Rathaus, Eingang Süd'
		});
		expect(rows[0]!.lat).toBeCloseTo(ostend.lat, 9);
		expect(rows[0]!.lng).toBeCloseTo(ostend.lng, 9);
		await sql`delete from public.ideas where id = ${rows[0]!.id}`;
	});

	test('a step form cannot skip ahead of its draft', async ({ page }) => {
		// A hand-made post that asks for the review of a draft without a place or a title.
		await page.goto('/ideen/neu');
		const response = await page.request.post('/ideen/neu?/step', {
			form: { schritt: 'ort', gehe: 'pruefen', id: crypto.randomUUID(), title: 'x' },
			headers: { origin: new URL(page.url()).origin, accept: 'application/json' }
		});
		const body = (await response.json()) as { type: string; data: string };
		expect(body.type).toBe('success');
		// devalue-encoded: the step the server answers with is the first unfinished one.
		expect(body.data).toContain('"ort"');
		expect(body.data).not.toContain('"pruefen"');
	});
});

/** Holds the app's scripts until released: the page is as the server drew it, the wizard not started. */
async function holdScripts(page: Page) {
	const held: Route[] = [];
	let holding = true;
	await page.route('**/_app/immutable/**', (route) => {
		if (holding) held.push(route);
		else void route.continue();
	});
	return async () => {
		holding = false;
		await Promise.all(held.splice(0).map((route) => route.continue()));
	};
}

test('a district and a hint entered before the wizard has started are kept when it starts', async ({
	page
}) => {
	const release = await holdScripts(page);
	await page.goto('/ideen/neu', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Stadtteil').selectOption({ label: 'Nordstadt' });
	await page.getByLabel('Adresse oder Ortsbeschreibung').fill('Am Wasserturm');
	await release();

	// The wizard has started (it says which place it has) and kept both.
	await expect(page.getByText('Gewählter Ort: Mitte des Stadtteils Nordstadt.')).toBeVisible();
	await expect(page.getByLabel('Stadtteil')).toHaveValue('nordstadt');
	await expect(page.getByLabel('Adresse oder Ortsbeschreibung')).toHaveValue('Am Wasserturm');
	await next(page);
	await expect(stepHeading(page)).toHaveText('Was schlagen Sie vor?');
	const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)!), DRAFT_KEY);
	expect(stored).toMatchObject({
		district: 'nordstadt',
		placeSource: 'district',
		placeHint: 'Am Wasserturm'
	});
});

test('Next pressed before the wizard has started goes on, and the wizard takes the draft', async ({
	page
}) => {
	const release = await holdScripts(page);
	await page.goto('/ideen/neu', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Stadtteil').selectOption({ label: 'Südstadt' });
	await next(page);
	// The server answered the plain form post with the next step (axe checks it as drawn).
	await expect(stepHeading(page)).toHaveText('Was schlagen Sie vor?');
	await expectNoViolations(page);
	await release();

	const title = `Sensoren im Park ${uniqueWord()}`;
	await page.getByLabel('Titel').fill(title);
	await expect
		.poll(() => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), DRAFT_KEY))
		.toMatchObject({ title, district: 'suedstadt', placeSource: 'district' });
	await page.getByRole('button', { name: 'Zurück' }).click();
	await expect(page).toHaveURL('/ideen/neu?schritt=ort');
	await expect(page.getByText('Gewählter Ort: Mitte des Stadtteils Südstadt.')).toBeVisible();
});
