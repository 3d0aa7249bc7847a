import type { APIRequestContext, Page } from '@playwright/test';
import { request as playwrightRequest } from '@playwright/test';
import sharp from 'sharp';
import { APP_ORIGIN } from './support/env.ts';
import { expect, signIn, test, type Account } from './support/fixtures.ts';
import { expectNoViolations } from './support/a11y.ts';
import { insertIdea } from './support/data.ts';
import { ideaWithPhotos } from './support/photos.ts';
import { goOffline, OFFLINE_USE } from './support/offline.ts';
import { fillWizard, uniqueWord } from './support/wizard.ts';
import type postgres from 'postgres';

/**
 * Photos on ideas from the wizard to storage and back (issue 22): what a person sends is stored
 * once, re-encoded without its metadata, seen by whom it may be; a refused file leaves nothing
 * behind; an idea queued offline, or whose answer got lost, stores its photo exactly once.
 * (The picker itself: photos-ui.spec.ts; moderation: photo-moderation.spec.ts.)
 */

/** A phone's JPEG: camera data, and GPS coordinates of where it was taken. */
async function phoneJpeg(): Promise<Buffer> {
	return sharp({ create: { width: 320, height: 240, channels: 3, background: '#2a6' } })
		.jpeg()
		.withExif({
			IFD0: { Make: 'Stadtphone', Model: 'S1' },
			IFD3: {
				GPSLatitudeRef: 'N',
				GPSLatitude: '51/1 30/1 0/1',
				GPSLongitudeRef: 'E',
				GPSLongitude: '7/1 28/1 0/1'
			}
		})
		.toBuffer();
}

async function choose(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('button', { name: 'Aus Galerie wählen' }).click();
	await (await chooser).setFiles([file]);
}

const photoRegion = (page: Page) => page.getByRole('region', { name: /^Fotos/ });

/** Signed in, through the wizard to its review with one phone photo and its alt text. */
async function reviewWithPhoto(page: Page, account: Account, title: string, alt: string) {
	await signIn(page, account);
	await fillWizard(page, { district: 'Altstadt', title, body: '', field: 'infrastruktur' });
	await choose(page, { name: 'foto.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg() });
	await photoRegion(page).getByLabel('Bildbeschreibung').fill(alt);
}

async function ideaTitled(sql: postgres.Sql, title: string) {
	return sql<
		{ id: string; status: string }[]
	>`select id, status from public.ideas where title = ${title}`;
}

async function photosOf(sql: postgres.Sql, idea: string) {
	return sql<{ id: string; alt_text: string; stored_at: Date | null }[]>`
		select id, alt_text, stored_at from public.idea_photos where idea_id = ${idea}`;
}

async function filesOf(sql: postgres.Sql, idea: string): Promise<string[]> {
	const rows = await sql<{ name: string }[]>`select name from storage.objects
		where bucket_id = 'idea-photos' and name like ${`${idea}/%`} order by name`;
	return rows.map((row) => row.name);
}

/** A client of nobody's: no cookies, as a stranger's browser would ask. */
async function stranger(): Promise<APIRequestContext> {
	return playwrightRequest.newContext({ baseURL: APP_ORIGIN });
}

test('an idea with a photo: stored once without its metadata, shown to its author, to others once published @any-screen', async ({
	page,
	sql,
	freshUser
}) => {
	const title = `Ladepunkt am Markt ${uniqueWord()}`;
	await reviewWithPhoto(page, freshUser, title, 'Ladesäule am Markt ohne Strom');
	await page.getByRole('button', { name: 'Idee einreichen' }).click();
	await expect(page.getByRole('heading', { name: 'Danke! Ihre Idee wird geprüft.' })).toBeFocused();

	const [idea] = await ideaTitled(sql, title);
	expect(idea).toBeDefined();
	const photos = await photosOf(sql, idea!.id);
	expect(photos).toHaveLength(1);
	expect(photos[0]!.alt_text).toBe('Ladesäule am Markt ohne Strom');
	expect(photos[0]!.stored_at).not.toBeNull();
	const photo = photos[0]!.id;
	expect(await filesOf(sql, idea!.id)).toEqual(
		['full', 'medium', 'thumb'].map((size) => `${idea!.id}/${photo}/${size}.webp`)
	);

	// The author sees it on the idea's page while it waits for moderation.
	await page.goto(`/ideen/${idea!.id}`);
	await expect(
		photoRegion(page).getByRole('img', { name: 'Ladesäule am Markt ohne Strom' })
	).toBeVisible();
	const url = `/ideen/${idea!.id}/fotos/${photo}/full.webp`;
	const own = await page.request.get(url);
	expect(own.status()).toBe(200);
	expect(own.headers()['content-type']).toBe('image/webp');
	expect(own.headers()['x-content-type-options']).toBe('nosniff');
	expect(own.headers()['cache-control']).toMatch(/^private/);
	const bytes = await own.body();
	const meta = await sharp(bytes).metadata();
	expect(meta.format).toBe('webp');
	expect(meta.exif).toBeUndefined();
	expect(bytes.includes(Buffer.from('Stadtphone'))).toBe(false);

	// Nobody else, until the idea is published.
	const other = await stranger();
	try {
		expect((await other.get(url)).status()).toBe(404);
		await sql`update public.ideas set status = 'published', published_at = now() where id = ${idea!.id}`;
		const seen = await other.get(url);
		expect(seen.status()).toBe(200);
		expect(seen.headers()['cache-control']).toMatch(/^public/);
	} finally {
		await other.dispose();
	}
	// Published, the list's card shows it small.
	await page.goto(`/?${new URLSearchParams({ q: title })}`);
	const card = page.getByRole('listitem').filter({ hasText: title });
	const thumb = card.getByRole('img', { name: 'Ladesäule am Markt ohne Strom' });
	await thumb.scrollIntoViewIfNeeded();
	await expect
		.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
		.toBe(true);
});

test('a file that is no photo is refused at its slot, and nothing is stored @any-screen', async ({
	page,
	sql,
	freshUser
}) => {
	await signIn(page, freshUser);
	const title = `Hotspot im Park ${uniqueWord()}`;
	await fillWizard(page, { district: 'Altstadt', title, body: '', field: 'infrastruktur' });
	const svg = Buffer.from(
		'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48"><script>alert(1)</script></svg>'
	);
	await choose(page, { name: 'park.jpg', mimeType: 'image/jpeg', buffer: svg });
	await photoRegion(page).getByLabel('Bildbeschreibung').fill('Der Park am Abend');
	// The phone lets it through (it says it is a JPEG); the server reads the bytes and says no.
	const answer = page.waitForResponse(
		(response) => response.request().method() === 'POST' && /\/submit/.test(response.url())
	);
	await page.getByRole('button', { name: 'Idee einreichen' }).click();
	expect(await (await answer).text()).toContain('photos.errors.unsupported');
	await expect(
		photoRegion(page).locator('.field-error', { hasText: 'Dieses Dateiformat nehmen wir nicht an' })
	).toBeVisible();
	expect(await ideaTitled(sql, title)).toEqual([]);
});

/** Signed in, on the account's page of a waiting idea of their own, with a photo added there. */
async function ideaWithAddedPhoto(page: Page, sql: postgres.Sql, account: Account) {
	const [me] = await sql<
		{ id: string }[]
	>`select id from auth.users where email = ${account.email}`;
	const idea = await insertIdea(sql, { authorId: me!.id, status: 'submitted' });
	await signIn(page, account);
	await page.goto(`/konto/ideen/${idea.id}`);
	const section = page.getByRole('region', { name: 'Fotos', exact: true });
	await expect(section.getByText('Diese Idee hat noch keine Fotos.')).toBeVisible();
	await choose(page, { name: 'friedhof.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg() });
	await section.getByLabel('Bildbeschreibung').fill('Parkplatz am Nordfriedhof ohne Ladesäule');
	await section.getByRole('button', { name: 'Fotos hinzufügen' }).click();
	await expect(section.getByRole('status')).toHaveText('1 Foto wurde hinzugefügt.');
	await expect(
		section.getByRole('img', { name: 'Parkplatz am Nordfriedhof ohne Ladesäule' })
	).toBeVisible();
	const [photo] = await photosOf(sql, idea.id);
	expect(photo!.stored_at).not.toBeNull();
	expect(await filesOf(sql, idea.id)).toHaveLength(3);
	return { idea, me: me!.id, section };
}

test('the author adds a photo to the waiting idea, finds it in the data export, and removes it again; its files go @any-screen', async ({
	page,
	sql,
	freshUser
}) => {
	const { idea, section } = await ideaWithAddedPhoto(page, sql, freshUser);
	// The data export carries the photo itself.
	const exported = await (await page.request.get('/konto/export')).json();
	expect(exported.photos).toHaveLength(1);
	const [kind, base64] = exported.photos[0].image.split(',');
	expect(kind).toBe('data:image/webp;base64');
	expect((await sharp(Buffer.from(base64, 'base64')).metadata()).format).toBe('webp');

	await section
		.getByRole('button', { name: 'Foto 1 entfernen: Parkplatz am Nordfriedhof ohne Ladesäule' })
		.click();
	await expect(section.getByRole('status')).toHaveText('Das Foto wurde entfernt.');
	await expect(section.getByText('Diese Idee hat noch keine Fotos.')).toBeVisible();
	expect(await photosOf(sql, idea.id)).toEqual([]);
	// The worker, woken by the queue, removes the files through Storage.
	await expect.poll(() => filesOf(sql, idea.id)).toEqual([]);
});

test('an erased account takes its photos along, files included; its published idea stays @any-screen', async ({
	page,
	sql,
	freshUser
}) => {
	const { idea, me } = await ideaWithAddedPhoto(page, sql, freshUser);
	await sql`update public.ideas set status = 'published', published_at = now() where id = ${idea.id}`;
	// Asked 15 days ago (account.spec.ts asks through the page): the grace period has passed.
	await sql`insert into private.account_deletions (user_id, requested_at)
		values (${me}, now() - interval '15 days')`;
	await sql`select pg_notify('stadtidee_notifications', '')`;
	await expect.poll(() => filesOf(sql, idea.id)).toEqual([]);
	expect(await photosOf(sql, idea.id)).toEqual([]);
	expect(await ideaTitled(sql, idea.title)).toEqual([{ id: idea.id, status: 'published' }]);
});

const GALLERY = {
	de: { region: 'Fotos', photo: 'Foto 2 von 3', next: 'Nächstes Foto', close: 'Schließen' },
	en: { region: 'Photos', photo: 'Photo 2 of 3', next: 'Next photo', close: 'Close' }
} as const;

for (const locale of ['de', 'en'] as const) {
	test(`the gallery of three photos passes axe in ${locale}, light and dark, its large view too`, async ({
		page,
		context,
		baseURL,
		sql,
		stack,
		freshUser
	}) => {
		const words = GALLERY[locale];
		const alts = ['Ladesäule am Markt', 'Das dunkle Display der Säule', 'Der Parkplatz daneben'];
		const idea = await ideaWithPhotos(sql, stack, freshUser, 'published', alts);
		await context.addCookies([{ name: 'locale', value: locale, url: baseURL! }]);
		await page.goto(`/ideen/${idea.id}`);
		const gallery = page.getByRole('region', { name: words.region, exact: true });
		for (const alt of alts) {
			const image = gallery.getByRole('img', { name: alt });
			await image.scrollIntoViewIfNeeded();
			// Loaded (the route served its bytes); its size follows srcset's choice.
			await expect
				.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
				.toBe(true);
		}
		await expectNoViolations(page);
		await page.emulateMedia({ colorScheme: 'dark' });
		await expectNoViolations(page);

		// The large view: opened from a thumbnail, browsed by key, closed back to where it was.
		const opener = gallery.getByRole('link').nth(1);
		await opener.click();
		const dialog = page.getByRole('dialog');
		await expect(dialog).toHaveAccessibleName(words.photo);
		await expect(dialog.getByRole('img', { name: alts[1] })).toBeVisible();
		await expectNoViolations(page);
		await page.keyboard.press('ArrowRight');
		await expect(dialog.getByRole('img', { name: alts[2] })).toBeVisible();
		await page.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
		await expect(opener).toBeFocused();
	});
}

test.describe('offline', () => {
	test.use(OFFLINE_USE);

	test('an idea queued offline with its photo is stored once when the connection returns @any-screen', async ({
		page,
		context,
		sql,
		freshUser
	}) => {
		const title = `Funkloch am Bahnhof ${uniqueWord()}`;
		await reviewWithPhoto(page, freshUser, title, 'Bahnsteig 2 ohne Empfang');
		await goOffline(context, page);
		await page.getByRole('button', { name: 'Idee einreichen' }).click();
		await expect(page.getByRole('heading', { name: /^Gespeichert/ })).toBeFocused();
		expect(await ideaTitled(sql, title)).toEqual([]);

		await context.setOffline(false);
		await expect.poll(async () => (await ideaTitled(sql, title)).length).toBe(1);
		const [idea] = await ideaTitled(sql, title);
		await expect.poll(async () => (await filesOf(sql, idea!.id)).length).toBe(3);
		const photos = await photosOf(sql, idea!.id);
		expect(photos).toHaveLength(1);
		expect(photos[0]!.alt_text).toBe('Bahnsteig 2 ohne Empfang');
	});

	test('an answer lost after the server stored the idea: the replay stores its photo no second time @any-screen', async ({
		page,
		context,
		sql,
		freshUser
	}) => {
		const title = `WLAN im Freibad ${uniqueWord()}`;
		await reviewWithPhoto(page, freshUser, title, 'Kiosk am Freibad ohne WLAN');

		// The first post reaches the server, which stores everything; its answer never arrives.
		let posts = 0;
		await context.route(/\/ideen\/neu\?.*\/submit/, async (route) => {
			posts += 1;
			if (posts > 1) return route.continue();
			await route.fetch();
			return route.abort('connectionreset');
		});
		await page.getByRole('button', { name: 'Idee einreichen' }).click();
		await expect.poll(() => posts).toBeGreaterThan(1);
		await expect.poll(async () => (await ideaTitled(sql, title)).length).toBe(1);
		const [idea] = await ideaTitled(sql, title);
		await expect
			.poll(async () => {
				const [row] = await sql<{ n: number }[]>`select count(*)::int as n
					from public.storage_removals where object_name like ${`${idea!.id}/%`}`;
				return row!.n;
			})
			.toBe(0);
		expect(await photosOf(sql, idea!.id)).toHaveLength(1);
		expect(await filesOf(sql, idea!.id)).toHaveLength(3);
	});
});
