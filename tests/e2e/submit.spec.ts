import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { expectNoViolations } from './support/a11y.ts';
import { expect, signIn, test, type StackInfo } from './support/fixtures.ts';
import { mailLink } from './support/mail.ts';
import {
	chooseDistrict,
	districtCentre,
	DRAFT_KEY,
	ideasTitled,
	next,
	startAtPlace,
	stepHeading,
	tabTo,
	uniqueWord
} from './support/wizard.ts';

const INSIDE_TOWN = { latitude: 50.5612, longitude: 9.7205 }; // Lindenau
const OUTSIDE_TOWN = { latitude: 52.52, longitude: 13.405 }; // Berlin

async function withModerationMode<T>(
	sql: postgres.Sql,
	mode: 'pre' | 'post',
	run: () => Promise<T>
) {
	const [before] = await sql<
		{ mode: string }[]
	>`select moderation_mode as mode from public.settings`;
	await sql`update public.settings set moderation_mode = ${mode}`;
	try {
		return await run();
	} finally {
		await sql`update public.settings set moderation_mode = ${before!.mode}`;
	}
}

/** Status of a GET without anyone's session: what the public sees. */
async function publicStatus(stack: StackInfo, path: string) {
	const response = await fetch(new URL(path, stack.appOrigin), { redirect: 'manual' });
	return response.status;
}

test('signed out: draft, similar-idea hint, sign-up by magic link, idea at the picked place, pending review', async ({
	page,
	sql,
	stack
}) => {
	test.slow(); // Four axe runs, a sign-up and a mail round trip.
	const word = uniqueWord();
	const altstadt = await districtCentre(sql, 'altstadt');
	const [similar] = await sql<{ id: string }[]>`
		insert into public.ideas (author_id, kind, title, body, field_slug, lat, lng, status, published_at)
		values ('00000000-0000-4000-a000-000000000022', 'idea', ${`Freies WLAN am Marktplatz ${word}`},
			'Ein offenes WLAN am Marktplatz.', 'infrastruktur', ${altstadt.lat + 0.001},
			${altstadt.lng}, 'published', now())
		returning id`;
	const email = `e2e-${randomUUID()}@musterstadt.example`;
	const title = `WLAN am Marktplatz ${word} kostenlos`;

	await page.goto('/ideen/neu');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Idee einreichen');
	await expect(page.getByText('Schritt 1 von 4', { exact: true })).toBeVisible();
	await expectNoViolations(page);

	// What before where: the first step asks for the idea itself.
	await expect(stepHeading(page)).toHaveText('Was schlagen Sie vor?');
	await page.getByLabel('Titel').fill(title);
	await page.getByLabel('Beschreibung').fill('Bitte auch für Gäste der Cafés.');
	await next(page);

	await expect(page).toHaveURL('/ideen/neu?schritt=ort');
	await expect(page.getByText('Schritt 2 von 4', { exact: true })).toBeVisible();
	await expect(stepHeading(page)).toBeFocused();
	await chooseDistrict(page, 'Altstadt');
	await page.getByLabel('Adresse oder Ortsbeschreibung').fill('Bushaltestelle am Markt');
	const hint = page.getByRole('region', { name: /Ähnliche Ideen in der Nähe/ });
	await expect(hint).toBeVisible();
	await expect(
		hint.getByRole('link', { name: `Freies WLAN am Marktplatz ${word}`, exact: true })
	).toHaveAttribute('href', `/ideen/${similar!.id}`);
	await expect(
		hint.getByRole('link', { name: `Stattdessen „Freies WLAN am Marktplatz ${word}“ unterstützen` })
	).toBeVisible();
	await expectNoViolations(page);
	await next(page);

	await expect(page.getByText('Schritt 3 von 4', { exact: true })).toBeVisible();
	await page.getByLabel('Handlungsfeld').selectOption('infrastruktur');
	await expectNoViolations(page);
	await next(page);

	await expect(page).toHaveURL('/ideen/neu?schritt=pruefen');
	await expect(page.getByText(title)).toBeVisible();
	await expect(page.getByText('📍 Bushaltestelle am Markt')).toBeVisible();
	await expectNoViolations(page);
	await page.getByRole('link', { name: 'Konto erstellen' }).click();

	await expect(page).toHaveURL(
		/\/anmelden\/registrieren\?redirectTo=%2Fideen%2Fneu%3Fschritt%3Dpruefen/
	);
	await page.getByLabel('Anzeigename').fill('Neue Nachbarin');
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Ohne Passwort, mit einem Link per E-Mail').check();
	await page.getByRole('button', { name: 'Konto erstellen' }).click();
	await expect(page.getByRole('heading', { name: 'Prüfen Sie Ihr Postfach' })).toBeFocused();

	// A new address: the mail is the sign-up confirmation, whose link also signs in.
	await page.goto(await mailLink(stack, email, 'signup'));
	await expect(page).toHaveURL('/ideen/neu?schritt=pruefen');
	await expect(page.getByText(title)).toBeVisible();
	await page.getByRole('button', { name: 'Idee einreichen' }).click();

	await expect(page.getByRole('heading', { name: 'Danke! Ihre Idee wird geprüft.' })).toBeFocused();
	const [row] = await ideasTitled(sql, title);
	expect(row).toMatchObject({ status: 'submitted', field_slug: 'infrastruktur' });
	expect(row!.district_id).toBe(altstadt.id);
	expect(row!.lat).toBeCloseTo(altstadt.lat, 9);
	expect(row!.lng).toBeCloseTo(altstadt.lng, 9);
	expect(row).toMatchObject({
		body: 'Bitte auch für Gäste der Cafés.',
		place_hint: 'Bushaltestelle am Markt'
	});
	expect(await page.evaluate((key) => localStorage.getItem(key), DRAFT_KEY)).toBeNull();

	// Pending review: the author sees it, the public does not (yet).
	await page.getByRole('link', { name: 'Zur Idee' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(page.getByText('Ortsangabe: Bushaltestelle am Markt')).toBeVisible();
	expect(await publicStatus(stack, `/ideen/${row!.id}`)).toBe(404);

	const [profile] = await sql<{ display_name: string }[]>`
		select p.display_name from public.profiles p join auth.users u on u.id = p.id
		where u.email = ${email}`;
	expect(profile?.display_name).toBe('Neue Nachbarin');
	await sql`delete from auth.users where email = ${email}`;
	await sql`delete from public.ideas where id in (${similar!.id}, ${row!.id})`;
});

test(
	'in post-moderation mode an idea placed by the device location is public at once',
	{ tag: '@any-screen' },
	async ({ page, context, sql, stack, freshUser }) => {
		const title = `Smarte Parkplätze ${uniqueWord()}`;
		await context.grantPermissions(['geolocation']);
		await context.setGeolocation(INSIDE_TOWN);
		await signIn(page, freshUser);

		await withModerationMode(sql, 'post', async () => {
			await page.goto('/ideen/neu');
			await page.getByLabel('Titel').fill(title);
			await next(page);
			await page.getByRole('button', { name: 'Meinen Standort verwenden' }).click();
			await expect(
				page.getByText('Gewählter Ort: Ihr Standort im Stadtteil Lindenau.')
			).toBeVisible();
			await next(page);
			await page.getByLabel('Handlungsfeld').selectOption('mobilitaet');
			await next(page);
			await expect(page.getByText('Ihre Idee erscheint sofort öffentlich.')).toBeVisible();
			await page.getByRole('button', { name: 'Idee einreichen' }).click();
			await expect(
				page.getByRole('heading', { name: 'Danke! Ihre Idee ist veröffentlicht.' })
			).toBeVisible();
		});

		const [row] = await ideasTitled(sql, title);
		expect(row).toMatchObject({ status: 'published', body: '' });
		expect(row!.lat).toBeCloseTo(INSIDE_TOWN.latitude, 9);
		expect(row!.lng).toBeCloseTo(INSIDE_TOWN.longitude, 9);
		expect(await publicStatus(stack, `/ideen/${row!.id}`)).toBe(200);
		await sql`delete from public.ideas where id = ${row!.id}`;
	}
);

test('keyboard only, without the map: text (fixed from the error summary), district, field, submit', async ({
	page,
	sql,
	freshUser
}) => {
	const title = `Digitale Sprechstunde ${uniqueWord()}`;
	const ostend = await districtCentre(sql, 'ostend');
	await signIn(page, freshUser);
	await page.goto('/ideen/neu');

	await expect(stepHeading(page)).toHaveText('Was schlagen Sie vor?');
	await tabTo(page, page.getByLabel('Titel'));
	await page.keyboard.type('Kurz');
	await page.keyboard.press('Enter');
	// Too short: the error summary at the top takes focus and links to the field; nothing is lost.
	const summary = page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie:' });
	await expect(summary).toBeFocused();
	await expect(summary).toBeInViewport();
	await expectNoViolations(page);
	await page.keyboard.press('Tab');
	const link = summary.getByRole('link', { name: 'Der Titel braucht mindestens 5 Zeichen.' });
	await expect(link).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByLabel('Titel')).toBeFocused();
	await expect(page.getByLabel('Titel')).toHaveAccessibleDescription(
		/Der Titel braucht mindestens 5 Zeichen\./
	);
	await page.keyboard.press('End');
	await page.keyboard.type(` ${title}`);
	// Valid now: the message and its summary entry go at once.
	await expect(page.getByText('Der Titel braucht mindestens 5 Zeichen.')).toHaveCount(0);
	await expect(summary).toHaveCount(0);
	await page.keyboard.press('Enter');

	await expect(stepHeading(page)).toBeFocused();
	await expect(stepHeading(page)).toHaveText('Wo soll Ihre Idee wirken?');
	const district = page.getByLabel('Stadtteil');
	await tabTo(page, district);
	// A closed select changes its value with the arrow keys: Ostend is the fourth district.
	for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
	await expect(district).toHaveValue('ostend');
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('Adresse oder Ortsbeschreibung')).toBeFocused();
	await page.keyboard.press('Enter');

	await expect(stepHeading(page)).toBeFocused();
	const field = page.getByLabel('Handlungsfeld');
	await tabTo(page, field);
	await page.keyboard.press('ArrowDown');
	await expect(field).toHaveValue('verwaltung');
	// Enter on a select does not submit its form: on to the button.
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Weiter', exact: true })).toBeFocused();
	await page.keyboard.press('Enter');

	await expect(stepHeading(page)).toHaveText('Alles richtig?');
	await tabTo(page, page.getByRole('button', { name: 'Idee einreichen' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Danke! Ihre Idee wird geprüft.' })).toBeFocused();

	const [row] = await ideasTitled(sql, `Kurz ${title}`);
	expect(row).toMatchObject({
		status: 'submitted',
		field_slug: 'verwaltung',
		district_id: ostend.id
	});
	expect(row!.lat).toBeCloseTo(ostend.lat, 9);
	await sql`delete from public.ideas where id = ${row!.id}`;
});

test(
	'a place outside the town is refused, in the browser and by the server',
	{ tag: '@any-screen' },
	async ({ page, context, sql, freshUser }) => {
		await context.grantPermissions(['geolocation']);
		await context.setGeolocation(OUTSIDE_TOWN);
		await signIn(page, freshUser);
		await startAtPlace(page);
		await page.getByRole('button', { name: 'Meinen Standort verwenden' }).click();
		const refusal =
			'Dieser Ort liegt außerhalb von Musterstadt. Bitte wählen Sie einen Ort in der Stadt.';
		await expect(page.getByText(refusal)).toBeVisible();
		await next(page);
		await expect(page.getByText('Schritt 2 von 4', { exact: true })).toBeVisible();
		await expect(page.getByLabel('Stadtteil')).toHaveAccessibleDescription(new RegExp(refusal));
		await expectNoViolations(page);

		// The same POST as a plain HTML form (no JavaScript), with a point in Berlin.
		const title = `Außerhalb ${uniqueWord()}`;
		const response = await page.request.post('/ideen/neu?schritt=pruefen&/submit', {
			headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
			form: {
				id: randomUUID(),
				lat: String(OUTSIDE_TOWN.latitude),
				lng: String(OUTSIDE_TOWN.longitude),
				title,
				body: '',
				placeHint: '',
				kind: 'idea',
				field: 'verwaltung',
				needType: ''
			}
		});
		expect(response.status()).toBe(400);
		expect(await response.text()).toContain(refusal);
		expect(await ideasTitled(sql, title)).toEqual([]);
	}
);

const LOCATION_FAILED =
	'Der Standort konnte nicht ermittelt werden. Bitte wählen Sie einen Stadtteil oder erlauben Sie den Zugriff auf den Standort.';

test('without the device location the place step says why and points to the districts', async ({
	page
}) => {
	// Not granted: the browser refuses the position.
	await startAtPlace(page);
	await page.getByRole('button', { name: 'Meinen Standort verwenden' }).click();
	await expect(page.getByText(LOCATION_FAILED)).toBeVisible();
	await expect(page.getByLabel('Stadtteil')).toHaveAccessibleDescription(
		new RegExp(LOCATION_FAILED)
	);
	await expect(page.getByRole('button', { name: 'Meinen Standort verwenden' })).toBeEnabled();

	// A browser without geolocation at all.
	await page.addInitScript(() => {
		delete (Navigator.prototype as { geolocation?: Geolocation }).geolocation;
	});
	await page.reload();
	await page.getByRole('button', { name: 'Meinen Standort verwenden' }).click();
	await expect(
		page.getByText(
			'Ihr Browser kann den Standort nicht ermitteln. Bitte wählen Sie einen Stadtteil.'
		)
	).toBeVisible();
	await expectNoViolations(page);
});

test(
	'another try at the device location drops the last message while it looks',
	{ tag: '@any-screen' },
	async ({ page }) => {
		// A device that takes its time and then fails, every time.
		await page.addInitScript(() => {
			Object.defineProperty(Navigator.prototype, 'geolocation', {
				configurable: true,
				get: () => ({
					getCurrentPosition(_found: PositionCallback, failed: PositionErrorCallback) {
						const error = { code: 2, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 };
						setTimeout(() => failed(error as GeolocationPositionError), 2_000);
					}
				})
			});
		});
		await startAtPlace(page);
		await page.getByRole('button', { name: 'Meinen Standort verwenden' }).click();
		await expect(page.getByText(LOCATION_FAILED)).toBeVisible();

		await page.getByRole('button', { name: 'Meinen Standort verwenden' }).click();
		await expect(page.getByRole('button', { name: 'Standort wird ermittelt …' })).toBeDisabled();
		await expect(page.getByText(LOCATION_FAILED)).toBeHidden();
		await expect(page.getByLabel('Stadtteil')).not.toHaveAttribute('aria-invalid');
		// Said again, so a screen reader announces the second failure too.
		await expect(page.getByText(LOCATION_FAILED)).toBeVisible();
	}
);

test(
	'the draft survives a reload and going back; an unfinished draft cannot skip ahead',
	{ tag: '@any-screen' },
	async ({ page }) => {
		const title = `Entwurf ${uniqueWord()}`;
		await page.goto('/ideen/neu?schritt=pruefen');
		// Nothing entered yet: the wizard starts at the first step.
		await expect(stepHeading(page)).toHaveText('Was schlagen Sie vor?');
		await page.getByLabel('Titel').fill(title);
		await page.getByLabel('Beschreibung').fill('Zeile eins\nZeile zwei');
		await next(page);
		await chooseDistrict(page, 'Nordstadt');

		await page.reload();
		await expect(page.getByLabel('Stadtteil')).toHaveValue('nordstadt');
		const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)!), DRAFT_KEY);
		expect(stored).toMatchObject({ title, district: 'nordstadt', placeSource: 'district' });
		expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);

		await page.getByRole('button', { name: 'Zurück' }).click();
		await expect(page.getByLabel('Titel')).toHaveValue(title);
		await expect(page.getByLabel('Beschreibung')).toHaveValue('Zeile eins\nZeile zwei');
		await page.goBack();
		await expect(page.getByLabel('Stadtteil')).toHaveValue('nordstadt');
	}
);

test(
	'a double-submitted draft, and a replay of its POST, make one idea',
	{ tag: '@any-screen' },
	async ({ page, sql, freshUser }) => {
		const title = `Doppelt ${uniqueWord()}`;
		const id = randomUUID();
		await signIn(page, freshUser);
		await page.goto('/ideen/neu');
		await page.evaluate(([key, draft]) => localStorage.setItem(key, draft), [
			DRAFT_KEY,
			JSON.stringify({
				id,
				lat: INSIDE_TOWN.latitude,
				lng: INSIDE_TOWN.longitude,
				placeSource: 'map',
				district: '',
				placeHint: '',
				title,
				body: 'Zweimal abgeschickt.',
				kind: 'idea',
				field: 'kultur',
				needType: ''
			})
		] as const);
		await page.goto('/ideen/neu?schritt=pruefen');
		await expect(page.getByText(title)).toBeVisible();

		const requests: string[] = [];
		page.on('request', (request) => {
			if (request.method() === 'POST') requests.push(request.url());
		});
		await page.evaluate(() => {
			const form = document.querySelector<HTMLFormElement>('main form[action$="/submit"]')!;
			form.requestSubmit();
			form.requestSubmit();
		});
		await expect(
			page.getByRole('heading', { name: 'Danke! Ihre Idee wird geprüft.' })
		).toBeVisible();
		expect(requests).toHaveLength(2);

		const replay = await page.request.post('/ideen/neu?/submit', {
			headers: { origin: new URL(page.url()).origin },
			form: {
				id,
				lat: String(INSIDE_TOWN.latitude),
				lng: String(INSIDE_TOWN.longitude),
				title,
				body: 'Zweimal abgeschickt.',
				placeHint: '',
				kind: 'idea',
				field: 'kultur',
				needType: ''
			}
		});
		// As the offline outbox sends it (SvelteKit's JSON answer to an action request).
		expect(await replay.json()).toMatchObject({ type: 'success', status: 200 });

		const rows = await ideasTitled(sql, title);
		expect(rows.map((row) => row.id)).toEqual([id]);
		await sql`delete from public.ideas where id = ${id}`;
	}
);

test('every step has no axe violations in English', async ({ page, context, stack }) => {
	test.slow(); // Five axe runs on a shared machine.
	await context.addCookies([{ name: 'locale', value: 'en', url: stack.appOrigin }]);
	await page.goto('/ideen/neu');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Submit an idea');
	await expectNoViolations(page);
	await page.getByLabel('Title').fill('Open data portal for the town');
	await page.getByRole('button', { name: 'Next', exact: true }).click();
	await expect(page.getByText('Step 2 of 4', { exact: true })).toBeVisible();
	await expectNoViolations(page);
	await page.getByRole('button', { name: 'Next', exact: true }).click();
	// Nothing chosen: the error is named next to the district choice and in the error summary,
	// which takes focus.
	await expect(page.getByLabel('District')).toHaveAccessibleDescription(/Please choose a place/);
	const summary = page.getByRole('alert').filter({ hasText: 'Please correct the following:' });
	await expect(summary).toBeFocused();
	await expect(summary.getByRole('link', { name: /^Please choose a place/ })).toHaveAttribute(
		'href',
		'#place-district'
	);
	await expectNoViolations(page);
	// The whole town needs no point: the place's message and its summary go at once.
	await page.getByLabel('Concerns the whole town').check();
	await expect(summary).toHaveCount(0);
	await expect(page.getByText('Chosen: the whole town, with no point on the map.')).toBeVisible();
	await expect(page.getByLabel('District')).toBeHidden();
	await expectNoViolations(page);
	await page.getByLabel('Concerns the whole town').uncheck();
	await page.getByLabel('District').selectOption({ label: 'Weststadt' });
	await page.getByRole('button', { name: 'Next', exact: true }).click();
	await expect(page.getByText('Step 3 of 4', { exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Next', exact: true }).click();
	await expect(page.getByLabel('Policy area')).toHaveAccessibleDescription(
		/Please choose a policy area\./
	);
	await expectNoViolations(page);
	await page.getByLabel('Policy area').selectOption('beteiligung');
	await page.getByRole('button', { name: 'Next', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Almost done: sign in' })).toBeVisible();
	await expectNoViolations(page);
});

test(
	'a person who has reached the daily limit is told so as the wizard opens, in German and English',
	{ tag: '@any-screen' },
	async ({ page, context, sql, stack, freshUser }) => {
		test.slow(); // Two axe runs and a refused submission.
		const [settings] = await sql<{ perDay: number }[]>`
		select limit_ideas_per_day as "perDay" from public.settings`;
		const limit = settings!.perDay;
		const word = uniqueWord();
		// As many ideas in the last day as the town accepts (written as the database would count them).
		const ids = await sql<{ id: string }[]>`
		insert into public.ideas (author_id, kind, title, body, field_slug, lat, lng, status)
		select u.id, 'idea', ${`Schon eingereicht ${word} `} || n, '', 'kultur', 50.5612, 9.7205,
			'submitted'
		  from auth.users u, generate_series(1, ${limit}) n where u.email = ${freshUser.email}
		returning id`;
		expect(ids).toHaveLength(limit);
		await signIn(page, freshUser);
		await page.goto('/ideen/neu');

		const notice = page.getByRole('region', {
			name: 'Heute können Sie keine weitere Idee einreichen'
		});
		await expect(notice).toBeVisible();
		await expect(notice).toContainText(
			`Sie haben in den letzten 24 Stunden ${limit} Ideen eingereicht`
		);
		await expect(notice).toContainText(/Ab \d+\. \S+ \d{4} um \d\d:\d\d können Sie wieder/);
		// On the first step, before anything is typed.
		await expect(page.getByText('Schritt 1 von 4', { exact: true })).toBeVisible();
		await expectNoViolations(page);

		// The database still refuses, should the draft be sent anyway.
		const title = `Über dem Limit ${word}`;
		await page.getByLabel('Titel').fill(title);
		await next(page);
		await chooseDistrict(page, 'Altstadt');
		await next(page);
		await page.getByLabel('Handlungsfeld').selectOption('kultur');
		await next(page);
		await page.getByRole('button', { name: 'Idee einreichen' }).click();
		await expect(
			page.getByText(
				'Sie haben heute schon viele Ideen eingereicht. Bitte versuchen Sie es morgen wieder.'
			)
		).toBeVisible();
		expect(await ideasTitled(sql, title)).toEqual([]);

		await context.addCookies([{ name: 'locale', value: 'en', url: stack.appOrigin }]);
		await page.goto('/ideen/neu');
		const english = page.getByRole('region', { name: 'You cannot submit another idea today' });
		await expect(english).toContainText(`You have submitted ${limit} ideas in the last 24 hours`);
		await expectNoViolations(page);

		// A day later the oldest no longer counts: no notice.
		await sql`update public.ideas set created_at = now() - interval '25 hours' where id = ${ids[0]!.id}`;
		await page.reload();
		await expect(english).toHaveCount(0);
		await sql`delete from public.ideas where id in ${sql(ids.map((row) => row.id))}`;
	}
);

test('an idea for the whole town needs no point: it is submitted, shown on its page without a map, and exported without a geometry', async ({
	page,
	sql,
	freshUser
}) => {
	const title = `Offene Daten der Stadt ${uniqueWord()}`;
	await signIn(page, freshUser);
	await page.goto('/ideen/neu');
	await page.getByLabel('Titel').fill(title);
	await next(page);
	await page.getByLabel('Betrifft die ganze Stadt').check();
	// No map, no district, no device location: nothing to choose.
	await expect(page.getByRole('application')).toHaveCount(0);
	await expect(page.getByLabel('Stadtteil')).toBeHidden();
	await expect(page.getByRole('button', { name: 'Meinen Standort verwenden' })).toBeHidden();
	await expect(page.getByText('Gewählt: die ganze Stadt, ohne Punkt auf der Karte.')).toBeVisible();
	await expectNoViolations(page);
	await next(page);
	await expect(stepHeading(page)).toHaveText('Details');
	await page.getByLabel('Handlungsfeld').selectOption('beteiligung');
	await next(page);
	await expect(page.getByText('Gewählt: die ganze Stadt, ohne Punkt auf der Karte.')).toBeVisible();
	await page.getByRole('button', { name: 'Idee einreichen' }).click();
	await expect(page.getByRole('heading', { name: 'Danke! Ihre Idee wird geprüft.' })).toBeFocused();

	const [row] = await ideasTitled(sql, title);
	expect(row).toMatchObject({ lat: null, lng: null, district_id: null, status: 'submitted' });
	await page.getByRole('link', { name: 'Zur Idee' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(page.getByText('Diese Idee betrifft die ganze Stadt.')).toBeVisible();
	await expect(page.locator('.leaflet-container')).toHaveCount(0);
	await expectNoViolations(page);

	// Published: in the open data as a feature without a geometry (RFC 7946, 3.2).
	await sql`update public.ideas set status = 'published', published_at = now() where id = ${row!.id}`;
	const geojson = (await (await page.request.get('/daten/ideen.geojson')).json()) as {
		features: { id: string; geometry: unknown }[];
	};
	expect(geojson.features.find((feature) => feature.id === row!.id)).toMatchObject({
		geometry: null
	});
	await sql`delete from public.ideas where id = ${row!.id}`;
});
