import type { Page } from '@playwright/test';
import type postgres from 'postgres';
import { expectNoViolations } from './support/a11y.ts';
import { expect, signIn, test } from './support/fixtures.ts';
import {
	DRAFT_KEY,
	ideasTitled,
	next,
	startAtPlace,
	stepHeading,
	tabTo,
	uniqueWord
} from './support/wizard.ts';

interface View {
	lat: number;
	lng: number;
	zoom: number;
}

/** Leaflet's first view of the picker: the configured centre and zoom (no draft yet). */
async function firstView(sql: postgres.Sql): Promise<View> {
	const [row] = await sql<View[]>`
		select map_center_lat as lat, map_center_lng as lng, map_zoom as zoom from public.settings`;
	return row!;
}

/** The point `dx`, `dy` CSS pixels from the view's centre (Web Mercator, 256-pixel tiles). */
function pointAt(view: View, dx: number, dy: number) {
	const scale = 256 * 2 ** view.zoom;
	const phi = (view.lat * Math.PI) / 180;
	const x = ((view.lng + 180) / 360) * scale + dx;
	const y = ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * scale + dy;
	const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / scale))) * 180) / Math.PI;
	return { lat, lng: (x / scale) * 360 - 180 };
}

/** A couple of pixels at zoom 13 (about 25 m): rounding of the centre pixel, not a wrong place. */
function expectNear(actual: { lat: number; lng: number }, expected: { lat: number; lng: number }) {
	expect(Math.abs(actual.lat - expected.lat)).toBeLessThan(0.0003);
	expect(Math.abs(actual.lng - expected.lng)).toBeLessThan(0.0003);
}

const pickerMap = (page: Page) =>
	page.getByRole('application', { name: 'Karte: Ort Ihrer Idee wählen' });

async function draftInStorage(page: Page) {
	return page.evaluate(
		(key) => JSON.parse(localStorage.getItem(key) ?? 'null'),
		DRAFT_KEY
	) as Promise<{ lat: number; lng: number; placeSource: string } | null>;
}

/** Leaflet made the map ready: its zoom buttons are there and the loading note is gone. */
async function mapReady(page: Page) {
	await expect(page.getByRole('button', { name: 'Hineinzoomen' })).toBeVisible();
	await expect(page.getByText('Karte wird geladen …')).toBeHidden();
}

/** Keyboard pans are animated: wait until the map has moved by all of them. */
async function expectPannedBy(page: Page, dx: number, dy: number) {
	await expect(pickerMap(page).locator('.leaflet-map-pane')).toHaveCSS(
		'transform',
		`matrix(1, 0, 0, 1, ${-dx}, ${-dy})`
	);
}

const chosenOnMap = /^Gewählter Ort: der Punkt auf der Karte/;

/** From the third step on with the mouse or finger; then the idea as stored. */
async function finishAndFetch(page: Page, sql: postgres.Sql, title: string) {
	await expect(stepHeading(page)).toHaveText('Details');
	await page.getByLabel('Handlungsfeld').selectOption('umwelt');
	await next(page);
	await page.getByRole('button', { name: 'Idee einreichen' }).click();
	await expect(page.getByRole('heading', { name: 'Danke! Ihre Idee wird geprüft.' })).toBeFocused();
	const [row] = await ideasTitled(sql, title);
	expect(row).toBeDefined();
	return row!;
}

test('a tap or click on the map places the idea there, and the place survives a reload', async ({
	page,
	sql,
	freshUser,
	isMobile
}) => {
	test.slow(); // Two axe runs, a sign-in and a reload on a shared machine.
	const title = `Baumpatenschaft ${uniqueWord()}`;
	const view = await firstView(sql);
	await signIn(page, freshUser);
	await startAtPlace(page, title);
	await mapReady(page);
	await expectNoViolations(page);

	const map = pickerMap(page);
	const box = (await map.boundingBox())!;
	const position = { x: box.width / 2 + 60, y: box.height / 2 - 40 };
	if (isMobile) await map.tap({ position });
	else await map.click({ position });
	await expect(page.getByText(chosenOnMap)).toBeVisible();
	const expected = pointAt(view, 60, -40);
	const stored = (await draftInStorage(page))!;
	expect(stored.placeSource).toBe('map');
	expectNear(stored, expected);

	// The draft is the browser's: a reload keeps the point, the marker and the message.
	await page.reload();
	await mapReady(page);
	await expect(page.getByText(chosenOnMap)).toBeVisible();
	await expect(map.locator('.si-pin')).toBeVisible();
	expect(await draftInStorage(page)).toMatchObject({ lat: stored.lat, lng: stored.lng });
	await expectNoViolations(page);

	await next(page);
	const row = await finishAndFetch(page, sql, title);
	expect(row.lat).toBeCloseTo(stored.lat, 9);
	expect(row.lng).toBeCloseTo(stored.lng, 9);
	await sql`delete from public.ideas where id = ${row.id}`;
});

test('keyboard: focus the map, move it with the arrows, place the point with Enter', async ({
	page,
	sql,
	freshUser
}) => {
	const title = `Sitzbank am Teich ${uniqueWord()}`;
	const view = await firstView(sql);
	await signIn(page, freshUser);
	await startAtPlace(page, title);
	await mapReady(page);

	await tabTo(page, pickerMap(page));
	await page.keyboard.press('ArrowRight');
	await expectPannedBy(page, 80, 0);
	await page.keyboard.press('ArrowRight');
	await expectPannedBy(page, 160, 0);
	await page.keyboard.press('ArrowDown');
	await expectPannedBy(page, 160, 80);
	await page.keyboard.press('Enter');
	await expect(page.getByText(chosenOnMap)).toBeVisible();
	await expect(pickerMap(page)).toBeFocused();
	const expected = pointAt(view, 160, 80);
	expectNear((await draftInStorage(page))!, expected);

	await tabTo(page, page.getByRole('button', { name: 'Weiter', exact: true }));
	await page.keyboard.press('Enter');
	const row = await finishAndFetch(page, sql, title);
	expectNear(row, expected);
	await sql`delete from public.ideas where id = ${row.id}`;
});

test('a point on the map outside the town is refused and the chosen place stays', async ({
	page,
	sql
}) => {
	const view = await firstView(sql);
	await startAtPlace(page);
	await mapReady(page);
	const map = pickerMap(page);
	await map.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByText(chosenOnMap)).toBeVisible();
	const before = (await draftInStorage(page))!;
	expectNear(before, view);

	// Ten steps west of the centre lies the neighbouring municipality.
	for (let step = 1; step <= 10; step++) {
		await page.keyboard.press('ArrowLeft');
		await expectPannedBy(page, -80 * step, 0);
	}
	await page.keyboard.press('Enter');
	await expect(page.getByRole('alert').filter({ hasText: 'außerhalb' })).toHaveText(
		'Dieser Ort liegt außerhalb des Stadtgebiets. Bitte wählen Sie einen Ort innerhalb der gestrichelten Grenze.'
	);
	await expect(page.getByText(chosenOnMap)).toBeVisible();
	expect(await draftInStorage(page)).toMatchObject({ lat: before.lat, lng: before.lng });
	await expectNoViolations(page);
});

test('leaving the place step while the map still zooms to the device location logs no error', async ({
	page,
	context
}) => {
	// Leaflet finishes a zoom from a timer; a map removed before it (the next step replaces the
	// picker at once) used to throw "reading '_leaflet_pos'". The fixture fails on console errors.
	await context.grantPermissions(['geolocation']);
	await context.setGeolocation({ latitude: 50.5612, longitude: 9.7205 });
	await startAtPlace(page);
	await expect(page.getByRole('application')).toBeVisible();
	await page.getByRole('button', { name: 'Meinen Standort verwenden' }).click();
	await expect(page.getByText(/^Gewählter Ort:/)).toBeVisible();
	await next(page);
	await expect(stepHeading(page)).toHaveText('Details');
	// Past Leaflet's 250 ms zoom timer, so an error would have been logged.
	await page.waitForTimeout(500);
});
