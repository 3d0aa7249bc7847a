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

		// What before where: the first step asks for the idea itself.
		await expect(stepHeading(page)).toHaveText('Was schlagen Sie vor?');
		await page.getByLabel('Titel').fill('Kurz');
		await page.getByLabel('Beschreibung').fill('Auch für Anträge.');
		await next(page);
		await expect(page.getByLabel('Titel')).toHaveAccessibleDescription(
			/Der Titel braucht mindestens 5 Zeichen\./
		);
		// A screen reader starts with the page title: it says the step was refused.
		await expect(page).toHaveTitle(/^Fehler – Schritt 1 von 4: Was – Idee einreichen/);
		// The error summary is focused as the page loads (also on a phone: it is in view), and
		// links to the field.
		const summary = page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie:' });
		await expect(summary).toBeFocused();
		await expect(summary).toBeInViewport();
		await expect(
			summary.getByRole('link', { name: 'Der Titel braucht mindestens 5 Zeichen.' })
		).toHaveAttribute('href', '#idea-title');
		await expect(page.getByLabel('Beschreibung')).toHaveValue('Auch für Anträge.');
		await page.getByLabel('Titel').fill(title);
		await next(page);

		await expect(stepHeading(page)).toHaveText('Wo soll Ihre Idee wirken?');
		await expect(page.getByText('Schritt 2 von 4', { exact: true })).toBeVisible();
		// The map and the device location need JavaScript: nothing shown that would do nothing.
		await expect(page.getByRole('application', { name: /Karte/ })).toBeHidden();
		await expect(page.getByText('Karte wird geladen')).toBeHidden();
		await expect(page.getByRole('button', { name: 'Meinen Standort verwenden' })).toBeHidden();
		await next(page);
		await expect(stepHeading(page)).toHaveText('Wo soll Ihre Idee wirken?');
		await expect(page.getByLabel('Stadtteil')).toHaveAccessibleDescription(
			/Bitte wählen Sie einen Ort/
		);
		await page.getByLabel('Stadtteil').selectOption({ label: 'Ostend' });
		await page.getByLabel('Adresse oder Ortsbeschreibung').fill('Rathaus, Eingang Süd');

		// Back goes without checking the step, and the text is still there.
		await page.getByRole('button', { name: 'Zurück' }).click();
		await expect(stepHeading(page)).toHaveText('Was schlagen Sie vor?');
		await expect(page.getByLabel('Titel')).toHaveValue(title);
		await next(page);
		await expect(page.getByLabel('Stadtteil')).toHaveValue('ostend');
		await expect(page.getByText('Gewählter Ort: Mitte des Stadtteils Ostend.')).toBeVisible();
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
		await expect(page.getByLabel('Stadtteil')).toHaveValue('ostend');
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
			body: 'Auch für Anträge und am Abend.',
			place_hint: 'Rathaus, Eingang Süd'
		});
		expect(rows[0]!.lat).toBeCloseTo(ostend.lat, 9);
		expect(rows[0]!.lng).toBeCloseTo(ostend.lng, 9);
		await sql`delete from public.ideas where id = ${rows[0]!.id}`;
	});

	test('a business reports a location need: asked first, the need types follow the kind chosen', async ({
		page,
		sql,
		freshUser
	}) => {
		const title = `Mobilfunkloch am Gewerbehof ${uniqueWord()}`;
		await sql`update public.profiles set kind = 'business', organization = 'Tischlerei Test',
			sector = 'Handwerk' where id = (select id from auth.users where email = ${freshUser.email})`;
		await signIn(page, freshUser);
		await page.goto('/ideen/neu');
		// A business is asked first whether it reports an idea or a location need.
		const kind = page.getByRole('group', { name: 'Idee oder Standortbedarf?' });
		await expect(kind.getByRole('radio', { name: /^Eine Idee/ })).toBeChecked();
		await kind.getByRole('radio', { name: /^Einen Standortbedarf meines Betriebs/ }).check();
		await page.getByLabel('Titel').fill(title);
		await next(page);
		await page.getByLabel('Stadtteil').selectOption({ label: 'Weststadt' });
		await next(page);

		const needTypes = page.getByRole('radiogroup', { name: 'Art des Bedarfs' });
		await expect(needTypes).toBeVisible();
		await needTypes.getByLabel('Mobilfunkempfang').check();
		await next(page);

		await expect(stepHeading(page)).toHaveText('Alles richtig?');
		await expect(
			page.getByText('Einen Standortbedarf meines Betriebs · Mobilfunkempfang')
		).toBeVisible();
		await page.getByRole('button', { name: 'Idee einreichen' }).click();
		await expect(page.getByRole('heading', { name: /^Danke!/ })).toBeVisible();
		const [row] = await sql<{ id: string; kind: string; need_type: string }[]>`
			select id, kind, need_type from public.ideas where title = ${title}`;
		expect(row).toMatchObject({ kind: 'location_need', need_type: 'mobilfunk' });
		await sql`delete from public.ideas where id = ${row!.id}`;
	});

	test('an idea for the whole town: the box hides the place, and no point is sent', async ({
		page,
		sql,
		freshUser
	}) => {
		const title = `Digitales Bürgeramt ${uniqueWord()}`;
		await signIn(page, freshUser);
		await page.goto('/ideen/neu');
		await page.getByLabel('Titel').fill(title);
		await next(page);
		await page.getByLabel('Betrifft die ganze Stadt').check();
		await expect(page.getByLabel('Stadtteil')).toBeHidden();
		await next(page);
		await expect(stepHeading(page)).toHaveText('Details');
		await page.getByLabel('Handlungsfeld').selectOption('verwaltung');
		await next(page);
		await expect(
			page.getByText('Gewählt: die ganze Stadt, ohne Punkt auf der Karte.')
		).toBeVisible();
		await page.getByRole('button', { name: 'Idee einreichen' }).click();
		await expect(page.getByRole('heading', { name: /^Danke!/ })).toBeVisible();
		const [row] = await ideasTitled(sql, title);
		expect(row).toMatchObject({ lat: null, lng: null, district_id: null });
		await sql`delete from public.ideas where id = ${row!.id}`;
	});

	test('a step form cannot skip ahead of its draft', async ({ page }) => {
		await page.goto('/ideen/neu');
		const origin = new URL(page.url()).origin;
		/** The step the server answers a hand-made post with, to be drawn without JavaScript. */
		const answer = async (form: Record<string, string>) => {
			const response = await page.request.post('/ideen/neu?/step', {
				form: { id: crypto.randomUUID(), ...form },
				headers: { origin, accept: 'application/json' }
			});
			const body = (await response.json()) as { type: string; data: string };
			expect(body.type).toBe('success');
			// devalue's flat form: the first entry is the answer, its fields index the others.
			const values = JSON.parse(body.data) as unknown[];
			return values[(values[0] as { step: number }).step];
		};
		// Back or Edit to the review of a draft without a title, and Next from a details step of a
		// draft without a place: each lands on the first unfinished step.
		expect(await answer({ schritt: 'ort', gehe: 'pruefen', title: 'x' })).toBe('was');
		expect(await answer({ schritt: 'details', field: 'kultur', title: 'Ein ganzer Titel' })).toBe(
			'ort'
		);
	});
});

const SIGN_IN_FIRST = 'Bitte melden Sie sich an, um Ihre Idee einzureichen.';

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

/** A draft the browser has kept from an earlier visit (put there before the first page loads). */
async function storeDraft(page: Page, draft: Record<string, unknown>) {
	// The wizard reads a missing field as empty.
	const stored = JSON.stringify({ id: crypto.randomUUID(), ...draft });
	await page.addInitScript(
		([key, value]) => {
			if (!localStorage.getItem(key)) localStorage.setItem(key, value);
		},
		[DRAFT_KEY, stored] as const
	);
}

const storedDraft = (page: Page) =>
	page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), DRAFT_KEY);

test('a district and a hint entered before the wizard has started go on top of the stored draft', async ({
	page
}) => {
	const title = `Sensoren im Park ${uniqueWord()}`;
	await storeDraft(page, { title, body: 'Für die Bewässerung.' });
	const release = await holdScripts(page);
	await page.goto('/ideen/neu?schritt=ort', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Stadtteil').selectOption({ label: 'Nordstadt' });
	await page.getByLabel('Adresse oder Ortsbeschreibung').fill('Am Wasserturm');
	await release();

	// The wizard has started (it says which place it has) and kept both.
	await expect(page.getByText('Gewählter Ort: Mitte des Stadtteils Nordstadt.')).toBeVisible();
	await expect(page.getByLabel('Stadtteil')).toHaveValue('nordstadt');
	await expect(page.getByLabel('Adresse oder Ortsbeschreibung')).toHaveValue('Am Wasserturm');
	await expect
		.poll(() => storedDraft(page))
		.toMatchObject({
			title,
			body: 'Für die Bewässerung.',
			district: 'nordstadt',
			placeSource: 'district',
			placeHint: 'Am Wasserturm'
		});
	await page.getByRole('button', { name: 'Zurück' }).click();
	await expect(page.getByLabel('Titel')).toHaveValue(title);
});

test('Next pressed before the wizard has started goes on, and the wizard keeps the stored draft', async ({
	page
}) => {
	const title = `Sensoren im Park ${uniqueWord()}`;
	// Placed on the map in an earlier visit; a district chosen now replaces that place.
	await storeDraft(page, { title, lat: 50.5612, lng: 9.7205, placeSource: 'map' });
	const release = await holdScripts(page);
	await page.goto('/ideen/neu?schritt=ort', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Stadtteil').selectOption({ label: 'Südstadt' });
	await next(page);
	// The server answered the plain form post with the first step its draft has not finished (axe
	// checks it as drawn): it cannot see the stored draft, so the title looks empty to it.
	await expect(stepHeading(page)).toHaveText('Was schlagen Sie vor?');
	await expectNoViolations(page);
	await release();

	// The wizard goes on to the step the button asked for, with the stored title.
	await expect(page).toHaveURL('/ideen/neu?schritt=details');
	await expect(stepHeading(page)).toHaveText('Details');
	await expect
		.poll(() => storedDraft(page))
		.toMatchObject({ title, district: 'suedstadt', placeSource: 'district' });
	await page.getByRole('button', { name: 'Zurück' }).click();
	await expect(page).toHaveURL('/ideen/neu?schritt=ort');
	await expect(page.getByText('Gewählter Ort: Mitte des Stadtteils Südstadt.')).toBeVisible();
	await page.getByRole('button', { name: 'Zurück' }).click();
	await expect(page.getByLabel('Titel')).toHaveValue(title);
});

test.describe('forms sent before the wizard has started, answered by a server that cannot see the stored draft', () => {
	test.use({ expectedConsoleErrors: [/status of 40[01]/] });

	test('Next on step 1 of a stored draft goes on to step 2, with no stale message', async ({
		page
	}) => {
		const title = `Sensoren im Park ${uniqueWord()}`;
		await storeDraft(page, { title, lat: 50.5612, lng: 9.7205, placeSource: 'map' });
		const release = await holdScripts(page);
		await page.goto('/ideen/neu?schritt=was', { waitUntil: 'domcontentloaded' });
		// Drawn without the stored draft: the title looks empty, so the server refuses the step.
		await page.getByLabel('Beschreibung').fill('Für die Bewässerung.');
		await next(page);
		await expect(page.getByLabel('Titel')).toHaveAccessibleDescription(/mindestens 5 Zeichen/);
		await release();

		await expect(page).toHaveURL('/ideen/neu?schritt=ort');
		await expect(stepHeading(page)).toHaveText('Wo soll Ihre Idee wirken?');
		await expect(page).toHaveTitle(/^Schritt 2 von 4/);
		await expect(page.getByText('Bitte korrigieren Sie:')).toHaveCount(0);
		await expect
			.poll(() => storedDraft(page))
			.toMatchObject({
				title,
				body: 'Für die Bewässerung.',
				lat: 50.5612,
				lng: 9.7205,
				placeSource: 'map'
			});
	});

	test('a draft made by several such forms is added to an older stored draft: nothing typed is lost', async ({
		page
	}) => {
		await storeDraft(page, { title: 'Ein älterer Entwurf', body: 'Alter Text.', field: 'kultur' });
		const release = await holdScripts(page);
		await page.goto('/ideen/neu', { waitUntil: 'domcontentloaded' });
		const title = `Neue Idee ${uniqueWord()}`;
		await page.getByLabel('Titel').fill(title);
		await next(page);
		await page.getByLabel('Stadtteil').selectOption({ label: 'Lindenau' });
		await next(page);
		await expect(stepHeading(page)).toHaveText('Details');
		await release();

		// What the forms filled in wins; what they left empty keeps the stored text.
		await expect
			.poll(() => storedDraft(page))
			.toMatchObject({ title, body: 'Alter Text.', field: 'kultur', district: 'lindenau' });
		await expect(page.getByLabel('Handlungsfeld')).toHaveValue('kultur');
	});

	test('a refused submission sent before the wizard has started keeps its message', async ({
		page,
		context,
		freshUser
	}) => {
		await signIn(page, freshUser);
		const release = await holdScripts(page);
		await page.goto('/ideen/neu', { waitUntil: 'domcontentloaded' });
		const title = `Noch eine Idee ${uniqueWord()}`;
		await page.getByLabel('Titel').fill(title);
		await next(page);
		await page.getByLabel('Stadtteil').selectOption({ label: 'Altstadt' });
		await next(page);
		await page.getByLabel('Handlungsfeld').selectOption('kultur');
		await next(page);
		await expect(stepHeading(page)).toHaveText('Alles richtig?');
		// The session ends (say, in another tab) before the idea is sent: the server refuses it.
		await context.clearCookies();
		await page.getByRole('button', { name: 'Idee einreichen' }).click();
		const refusal = page.getByText(SIGN_IN_FIRST);
		await expect(refusal).toBeVisible();
		await release();

		// The wizard has started (it keeps the draft in the browser), and the reason is still there.
		await expect.poll(() => storedDraft(page)).toMatchObject({ title, district: 'altstadt' });
		await page.waitForLoadState('networkidle');
		await expect(refusal).toBeVisible();
		await expect(page).toHaveTitle(/^Fehler – Schritt 4 von 4/);
	});
});
