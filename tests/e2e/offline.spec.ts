import { randomUUID } from 'node:crypto';
import { tempDir } from '../../stack/temp.ts';
import { expectNoViolations } from './support/a11y.ts';
import { APP_ORIGIN } from './support/env.ts';
import { DEMO, expect, signIn, signInWithForm, test } from './support/fixtures.ts';
import { fillWizard } from './support/wizard.ts';
import {
	OFFLINE_USE,
	comment,
	commentsIn,
	controlled,
	deadNetwork,
	freshIdea,
	goOffline,
	offlineBanner,
	openSignedIn,
	waiting
} from './support/offline.ts';

test.use(OFFLINE_USE);

test('a comment written offline survives a reload and arrives exactly once', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	const idea = await openSignedIn(page, sql, freshUser);
	await goOffline(context, page);

	const text = `Offline geschrieben ${randomUUID()}`;
	await comment(page, text);
	await expect(page.getByText('Ihr Kommentar wartet auf Verbindung')).toBeVisible();
	await expect(page.getByLabel('Ihr Kommentar')).toHaveValue('');
	await expect(waiting(page, 1)).toBeVisible();

	// Offline, the page comes from the cache, and the outbox from IndexedDB.
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(idea.title);
	await expect(page.getByText(/^Sie sind offline\./)).toBeVisible();
	await expect(waiting(page, 1)).toBeVisible();
	await expect(page.getByRole('main').getByText(text)).toBeVisible();
	expect(await commentsIn(sql, idea.id, text)).toBe(0);
	// The list says which idea a waiting comment belongs to.
	await waiting(page, 1).click();
	await expect(page.locator('#outbox-list')).toContainText(`Kommentar zu „${idea.title}“`);

	await context.setOffline(false);
	await expect(waiting(page, 1)).toBeHidden();
	const comments = page.getByRole('region', { name: '1 Kommentar' });
	await expect(comments.getByRole('listitem')).toContainText(text);
	expect(await commentsIn(sql, idea.id, text)).toBe(1);
});

test('on dead Wi-Fi that still says "online", a comment waits, the page says so, and nothing floods the server', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	const idea = await openSignedIn(page, sql, freshUser);
	const network = await deadNetwork(context);

	const text = `Totes WLAN ${randomUUID()}`;
	await comment(page, text);
	await expect(page.getByText('Ihr Kommentar wartet auf Verbindung')).toBeVisible();
	await expect(
		page.getByRole('button', { name: '1 Änderung wartet auf Verbindung' })
	).toBeVisible();
	// Only what the network does tells: the browser's flag never changed.
	await expect(offlineBanner(page)).toBeVisible();
	expect(await page.evaluate(() => navigator.onLine)).toBe(true);

	// Reading works from the copy meanwhile, and says it is offline.
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(idea.title);
	await expect(offlineBanner(page)).toBeVisible();
	await expect(waiting(page, 1)).toBeVisible();

	// Five seconds of a dead line: the checks back off instead of running back to back.
	await page.waitForTimeout(5_000);
	const checks = network.tried.filter((path) => path === '/healthz' || path === '/offline/sitzung');
	expect(checks.length).toBeGreaterThan(0);
	expect(checks.length).toBeLessThan(12);
	expect(await commentsIn(sql, idea.id, text)).toBe(0);

	await network.restore();
	// The next check (backed off, at most 15 s away) finds the server and the comment goes out.
	await expect(offlineBanner(page)).toBeHidden({ timeout: 20_000 });
	await expect(waiting(page, 1)).toBeHidden();
	await expect(
		page.getByRole('region', { name: '1 Kommentar' }).getByRole('listitem')
	).toContainText(text);
	expect(await commentsIn(sql, idea.id, text)).toBe(1);
});

test('a comment whose answer was lost after the server stored it arrives once; the next is its own', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	const idea = await openSignedIn(page, sql, freshUser);
	let cutNext = true;
	await context.route(/\?\/comment$/, async (route) => {
		if (!cutNext) return route.continue();
		cutNext = false;
		await route.fetch(); // The server stores the comment ...
		await route.abort('connectionreset'); // ... and its answer never arrives.
	});

	const text = `Antwort verloren ${randomUUID()}`;
	await comment(page, text);
	// The outbox sends it again, under the id the form sent: the server knows that one.
	await expect.poll(() => commentsIn(sql, idea.id, text)).toBe(1);
	await expect(waiting(page, 1)).toBeHidden();
	const comments = page.getByRole('region', { name: '1 Kommentar' });
	await expect(comments.getByRole('listitem').filter({ hasText: text })).toHaveCount(1);

	const next = `Der nächste ${randomUUID()}`;
	await comment(page, next);
	await expect(page.getByRole('region', { name: '2 Kommentare' })).toContainText(next);
	expect(await commentsIn(sql, idea.id, next)).toBe(1);
	expect(await commentsIn(sql, idea.id, text)).toBe(1);
});

test('changes wait for the account that made them: a lost session asks to sign in again, another account neither sees nor sends them', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	const idea = await openSignedIn(page, sql, freshUser);
	await goOffline(context, page);
	const text = `Für die richtige Person ${randomUUID()}`;
	await comment(page, text);
	await expect(waiting(page, 1)).toBeVisible();

	// The session ends while the page is open (it expired, or was ended on another device).
	await context.clearCookies();
	await context.setOffline(false);
	await expect(
		page.getByRole('alert').filter({ hasText: /^Sie sind nicht mehr angemeldet\./ })
	).toBeVisible();
	await expect(waiting(page, 1)).toBeVisible();
	expect(await commentsIn(sql, idea.id, text)).toBe(0);

	// Someone else signs in on this device: the change is neither shown to them nor sent as theirs.
	await signInWithForm(page, DEMO);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(waiting(page, 1)).toBeHidden();
	await page.goto(idea.path);
	await expect(page.getByRole('main').getByText(text)).toBeHidden();
	expect(await commentsIn(sql, idea.id, text)).toBe(0);

	// The person who wrote it signs in again: it is sent, in their name.
	await context.clearCookies();
	await signInWithForm(page, freshUser);
	await expect.poll(() => commentsIn(sql, idea.id, text)).toBe(1);
	const [row] = await sql<{ email: string }[]>`
		select u.email from public.comments c join auth.users u on u.id = c.author_id
		where c.idea_id = ${idea.id} and c.body = ${text}`;
	expect(row!.email).toBe(freshUser.email);
});

test('a support toggled three times offline ends as the last state on the server', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	const idea = await openSignedIn(page, sql, freshUser);
	await goOffline(context, page);

	await page.getByRole('button', { name: 'Idee unterstützen' }).click();
	await page.getByRole('button', { name: 'Unterstützung zurücknehmen' }).click();
	await page.getByRole('button', { name: 'Idee unterstützen' }).click();
	await expect(page.getByText('Sie unterstützen diese Idee.')).toBeVisible();
	// Three taps, one item: the desired state.
	await expect(waiting(page, 1)).toBeVisible();

	await context.setOffline(false);
	await expect(waiting(page, 1)).toBeHidden();
	await expect(page.locator('#support-count')).toHaveText('1 Unterstützung');
	const [row] = await sql<{ count: number }[]>`
		select count(*)::int as count from public.votes where idea_id = ${idea.id}`;
	expect(row!.count).toBe(1);
});

test('two open tabs sending the same outbox make one comment', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	const idea = await openSignedIn(page, sql, freshUser);
	const second = await context.newPage();
	await second.goto(idea.path);
	await goOffline(context, page);

	const text = `Zwei Tabs ${randomUUID()}`;
	await comment(page, text);
	// The other tab hears of it and would send it too.
	await expect(waiting(second, 1)).toBeVisible();

	await context.setOffline(false);
	await expect(waiting(page, 1)).toBeHidden();
	await expect(waiting(second, 1)).toBeHidden();
	expect(await commentsIn(sql, idea.id, text)).toBe(1);
});

test('a tab closed while sending leaves its item to another tab within seconds', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	const idea = await openSignedIn(page, sql, freshUser);
	await goOffline(context, page);
	const text = `Tab geschlossen ${randomUUID()}`;
	await comment(page, text);

	// The tab's send never gets an answer: it has claimed the item when the other tab opens.
	let sending!: () => void;
	const sent = new Promise<void>((resolve) => (sending = resolve));
	await page.route(/\?\/comment$/, () => sending());
	await context.setOffline(false);
	await sent;
	const other = await context.newPage();
	await other.goto(idea.path);
	await expect(waiting(other, 1)).toBeVisible();
	await page.close();

	// The other tab takes the item over once the closed tab's claim runs out: within seconds (the
	// claim lasted 30 s before), and the comment is there once, whatever the closed tab got out.
	await expect(waiting(other, 1)).toBeHidden({ timeout: 10_000 });
	expect(await commentsIn(sql, idea.id, text)).toBe(1);
});

test('with every tab of the app closed, Background Sync delivers what waits', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	const idea = await openSignedIn(page, sql, freshUser);
	await goOffline(context, page);
	const text = `Alle Tabs zu ${randomUUID()}`;
	await comment(page, text);
	await expect(waiting(page, 1)).toBeVisible();

	// The browser stays open (a blank tab of no site, for DevTools), the app's tab is closed.
	const blank = await context.newPage();
	const devtools = await context.newCDPSession(blank);
	const registration = new Promise<string>((resolve) =>
		devtools.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
			const ours = registrations.find((r) => r.scopeURL === `${APP_ORIGIN}/` && !r.isDeleted);
			if (ours) resolve(ours.registrationId);
		})
	);
	await devtools.send('ServiceWorker.enable');
	const registrationId = await registration;
	await page.close();
	await context.setOffline(false);
	expect(await commentsIn(sql, idea.id, text)).toBe(0);

	// The connection is back: the browser wakes the worker with the outbox's sync (as DevTools does).
	await devtools.send('ServiceWorker.dispatchSyncEvent', {
		origin: APP_ORIGIN,
		registrationId,
		tag: 'stadtidee-outbox',
		lastChance: false
	});
	await expect.poll(() => commentsIn(sql, idea.id, text), { timeout: 10_000 }).toBe(1);
	const [row] = await sql<{ email: string }[]>`
		select u.email from public.comments c join auth.users u on u.id = c.author_id
		where c.body = ${text}`;
	expect(row!.email).toBe(freshUser.email);
});

test('a comment the server refuses stays with its reason and its text', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	const idea = await openSignedIn(page, sql, freshUser);
	await goOffline(context, page);

	const text = `Abgelehnt ${randomUUID()}`;
	await comment(page, text);
	await expect(waiting(page, 1)).toBeVisible();
	// Meanwhile moderation hides the idea.
	await sql`update public.ideas set status = 'hidden', status_reason = 'Doppelt eingereicht.' where id = ${idea.id}`;

	await context.setOffline(false);
	const summary = page.getByRole('button', { name: '1 Änderung wurde abgelehnt' });
	await expect(summary).toBeVisible();
	await summary.click();
	const list = page.getByRole('region', { name: '1 Änderung wurde abgelehnt' });
	// Apart from what waits: a refused change is not "sent as soon as there is a connection".
	await expect(list.getByRole('heading', { name: 'Nicht angenommen' })).toBeVisible();
	await expect(list.getByText(/automatisch gesendet/)).toHaveCount(0);
	await expect(list.getByRole('alert')).toHaveText('Diese Idee gibt es nicht oder nicht mehr.');
	await expect(list.getByText(text)).toBeVisible();
	await expectNoViolations(page);
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await list.getByRole('button', { name: 'Text kopieren' }).click();
	await expect(list.getByText('Text kopiert')).toBeVisible();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
	expect(await commentsIn(sql, idea.id, text)).toBe(0);

	await list.getByRole('button', { name: 'Verwerfen' }).click();
	await expect(summary).toBeHidden();
});

test.describe('offline reading', () => {
	test('the start page and a seen idea load offline; an unseen one shows the offline page', async ({
		page,
		context,
		sql
	}) => {
		const seen = await freshIdea(sql);
		const unseen = await freshIdea(sql);
		await page.goto('/');
		await controlled(page);
		await page.goto(seen.path);
		await context.setOffline(true);

		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.getByText(/^Sie sind offline\./)).toBeVisible();
		await page.goto(seen.path);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(seen.title);

		await page.goto(unseen.path);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Diese Seite ist offline nicht verfügbar'
		);
		await expectNoViolations(page);
		await expect(page.getByRole('link', { name: 'Zur Startseite' })).toBeVisible();
	});

	test('a tab opened while offline says so from the start', async ({ page, context }) => {
		await page.goto('/');
		await controlled(page);
		await context.setOffline(true);

		// No `offline` event ever reaches this tab: it starts offline, from the cache.
		const tab = await context.newPage();
		await tab.goto('/');
		await expect(tab.getByRole('heading', { level: 1 })).toBeVisible();
		// Announced as a status, and said in words (not only by colour).
		await expect(tab.getByRole('status').filter({ hasText: /^Sie sind offline\./ })).toBeVisible();
	});

	test('online, a page the server fails to bring is its stored copy, and says so', async ({
		page,
		context,
		sql
	}) => {
		const seen = await freshIdea(sql);
		await page.goto('/');
		await controlled(page);
		await page.goto(seen.path);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(seen.title);
		const staleNotice = page
			.getByRole('status')
			.filter({ hasText: /^Keine rechtzeitige Antwort vom Server:/ });
		await expect(staleNotice).toHaveCount(0);

		// The server stops answering this page; the device still says it is online.
		await context.route(
			(url) => url.pathname.startsWith(seen.path),
			(route) => route.abort('failed')
		);
		await page.reload();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(seen.title);
		await expect(staleNotice).toContainText(/\(Stand \d{1,2}\. \w+ \d{4} um \d{2}:\d{2}\)/);
		await expect(offlineBanner(page)).toHaveCount(0);

		// The next page comes fresh from the network: the notice goes with the old one.
		await page.getByRole('link', { name: '← Alle Ideen' }).click();
		await expect(page).toHaveURL('/');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Gemeinsam die digitale Stadt gestalten'
		);
		await expect(staleNotice).toHaveCount(0);
	});

	test('offline, the worker answers a page from its copy without trying the network first', async ({
		page,
		context
	}) => {
		await page.goto('/');
		await controlled(page);
		await context.setOffline(true);
		// What the worker itself asks the network for (offline, each such request fails).
		const tried: string[] = [];
		context.on('request', (request) => {
			if (request.serviceWorker() && new URL(request.url()).pathname === '/') {
				tried.push(request.url());
			}
		});

		await page.reload();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Gemeinsam die digitale Stadt gestalten'
		);
		expect(tried).toEqual([]);
	});
});

for (const [locale, heading] of [
	['de-DE', 'Diese Seite ist offline nicht verfügbar'],
	['en-GB', 'This page is not available offline']
] as const) {
	test.describe(`in ${locale}`, () => {
		test.use({ locale });

		test('the offline page is accessible', async ({ page }) => {
			await page.goto('/offline');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
			await expectNoViolations(page);
		});
	});
}

test('manifest and service worker meet Chromium’s installability criteria', async ({
	page,
	playwright
}) => {
	const response = await page.request.get('/manifest.webmanifest');
	expect(response.headers()['content-type']).toContain('application/manifest+json');
	const manifest = await response.json();
	expect(manifest).toMatchObject({
		name: 'Stadtidee Musterstadt',
		short_name: 'Stadtidee Musterstadt',
		start_url: '/',
		display: 'standalone',
		lang: 'de',
		theme_color: '#005a8c'
	});
	expect(manifest.icons.map((icon: { purpose: string }) => icon.purpose)).toContain('maskable');

	// Chromium never offers installation in an incognito-like context: use a real profile.
	const profile = await tempDir('stadtidee-install-');
	const context = await playwright.chromium.launchPersistentContext(profile.path, {
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run']
	});
	try {
		const installable = context.pages()[0] ?? (await context.newPage());
		await installable.goto(APP_ORIGIN);
		await controlled(installable);
		const cdp = await context.newCDPSession(installable);
		await expect
			.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors)
			.toEqual([]);
	} finally {
		await context.close();
		await profile.remove();
	}
});

test('signing out with changes waiting asks what to do, and keeps them for the same person', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	const idea = await openSignedIn(page, sql, freshUser);
	// The comment cannot get through for now, though the rest of the site can.
	await context.route(/\?\/comment$/, (route) => route.abort('internetdisconnected'));
	const text = `Beim Abmelden ${randomUUID()}`;
	await comment(page, text);
	// Online, it is not "waiting for a connection": it is being sent again.
	await expect(page.getByRole('button', { name: '1 Änderung wird noch gesendet' })).toBeVisible();

	await page.getByRole('button', { name: 'Abmelden' }).click();
	const dialog = page.getByRole('dialog', { name: 'Es warten noch Änderungen' });
	await expect(dialog).toBeVisible();
	await expectNoViolations(page);
	await dialog.getByRole('button', { name: 'Erst senden, dann abmelden' }).click();
	await expect(dialog.getByRole('alert')).toContainText('Es konnte nicht alles gesendet werden');
	await dialog.getByRole('button', { name: 'Für meine nächste Anmeldung aufbewahren' }).click();
	await expect(page.getByRole('link', { name: 'Anmelden' })).toBeVisible();
	// Signed out, nobody sees the waiting comment.
	await expect(waiting(page, 1)).toBeHidden();
	// Nor the pages cached while signed in (they showed this person's support and name).
	await context.setOffline(true);
	await page.goto(idea.path);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Diese Seite ist offline nicht verfügbar'
	);
	await context.setOffline(false);

	await signInWithForm(page, freshUser);
	await expect(waiting(page, 1)).toBeVisible();
	await context.unroute(/\?\/comment$/);
	await waiting(page, 1).click();
	await page.getByRole('button', { name: 'Jetzt senden' }).click();
	await expect(waiting(page, 1)).toBeHidden();
	expect(await commentsIn(sql, idea.id, text)).toBe(1);
});

test('an idea written offline, in a wizard never opened since signing in, survives a reload and arrives once, at its place', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	const title = `Sitzbänke mit Steckdosen ${randomUUID().slice(0, 8)}`;
	await signIn(page, freshUser);
	await page.goto('/');
	await controlled(page);
	// Online for a moment after signing in; the wizard itself was never opened.
	await page.waitForFunction(async () => Boolean(await caches.match('/ideen/neu')));
	await goOffline(context, page);
	// Opened from the menu (the wizard's code and page come from the worker's copies).
	await page
		.getByRole('navigation', { name: 'Hauptnavigation' })
		.getByRole('link', { name: 'Idee einreichen' })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Idee einreichen');
	await fillWizard(page, {
		district: 'Altstadt',
		title,
		body: 'Zum Laden von Handy und E-Bike beim Warten.',
		field: 'infrastruktur'
	});
	const submission = page.locator('form[action$="/submit"]');
	const id = await submission.locator('input[name="id"]').inputValue();
	const lat = Number(await submission.locator('input[name="lat"]').inputValue());
	const lng = Number(await submission.locator('input[name="lng"]').inputValue());

	await page.getByRole('button', { name: 'Idee einreichen' }).click();
	await expect(
		page.getByRole('heading', { name: /^Gespeichert – Ihre Idee wird gesendet/ })
	).toBeFocused();
	await expect(waiting(page, 1)).toBeVisible();

	// Offline, the start page comes from the cache and the outbox from IndexedDB.
	await page.goto('/');
	await expect(waiting(page, 1)).toBeVisible();
	const rows = () =>
		sql<{ id: string; title: string; body: string; lat: number; lng: number; slug: string }[]>`
			select i.id, i.title, i.body, i.lat, i.lng, d.slug from public.ideas i
			join public.districts d on d.id = i.district_id where i.title = ${title}`;
	expect(await rows()).toEqual([]);

	await context.setOffline(false);
	await expect(waiting(page, 1)).toBeHidden();
	expect(await rows()).toEqual([
		{ id, title, body: 'Zum Laden von Handy und E-Bike beim Warten.', lat, lng, slug: 'altstadt' }
	]);
});

test('a refused idea goes back into the wizard whole, place and all, and is sent once after editing', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	// A field of action of its own, which the city removes while the idea waits.
	const slug = `e2e_${randomUUID().slice(0, 8)}`;
	await sql`insert into public.fields_of_action (slug, name_de, name_en, position)
		values (${slug}, ${`Feld ${slug}`}, ${`Field ${slug}`}, 90)`;
	const title = `Ladesäulen am Bahnhof ${randomUUID().slice(0, 8)}`;
	await signIn(page, freshUser);
	await page.goto('/');
	await controlled(page);
	await fillWizard(page, { district: 'Altstadt', title, body: 'Am Vorplatz.', field: slug });
	const submission = page.locator('form[action$="/submit"]');
	const id = await submission.locator('input[name="id"]').inputValue();
	const lat = Number(await submission.locator('input[name="lat"]').inputValue());
	const lng = Number(await submission.locator('input[name="lng"]').inputValue());

	await goOffline(context, page);
	await page.getByRole('button', { name: 'Idee einreichen' }).click();
	await expect(waiting(page, 1)).toBeVisible();
	await sql`delete from public.fields_of_action where slug = ${slug}`;
	await context.setOffline(false);

	const summary = page.getByRole('button', { name: '1 Änderung wurde abgelehnt' });
	await summary.click();
	const list = page.getByRole('region', { name: '1 Änderung wurde abgelehnt' });
	await expect(list.getByRole('alert')).toHaveText('Bitte wählen Sie ein Handlungsfeld.');
	await list.getByRole('button', { name: 'Idee bearbeiten' }).click();

	// The whole draft is back, at the step of the removed field; the rest is as it was.
	await expect(page).toHaveURL('/ideen/neu?schritt=details');
	await page.getByLabel('Handlungsfeld').selectOption('infrastruktur');
	await page.getByRole('button', { name: 'Weiter', exact: true }).click();
	// Same id (so it can only ever be one idea), same place and text.
	await expect(submission.locator('input[name="id"]')).toHaveValue(id);
	await expect(submission.locator('input[name="title"]')).toHaveValue(title);
	await page.getByRole('button', { name: 'Idee einreichen' }).click();
	await expect(page.getByRole('heading', { name: /^Danke/ })).toBeVisible();
	await expect(summary).toBeHidden();

	const rows = await sql`select id, lat, lng, field_slug from public.ideas where title = ${title}`;
	expect(rows).toEqual([{ id, lat, lng, field_slug: 'infrastruktur' }]);
});
