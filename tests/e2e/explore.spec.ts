import type { Page } from '@playwright/test';
import { expectNoViolations } from './support/a11y.ts';
import { expect, test } from './support/fixtures.ts';
import { TILE_FAILURE, blockTiles } from './support/tiles.ts';

const NETWORKS = 'Netze & digitale Infrastruktur (Breitband, Mobilfunk, WLAN)';
/** Inside the Altstadt of the seeded town. */
const MARKTPLATZ = { latitude: 50.5535, longitude: 9.6785 };

const filters = (page: Page) => page.getByRole('form', { name: 'Ideen filtern' });
/** On a phone the filters wait behind one button ("Filtern"); wider screens show them open. */
const filterButton = (page: Page) => page.locator('summary', { hasText: /^Filtern/ });
async function showFilters(page: Page): Promise<void> {
	if (await filterButton(page).isVisible()) await filterButton(page).click();
	await expect(filters(page)).toBeVisible();
}
const views = (page: Page) => page.getByRole('navigation', { name: 'Ansicht' });
/** By role only: the name is German or English. */
const ideaMap = (page: Page) => page.getByRole('application');
/** Leaflet's markers and clusters are focusable buttons inside the map. */
const mapButtons = (page: Page) => ideaMap(page).locator('.leaflet-marker-icon[role="button"]');

test('browse, filter, switch to the map and back: the filter stays', async ({ page }) => {
	await page.goto('/');
	await expect(views(page).getByRole('link', { name: 'Liste' })).toHaveAttribute(
		'aria-current',
		'page'
	);
	await expect(page.locator('#ideas-results')).toHaveText(/^\d+ Ideen gefunden\./);

	await showFilters(page);
	await filters(page).getByLabel('Handlungsfeld').selectOption({ label: NETWORKS });
	await filters(page).getByLabel('Sortierung').selectOption({ label: 'Neueste zuerst' });
	await filters(page).getByRole('button', { name: 'Ideen anzeigen' }).click();
	await expect(page).toHaveURL(/[?&]field=infrastruktur/);
	await expect(page).toHaveURL(/[?&]sort=newest/);
	const cards = page.locator('#ideas-results ~ ul article');
	await expect(cards.first()).toContainText(NETWORKS);
	const listed = await cards.count();

	await views(page).getByRole('link', { name: 'Karte' }).click();
	await expect(page).toHaveURL(/[?&]view=map/);
	await expect(page).toHaveURL(/[?&]field=infrastruktur/);
	await expect(filters(page).getByLabel('Handlungsfeld')).toHaveValue('infrastruktur');
	await expect(ideaMap(page)).toBeVisible();
	// Only this field's ideas: as many on the map as in the list (the seed has fewer than a page).
	await expect(page.getByText(/^\d+ Ideen? in diesem Kartenausschnitt/)).toHaveText(
		new RegExp(`^${listed} Ideen? in diesem Kartenausschnitt`)
	);
	await expect(mapButtons(page).first()).toBeVisible();
	await expect(page.getByRole('region', { name: 'Legende' })).toContainText(NETWORKS);

	// A filter applied in the map view stays in the map view.
	await filters(page).getByLabel('Art').selectOption({ label: 'Standortbedarf' });
	await filters(page).getByRole('button', { name: 'Ideen anzeigen' }).click();
	await expect(page).toHaveURL(/[?&]kind=location_need/);
	await expect(page).toHaveURL(/[?&]view=map/);
	await expect(ideaMap(page)).toBeVisible();

	await views(page).getByRole('link', { name: 'Liste' }).click();
	await expect(page).not.toHaveURL(/view=map/);
	await expect(page).toHaveURL(/[?&]field=infrastruktur/);
	await expect(page).toHaveURL(/[?&]kind=location_need/);
	await expect(ideaMap(page)).toHaveCount(0);
	await expect(filters(page).getByLabel('Art')).toHaveValue('location_need');
});

test.describe('with the tile server down', () => {
	test.use({ expectedConsoleErrors: [TILE_FAILURE] });

	test('the map still shows the seed ideas, clusters open to markers, markers to the idea', async ({
		page,
		context
	}) => {
		await blockTiles(context, 'fail');
		await page.goto('/?view=map');
		await expect(page.getByText(/^\d+ Ideen in diesem Kartenausschnitt/)).toBeVisible();
		await expect(ideaMap(page).locator('path.leaflet-interactive, path')).not.toHaveCount(0);

		// Zoom into clusters until single ideas show, then open one. Clusters are buttons; Enter
		// opens them even where a neighbouring marker overlaps the cluster's centre.
		const marker = ideaMap(page).locator('.leaflet-marker-icon:has(.si-marker)').first();
		// A cluster that zooms in (one of ideas on a single spot lists them instead, phone.spec.ts).
		const cluster = ideaMap(page)
			.locator('.leaflet-marker-icon[aria-label$="hineinzoomen"]')
			.first();
		for (let step = 0; step < 6 && !(await marker.isVisible()); step++) {
			await cluster.focus();
			await page.keyboard.press('Enter');
			await page.waitForTimeout(400);
		}
		// A marker is named by its idea's title (5–120 characters).
		await expect(marker).toHaveAttribute('aria-label', /^\S.{4,119}$/);
		const title = (await marker.getAttribute('aria-label')) ?? '';
		// That marker, by its name: the first one may be another by the time of the click (the map
		// still settles after the last zoom, and ideas of tests running beside this one appear).
		await ideaMap(page)
			.locator(`.leaflet-marker-icon[aria-label=${JSON.stringify(title)}]`)
			.first()
			.focus();
		// Enter, like a click: a neighbour's 44 px touch area may overlap this marker's edge.
		await page.keyboard.press('Enter');
		const popup = ideaMap(page).locator('.leaflet-popup');
		await popup.getByRole('link', { name: title }).click();
		await expect(page).toHaveURL(/\/ideen\/[0-9a-f-]{36}$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	});
});

test('the map is keyboard operable and can be skipped', async ({ page }) => {
	await page.goto('/?view=map');
	await expect(mapButtons(page).first()).toBeVisible();
	const skip = page.getByRole('link', { name: 'Karte überspringen' });
	await skip.focus();
	await expect(skip).toBeVisible();
	await page.keyboard.press('Enter');
	await expect(page.locator('#ideas-results')).toBeFocused();

	// Plus zooms in: the tiles asked for are one level deeper ({z}/{y}/{x} in the basemap URL).
	// Leaflet keeps the old level's tiles during the animation; the current level is the tile
	// container with the highest z-index.
	const tileZoom = () =>
		ideaMap(page).evaluate((map) => {
			const levels = [...map.querySelectorAll<HTMLElement>('.leaflet-tile-container')];
			const current = levels.sort((a, b) => Number(b.style.zIndex) - Number(a.style.zIndex))[0];
			const src = current?.querySelector('img')?.getAttribute('src') ?? '';
			return Number(/\/(\d+)\/\d+\/\d+\.png$/.exec(src)?.[1]);
		});
	await ideaMap(page).focus();
	// The map first fits the town into view (a phone settles a level deeper): wait until the
	// tile level stops changing before zooming.
	let before = await tileZoom();
	await expect
		.poll(
			async () => {
				const now = await tileZoom();
				const settled = now === before;
				before = now;
				return settled;
			},
			{ intervals: [500] }
		)
		.toBe(true);
	await page.keyboard.press('Equal');
	await expect.poll(tileZoom).toBe(before + 1);
	// Leaflet ignores a zoom key pressed while the last zoom still animates.
	await expect(ideaMap(page).locator('.leaflet-zoom-anim')).toHaveCount(0);
	await page.keyboard.press('Minus');
	await expect.poll(tileZoom).toBe(before);
});

test('"near me" sorts the list by distance from a granted location', async ({ page, context }) => {
	await context.grantPermissions(['geolocation']);
	await context.setGeolocation(MARKTPLATZ);
	await page.goto('/');
	await page.getByRole('button', { name: 'Ideen in meiner Nähe' }).click();
	await expect(page).toHaveURL(/[?&]near=50\.5535(,|%2C)9\.6785/);
	await expect(page).toHaveURL(/[?&]sort=nearest/);
	await showFilters(page);
	await expect(filters(page).getByLabel('Sortierung')).toHaveValue('nearest');
	await expect(page.getByText('Sortiert nach Entfernung von Ihrem Standort.')).toBeVisible();
	const distances = page.locator('#ideas-results ~ ul article').getByText(/ entfernt$/);
	await expect(distances.first()).toBeVisible();
	const metres = (
		await distances.evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''))
	).map((text) => {
		const value = Number(text.replace(/[^\d,]/g, '').replace(',', '.'));
		return text.includes('km') ? value * 1000 : value;
	});
	expect(metres.length).toBeGreaterThan(1);
	expect(metres).toEqual([...metres].sort((a, b) => a - b));

	// The map view centres on the same point; the point can be dropped again.
	await views(page).getByRole('link', { name: 'Karte' }).click();
	await expect(page).toHaveURL(/[?&]near=/);
	await expect(mapButtons(page).first()).toBeVisible();
	await page.getByRole('link', { name: 'Standort nicht mehr verwenden' }).click();
	await expect(page).not.toHaveURL(/near=/);
	await expect(page.getByRole('button', { name: 'Ideen in meiner Nähe' })).toBeVisible();
});

test('a denied location says so and the list stays', { tag: '@any-screen' }, async ({ page }) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'Ideen in meiner Nähe' }).click();
	await expect(page.getByRole('alert')).toHaveText(/Ihr Standort ist nicht freigegeben/);
	await expect(page).not.toHaveURL(/near=/);
});

test('keyboard only: search, filter and open an idea from the list', async ({ page }) => {
	await page.goto('/');
	const search = filters(page).getByLabel('Suche');
	const button = filterButton(page);
	if (await button.isVisible()) {
		// On a phone: Tab to the "Filtern" button, Enter opens the filters.
		for (
			let i = 0;
			i < 30 && !(await button.evaluate((el) => el === document.activeElement));
			i++
		) {
			await page.keyboard.press('Tab');
		}
		await page.keyboard.press('Enter');
	}
	for (let i = 0; i < 30 && !(await search.evaluate((el) => el === document.activeElement)); i++) {
		await page.keyboard.press('Tab');
	}
	await expect(search).toBeFocused();
	await page.keyboard.type('WLAN');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/[?&]q=WLAN/);
	const first = page.locator('#ideas-results ~ ul article').first().getByRole('link');
	const title = await first.textContent();
	for (let i = 0; i < 30 && !(await first.evaluate((el) => el === document.activeElement)); i++) {
		await page.keyboard.press('Tab');
	}
	await expect(first).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title!);
});

test(
	'the CSP lets images come from the configured tile server and nowhere else',
	{ tag: '@any-screen' },
	async ({ request }) => {
		const csp = (await request.get('/?view=map')).headers()['content-security-policy'] ?? '';
		const imgSrc = csp
			.split(';')
			.map((directive) => directive.trim().split(/\s+/))
			.find(([name]) => name === 'img-src');
		expect(imgSrc?.slice(1)).toEqual([
			"'self'",
			'data:',
			'blob:',
			'https://sgx.geodatenzentrum.de'
		]);
	}
);

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the list, its filter and the view switch work; the map view says it needs JavaScript', async ({
		page
	}) => {
		await page.goto('/');
		await showFilters(page);
		await filters(page).getByLabel('Status').selectOption({ label: 'Umgesetzt' });
		await filters(page).getByRole('button', { name: 'Ideen anzeigen' }).click();
		await expect(page).toHaveURL(/[?&]status=implemented/);
		const cards = page.locator('#ideas-results ~ ul article');
		await expect(cards.first()).toContainText('Umgesetzt');
		await expect(page.getByRole('button', { name: 'Ideen in meiner Nähe' })).toHaveCount(0);

		await views(page).getByRole('link', { name: 'Karte' }).click();
		await expect(page).toHaveURL(/[?&]view=map/);
		await expect(page.getByText(/^Die Karte braucht JavaScript\./)).toBeVisible();
		await expect(cards.first()).toContainText('Umgesetzt');
	});
});

for (const locale of ['de', 'en'] as const) {
	test.describe(`axe in ${locale}`, () => {
		test.beforeEach(async ({ context, baseURL }) => {
			await context.addCookies([{ name: 'locale', value: locale, url: baseURL! }]);
		});

		test('the list view has no WCAG 2.1 AA violations', async ({ page }) => {
			await page.goto('/?field=infrastruktur');
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expectNoViolations(page);
		});

		test('the map view has no WCAG 2.1 AA violations', async ({ page }) => {
			await page.goto('/?view=map');
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expect(mapButtons(page).first()).toBeVisible();
			await expectNoViolations(page);
		});
	});
}
