import { randomUUID } from 'node:crypto';
import { expectNoViolations } from './support/a11y.ts';
import { expect, signIn, test } from './support/fixtures.ts';
import { mailLink } from './support/mail.ts';
import { chooseDistrict } from './support/wizard.ts';

test('a business signs up with organization and sector, then reports a location need', async ({
	page,
	sql,
	stack
}) => {
	test.slow(); // Sign-up, a four-step submission and three axe runs.
	const email = `e2e-${randomUUID()}@musterstadt.example`;
	const title = `Glasfaser fürs Gewerbegebiet ${randomUUID().slice(0, 8)}`;

	await page.goto('/anmelden/registrieren?redirectTo=%2Fideen%2Fneu');
	await page.getByLabel('Anzeigename').fill('Tischlerei Team');
	await page.getByLabel('E-Mail-Adresse').fill(email);
	// Business details appear only for businesses.
	await expect(page.getByLabel('Name des Betriebs')).toBeHidden();
	await page.getByLabel('Betrieb oder Unternehmen').check();
	await expect(page.getByLabel('Name des Betriebs')).toBeVisible();
	await page.getByRole('button', { name: 'Konto erstellen' }).click();

	// Missing business details and password are named next to their fields; nothing is lost.
	await expect(page.getByLabel('Name des Betriebs')).toHaveAccessibleDescription(
		'Bitte geben Sie den Namen Ihres Betriebs an (mindestens 2 Zeichen).'
	);
	await expect(page.getByLabel('Branche')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Passwort', { exact: true })).toHaveAccessibleDescription(
		/Das Passwort braucht mindestens 8 Zeichen\./
	);
	await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(email);
	await expectNoViolations(page);

	await page.getByLabel('Name des Betriebs').fill('Tischlerei Holzwurm GmbH');
	await page.getByLabel('Branche').fill('Handwerk');
	await page.getByLabel('Passwort', { exact: true }).fill('ein-gutes-passwort');
	await page.getByRole('button', { name: 'Konto erstellen' }).click();
	await expect(page.getByRole('heading', { name: 'Prüfen Sie Ihr Postfach' })).toBeVisible();
	// The confirmation link signs in and leads on to where the sign-up started.
	await page.goto(await mailLink(stack, email, 'signup'));
	await expect(page).toHaveURL('/ideen/neu');

	const [profile] = await sql<{ kind: string; organization: string; sector: string }[]>`
		select p.kind, p.organization, p.sector from public.profiles p
		join auth.users u on u.id = p.id where u.email = ${email}`;
	expect(profile).toEqual({
		kind: 'business',
		organization: 'Tischlerei Holzwurm GmbH',
		sector: 'Handwerk'
	});

	// The first question for a business: an idea or a location need, as two large radio cards.
	const kind = page.getByRole('group', { name: 'Idee oder Standortbedarf?' });
	await expect(kind).toBeVisible();
	const needCard = kind.getByRole('radio', { name: /^Einen Standortbedarf meines Betriebs/ });
	for (const card of await kind.locator('label').all()) {
		const box = (await card.boundingBox())!;
		expect(box.height).toBeGreaterThanOrEqual(44);
		expect(box.width).toBeGreaterThanOrEqual(44);
	}
	await kind.getByText('Einen Standortbedarf meines Betriebs').click();
	await expect(needCard).toBeChecked();
	await expectNoViolations(page);
	await page.getByLabel('Titel').fill(title);
	await page.getByRole('button', { name: 'Weiter', exact: true }).click();
	await chooseDistrict(page, 'Lindenau');
	await page.getByRole('button', { name: 'Weiter', exact: true }).click();

	await page.getByRole('button', { name: 'Weiter', exact: true }).click();
	const needType = page.getByRole('radiogroup', { name: 'Art des Bedarfs' });
	await expect(needType).toHaveAccessibleDescription('Bitte wählen Sie die Art des Bedarfs.');
	await expectNoViolations(page);
	await needType.getByLabel('Breitband (Festnetz-Internet)').check();
	// No field of action: the database files the need under the one matching its type.
	await page.getByRole('button', { name: 'Weiter', exact: true }).click();

	await expect(
		page.getByText('Einen Standortbedarf meines Betriebs · Breitband (Festnetz-Internet)')
	).toBeVisible();
	await page.getByRole('button', { name: 'Idee einreichen' }).click();
	await expect(page.getByRole('heading', { name: 'Danke! Ihre Idee wird geprüft.' })).toBeVisible();
	// When the town usually answers (the median /agenda shows), how one hears back, and an edit link.
	const [figures] = await sql<{ median: number }[]>`
		select round((public.response_figures() ->> 'median_days_to_answer')::numeric)::int as median`;
	await expect(
		page.getByText(`Die Stadt antwortet meist innerhalb von ${figures!.median} Tagen.`, {
			exact: false
		})
	).toBeVisible();
	await expect(page.getByRole('link', { name: 'Idee bearbeiten' })).toHaveAttribute(
		'href',
		/^\/konto\/ideen\/[0-9a-f-]{36}$/
	);

	const [need] = await sql<{ kind: string; need_type: string; field_slug: string; slug: string }[]>`
		select i.kind, i.need_type, i.field_slug, d.slug from public.ideas i
		join public.districts d on d.id = i.district_id where i.title = ${title}`;
	expect(need).toEqual({
		kind: 'location_need',
		need_type: 'breitband',
		field_slug: 'infrastruktur',
		slug: 'lindenau'
	});
	await sql`delete from public.ideas where title = ${title}`;
	await sql`delete from auth.users where email = ${email}`;
});

test('residents are not offered location needs, and the server refuses one', async ({
	page,
	sql,
	freshUser
}) => {
	await signIn(page, freshUser);
	await page.goto('/ideen/neu');
	await expect(page.getByRole('group', { name: 'Idee oder Standortbedarf?' })).toHaveCount(0);
	await page.getByLabel('Titel').fill('Mobilfunk im Südstadt-Gewerbepark');
	await page.getByRole('button', { name: 'Weiter', exact: true }).click();
	await chooseDistrict(page, 'Südstadt');
	await page.getByRole('button', { name: 'Weiter', exact: true }).click();
	await expect(page.getByLabel('Einen Standortbedarf meines Betriebs')).toHaveCount(0);

	const title = `Kein Betrieb ${randomUUID().slice(0, 8)}`;
	const response = await page.request.post('/ideen/neu?/submit', {
		headers: { origin: new URL(page.url()).origin },
		form: {
			id: randomUUID(),
			lat: '50.52',
			lng: '9.71',
			title,
			body: '',
			placeHint: '',
			kind: 'location_need',
			field: '',
			needType: 'mobilfunk'
		}
	});
	expect(await response.json()).toMatchObject({ type: 'failure', status: 400 });
	expect(await sql`select 1 from public.ideas where title = ${title}`).toHaveLength(0);
});
