import { randomUUID } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { PHOTO_ACCEPT } from '../../src/lib/photos/rules.ts';
import { expectNoViolations } from './support/a11y.ts';
import { expect, signIn, test } from './support/fixtures.ts';
import { goOffline, OFFLINE_USE } from './support/offline.ts';
import { fillWizard, ideasTitled, next, stepHeading, uniqueWord } from './support/wizard.ts';

/**
 * A PNG of one colour, `width` × `height`: small as a file (it compresses to almost nothing), but
 * as many pixels as a phone photo when asked for.
 */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([length, body, crc]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, no interlace
	const row = Buffer.alloc(1 + width * 3);
	for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
	const pixels = Buffer.concat(Array.from({ length: height }, () => row));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(pixels)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

const photo = (name: string, width = 64, height = 48) => ({
	name,
	mimeType: 'image/png',
	buffer: png(width, height, [200, 80, 30])
});

/** Chooses files the way a person does: the button opens the phone's picker. */
async function choose(page: Page, button: string | RegExp, files: ReturnType<typeof photo>[]) {
	const chooser = page.waitForEvent('filechooser');
	await page.getByRole('button', { name: button }).click();
	await (await chooser).setFiles(files);
}

const photos = (page: Page) => page.getByRole('region', { name: /^(Fotos|Photos)/ });

test('photos in the wizard: preview, alt text required, remove, three at most, kept while editing a step', async ({
	page,
	sql,
	freshUser
}) => {
	test.slow(); // Two axe runs and the wizard twice through.
	await signIn(page, freshUser);
	const title = `Ladesäule am Rathaus ${uniqueWord()}`;
	await fillWizard(page, {
		district: 'Altstadt',
		title,
		body: 'Das Display ist seit Wochen dunkel.',
		field: 'infrastruktur'
	});
	const region = photos(page);
	await expect(region.getByRole('heading', { name: 'Fotos (freiwillig)' })).toBeVisible();
	await expect(region.getByText('0 von 3 Fotos', { exact: true })).toBeVisible();
	// The camera is offered as well as the gallery.
	await expect(region.locator('input[type="file"][capture="environment"]')).toHaveCount(1);

	// A phone-sized photo (3000 × 2000) is shrunk on the phone to 2048 px before it is sent.
	await choose(page, 'Aus Galerie wählen', [photo('ladesaeule.png', 3000, 2000)]);
	const alt1 = region.getByLabel('Bildbeschreibung').first();
	await expect(alt1).toBeFocused();
	const preview = region.locator('li img').first();
	await expect(preview).toHaveJSProperty('complete', true);
	expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2048);
	expect(await preview.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBe(1365);
	await expect(region.getByText('1 von 3 Fotos', { exact: true })).toBeVisible();
	await expect(region.getByText(/MB zum Senden$/)).toBeVisible();

	// Sending without alt text is stopped on the phone: a summary, the message at the field.
	await page.getByRole('button', { name: 'Idee einreichen' }).click();
	const summary = page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie:' });
	await expect(summary).toBeFocused();
	await expect(summary.getByRole('link')).toHaveText(
		'Foto 1: Bitte beschreiben Sie das Foto in ein paar Worten.'
	);
	await expect(alt1).toHaveAttribute('aria-invalid', 'true');
	await expect(alt1).toHaveAccessibleDescription(
		/Pflicht zu jedem Foto.*Bitte beschreiben Sie das Foto in ein paar Worten\./
	);
	await summary.getByRole('link').click();
	await expect(alt1).toBeFocused();
	await alt1.fill('ab');
	await page.getByRole('button', { name: 'Idee einreichen' }).click();
	await expect(summary.getByRole('link')).toHaveText(
		'Foto 1: Die Bildbeschreibung ist zu kurz: mindestens 3 Zeichen.'
	);
	await alt1.fill('Ladesäule vor dem Rathaus, das Display ist dunkel');
	await expect(alt1).not.toHaveAttribute('aria-invalid');
	await expect(summary).toHaveCount(0);
	expect(await ideasTitled(sql, title)).toEqual([]);

	// Four chosen at once: three fit, the fourth is not taken, and the buttons make way for a note.
	await choose(page, 'Aus Galerie wählen', [
		photo('zwei.png'),
		photo('drei.png'),
		photo('vier.png')
	]);
	await expect(region.getByText('3 von 3 Fotos', { exact: true })).toBeVisible();
	await expect(
		region.getByText('Mehr als 3 Fotos sind nicht möglich.', { exact: false })
	).toBeVisible();
	await expect(region.getByRole('button', { name: 'Aus Galerie wählen' })).toHaveCount(0);
	await expect(region.getByRole('button', { name: 'Foto aufnehmen' })).toHaveCount(0);
	await expect(page.getByText('Nicht alle Dateien übernommen', { exact: false })).toBeAttached();
	await region.getByLabel('Bildbeschreibung').nth(1).fill('Parkplatz neben der Ladesäule');
	await region.getByLabel('Bildbeschreibung').nth(2).fill('Hinweisschild am Eingang');

	// Order: the third photo forward; the focus stays on it.
	await region.getByRole('button', { name: 'Foto 3 nach vorn' }).click();
	await expect(region.getByLabel('Bildbeschreibung').nth(1)).toHaveValue(
		'Hinweisschild am Eingang'
	);
	await expect(region.getByRole('button', { name: 'Foto 2 nach vorn' })).toBeFocused();

	await expectNoViolations(page);

	// Remove one: room for another again.
	await region.getByRole('button', { name: 'Foto 1 entfernen' }).click();
	await expect(region.getByText('2 von 3 Fotos', { exact: true })).toBeVisible();
	await expect(region.getByRole('button', { name: 'Foto 1 entfernen' })).toBeFocused();
	await expect(region.getByLabel('Bildbeschreibung').first()).toHaveValue(
		'Hinweisschild am Eingang'
	);
	await expect(region.getByRole('button', { name: 'Foto aufnehmen' })).toBeVisible();

	// Not an image: refused on the phone with the server's own message.
	await choose(page, 'Aus Galerie wählen', [
		{ name: 'brief.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') }
	]);
	await expect(region.getByText(/Dieses Dateiformat nehmen wir nicht an\..*HEIC/)).toBeVisible();
	await region.getByRole('button', { name: 'Foto 3 entfernen' }).click();

	// Editing the title keeps the photos (the page holds them, not the review step).
	await page.getByRole('button', { name: /^Ändern ?: Titel/ }).click();
	await page.getByLabel('Titel').fill(`${title} (neu)`);
	for (let step = 0; step < 3; step++) {
		await page.getByRole('button', { name: 'Weiter', exact: true }).click();
	}
	await expect(page).toHaveURL('/ideen/neu?schritt=pruefen');
	await expect(region.getByText('2 von 3 Fotos', { exact: true })).toBeVisible();
	await expect(region.getByLabel('Bildbeschreibung').nth(1)).toHaveValue(
		'Parkplatz neben der Ladesäule'
	);
	// The previews still show (their object URLs live as long as the wizard's page).
	for (const preview of await region.locator('li img').all()) {
		await expect(preview).toHaveJSProperty('complete', true);
		expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	}
	// The dark theme, with a refused alt text: contrast of the messages, buttons and hints. (Not
	// sent: the photos' server part is tested with it.)
	await page.emulateMedia({ colorScheme: 'dark' });
	await region.getByLabel('Bildbeschreibung').nth(1).fill('');
	await page.getByRole('button', { name: 'Idee einreichen' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie:' })).toBeFocused();
	await expectNoViolations(page);
	expect(await ideasTitled(sql, `${title} (neu)`)).toEqual([]);
});

/** An EXIF block saying "rotate 90° clockwise to show" (orientation 6), as phones write it. */
const EXIF_ROTATED = Buffer.from([
	0xff, 0xe1, 0x00, 0x22, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00, 0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00,
	0x00, 0x08, 0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00
]);

test('a large photo taken sideways is sent upright and shrunk to 2,048 px', async ({
	page,
	freshUser
}) => {
	await signIn(page, freshUser);
	await fillWizard(page, {
		district: 'Altstadt',
		title: `Funkmast am Sportplatz ${uniqueWord()}`,
		body: '',
		field: 'infrastruktur'
	});
	// A 3000 × 1000 JPEG made by the browser, marked as taken with the phone turned: shown, it is
	// 1000 × 3000.
	const bytes = await page.evaluate(async () => {
		const canvas = new OffscreenCanvas(3000, 1000);
		const context = canvas.getContext('2d')!;
		context.fillStyle = '#c84';
		context.fillRect(0, 0, 3000, 1000);
		const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
		return [...new Uint8Array(await blob.arrayBuffer())];
	});
	const jpeg = Buffer.from(bytes);
	const sideways = Buffer.concat([jpeg.subarray(0, 2), EXIF_ROTATED, jpeg.subarray(2)]);
	await choose(page, 'Foto aufnehmen', [
		{ name: 'IMG_0815.JPG', mimeType: 'image/jpeg', buffer: sideways }
	]);
	const preview = photos(page).locator('li img');
	await expect(preview).toHaveJSProperty('complete', true);
	// The preview is the file that will be sent. Kept as it was, the browser would show it turned
	// upright at 1000 × 3000; shrunk on the phone, it is upright and 2,048 px high.
	const size = await preview.evaluate((img: HTMLImageElement) => [
		img.naturalWidth,
		img.naturalHeight
	]);
	expect(size).toEqual([683, 2048]);
	await expect(photos(page).getByText(/^0,\d MB zum Senden$/)).toBeVisible();
});

test('the photo picker in English passes axe with photos and a refused alt text', async ({
	page,
	context,
	baseURL,
	freshUser
}) => {
	await signIn(page, freshUser);
	await fillWizard(page, {
		district: 'Altstadt',
		title: `Charging point ${uniqueWord()}`,
		body: '',
		field: 'infrastruktur'
	});
	// The draft is kept in the browser: the review again, in English.
	await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
	await page.reload();
	const region = photos(page);
	await expect(region.getByRole('heading', { name: 'Photos (optional)' })).toBeVisible();
	await choose(page, 'Choose from gallery', [photo('one.png'), photo('two.png')]);
	await expect(region.getByText('2 of 3 photos', { exact: true })).toBeVisible();
	await region.getByLabel('Image description').first().fill('A dead charging point');
	await page.getByRole('button', { name: 'Submit idea' }).click();
	await expect(page.getByRole('alert').getByRole('link')).toHaveText(
		'Photo 2: Please describe the photo in a few words.'
	);
	await expectNoViolations(page);
});

/** Through the wizard as plain forms (its script is not running), to the review step. */
async function plainReview(page: Page) {
	await page.goto('/ideen/neu');
	await page.getByLabel('Titel').fill(`Ladesäule am Rathaus ${uniqueWord()}`);
	await next(page);
	await page.getByLabel('Stadtteil').selectOption({ label: 'Altstadt' });
	await next(page);
	await page.getByLabel('Handlungsfeld').selectOption('infrastruktur');
	await next(page);
	await expect(stepHeading(page)).toHaveText('Alles richtig?');
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the review step offers three plain photo slots, each with its alt text and its own id', async ({
		page,
		freshUser
	}) => {
		await signIn(page, freshUser);
		await plainReview(page);
		const form = page.locator('form[action$="/submit"]');
		await expect(form).toHaveAttribute('enctype', 'multipart/form-data');
		await expect(photos(page).getByRole('group')).toHaveCount(3);
		for (const n of [1, 2, 3]) {
			const file = page.getByLabel(`Bilddatei für Foto ${n}`);
			await expect(file).toHaveAttribute('type', 'file');
			await expect(file).toHaveAttribute('accept', PHOTO_ACCEPT);
			await expect(file).toHaveAttribute('name', `photo_${n}`);
			const alt = page.getByLabel(`Bildbeschreibung für Foto ${n}`);
			await expect(alt).toHaveAttribute('name', `photo_${n}_alt`);
			await expect(alt).toHaveAccessibleDescription(/^Pflicht zu jedem Foto, 3 bis 300 Zeichen\./);
		}
		const ids = await form
			.locator('input[type="hidden"][name$="_id"]')
			.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
		expect(ids).toHaveLength(3);
		expect(new Set(ids).size).toBe(3);
		for (const id of ids) {
			expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		}
	});
});

test.describe('when the scripts fail to load', () => {
	// One pattern: an option given as two would be read as a value and its options.
	test.use({
		expectedConsoleErrors: [
			/^Failed to load resource: net::ERR_FAILED$|Failed to fetch dynamically imported module/
		]
	});

	// The same plain slots, in a browser that runs scripts (so axe can): the app's own never load.
	test('the plain photo slots pass axe, with a file chosen', async ({ page, freshUser }) => {
		await page.route(/\/_app\/immutable\/.*\.js$/, (route) => route.abort('failed'));
		await signIn(page, freshUser);
		await plainReview(page);
		await page.getByLabel('Bilddatei für Foto 1').setInputFiles(photo('rathaus.png'));
		await page.getByLabel('Bildbeschreibung für Foto 1').fill('Ladesäule vor dem Rathaus');
		await expectNoViolations(page);
	});
});

test.describe('offline', () => {
	test.use(OFFLINE_USE);

	test('an idea queued offline keeps its photo in the outbox, as a file with its name, type and id', async ({
		page,
		context,
		freshUser
	}) => {
		await signIn(page, freshUser);
		await fillWizard(page, {
			district: 'Altstadt',
			title: `Funkloch am Bahnhof ${uniqueWord()}`,
			body: '',
			field: 'infrastruktur'
		});
		await choose(page, 'Foto aufnehmen', [photo('bahnhof.png')]);
		await photos(page).getByLabel('Bildbeschreibung').fill('Bahnsteig 2 ohne Empfang');
		await goOffline(context, page);
		await page.getByRole('button', { name: 'Idee einreichen' }).click();
		await expect(
			page.getByRole('heading', { name: /^Gespeichert – Ihre Idee wird gesendet/ })
		).toBeFocused();
		// The outbox says the photo waits with the idea.
		await page.getByRole('button', { name: /^1 Änderung wartet auf Verbindung$/ }).click();
		await expect(page.getByText('Idee mit 1 Foto', { exact: false })).toBeVisible();
		// What IndexedDB holds: the photo as a Blob beside its name, its id and alt text as text.
		const stored = await page.evaluate(
			() =>
				new Promise<unknown>((done, fail) => {
					const opening = indexedDB.open('stadtidee-offline');
					opening.onerror = () => fail(opening.error);
					opening.onsuccess = () => {
						const all = opening.result.transaction('outbox').objectStore('outbox').getAll();
						all.onerror = () => fail(all.error);
						all.onsuccess = () =>
							done(
								(all.result as { payload: Record<string, unknown> }[]).map(({ payload }) => {
									const file = payload.photo_1 as { file: Blob; name: string };
									return {
										blob: file.file instanceof Blob,
										name: file.name,
										type: file.file.type,
										size: file.file.size,
										id: payload.photo_1_id,
										alt: payload.photo_1_alt,
										slots: Object.keys(payload).filter((name) => name.startsWith('photo_')).length
									};
								})
							);
					};
				})
		);
		expect(stored).toEqual([
			{
				blob: true,
				name: 'bahnhof.png',
				type: 'image/png',
				size: photo('bahnhof.png').buffer.length,
				id: expect.stringMatching(/^[0-9a-f-]{36}$/),
				alt: 'Bahnsteig 2 ohne Empfang',
				slots: 3
			}
		]);
	});

	test('a replay sends the photo as multipart; refused, the idea goes back into the wizard with its photo', async ({
		page,
		context,
		sql,
		freshUser
	}) => {
		// A field of action of its own, which the city removes while the idea waits.
		const slug = `e2e_${randomUUID().slice(0, 8)}`;
		await sql`insert into public.fields_of_action (slug, name_de, name_en, position)
			values (${slug}, ${`Feld ${slug}`}, ${`Field ${slug}`}, 90)`;
		await signIn(page, freshUser);
		await fillWizard(page, {
			district: 'Altstadt',
			title: `WLAN im Freibad ${uniqueWord()}`,
			body: 'Am Kiosk.',
			field: slug
		});
		await choose(page, 'Aus Galerie wählen', [photo('freibad.png')]);
		await photos(page).getByLabel('Bildbeschreibung').fill('Kiosk am Freibad ohne WLAN');
		await goOffline(context, page);
		await page.getByRole('button', { name: 'Idee einreichen' }).click();
		await expect(page.getByRole('heading', { name: /^Gespeichert/ })).toBeFocused();
		await sql`delete from public.fields_of_action where slug = ${slug}`;
		await context.setOffline(false);

		// The server read the multipart replay: it names the missing field, not a broken form.
		await page.getByRole('button', { name: '1 Änderung wurde abgelehnt' }).click();
		const list = page.getByRole('region', { name: '1 Änderung wurde abgelehnt' });
		await expect(list.getByRole('alert')).toHaveText('Bitte wählen Sie ein Handlungsfeld.');
		await expect(list.getByText('Idee mit 1 Foto', { exact: false })).toBeVisible();
		await list.getByRole('button', { name: 'Idee bearbeiten' }).click();
		await expect(page).toHaveURL('/ideen/neu?schritt=details');
		await page.getByLabel('Handlungsfeld').selectOption('infrastruktur');
		await page.getByRole('button', { name: 'Weiter', exact: true }).click();

		// The photo is back, with its description and its preview (photos.spec.ts sends one through
		// to storage).
		const region = photos(page);
		await expect(region.getByText('1 von 3 Fotos', { exact: true })).toBeVisible();
		await expect(region.getByLabel('Bildbeschreibung')).toHaveValue('Kiosk am Freibad ohne WLAN');
		const preview = region.locator('li img');
		await expect(preview).toHaveJSProperty('complete', true);
		expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
	});
});
