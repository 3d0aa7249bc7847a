/**
 * npm run bench:phone -- [--url http://localhost:3000]
 *
 * A resident's journeys on a 390 × 844 phone (Debian's Chromium, touch), against a running app
 * with the demo data (`npm start`): the taps to each goal, and the pixels to scroll before each
 * next tap target (or the goal) is whole on the screen. Prints a table; docs/benchmarks.md
 * ("Phone journeys") has the figures by hand. Signs in as the demo resident and gives (then takes
 * back) a support to seed idea 3; nothing else changes.
 */
import { chromium, type Locator, type Page } from '@playwright/test';

const urlAt = process.argv.indexOf('--url');
const ORIGIN = urlAt >= 0 ? process.argv[urlAt + 1]! : 'http://localhost:3000';
const HEIGHT = 844;
const IDEA = '/ideen/00000000-0000-4000-b000-000000000003';

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
});

async function phone(path: string): Promise<Page> {
	const context = await browser.newContext({
		viewport: { width: 390, height: HEIGHT },
		isMobile: true,
		hasTouch: true,
		locale: 'de-DE'
	});
	const page = await context.newPage();
	// Map tiles and anything else foreign: never fetched.
	await page.route(
		(url) => !['localhost', '127.0.0.1'].includes(url.hostname),
		(route) => route.abort()
	);
	await page.goto(ORIGIN + path, { waitUntil: 'networkidle' });
	return page;
}

/** Pixels to scroll from where the page is until `target` is whole on the screen. */
async function scrollTo(target: Locator): Promise<number> {
	const box = await target.first().evaluate((element) => {
		const rect = element.getBoundingClientRect();
		return { top: rect.top, bottom: rect.bottom };
	});
	const need = box.bottom > HEIGHT ? Math.min(box.top, box.bottom - HEIGHT) : Math.min(box.top, 0);
	await target.first().scrollIntoViewIfNeeded();
	return Math.round(Math.abs(need));
}

type Result = { taps: number; scroll: number };
const journeys: Record<string, () => Promise<Result>> = {
	'land → first idea': async () => {
		const page = await phone('/');
		return { taps: 1, scroll: await scrollTo(page.locator('main article')) };
	},
	'filter by district → first result': async () => {
		const page = await phone('/');
		let taps = 0;
		let scroll = 0;
		const button = page.locator('summary', { hasText: /^Filtern/ });
		if ((await button.count()) > 0 && (await button.isVisible())) {
			scroll += await scrollTo(button);
			await button.click();
			taps += 1;
		}
		const district = page.getByLabel('Stadtteil', { exact: true });
		scroll += await scrollTo(district);
		await district.selectOption({ index: 1 });
		taps += 2; // open the list, pick one
		const show = page.getByRole('button', { name: 'Ideen anzeigen' });
		scroll += await scrollTo(show);
		await show.click();
		await page.waitForURL(/district=/);
		await page.waitForLoadState('networkidle');
		scroll += await scrollTo(page.locator('main article'));
		return { taps: taps + 2, scroll }; // "show", then the idea
	},
	'map → an idea': async () => {
		const page = await phone('/');
		let taps = 0;
		const map = page.getByRole('link', { name: 'Karte', exact: true });
		let scroll = await scrollTo(map);
		await map.click();
		taps += 1;
		await page.locator('.leaflet-marker-icon').first().waitFor({ timeout: 60_000 });
		await page.waitForTimeout(1000);
		scroll += await scrollTo(page.getByRole('application'));
		// Clusters until an idea, or a list of the ideas on one spot, opens in a popup.
		const idea = page.locator(
			'.leaflet-marker-icon:has(.si-marker), .leaflet-marker-icon[aria-label$="Liste öffnen"]'
		);
		for (let step = 0; step < 8; step++) {
			const found = (await idea.count()) > 0;
			await (found ? idea : page.locator('.leaflet-marker-icon')).first().focus();
			await page.keyboard.press('Enter');
			taps += 1;
			if (found) break;
			await page.waitForTimeout(900);
		}
		await page.locator('.leaflet-popup a').first().waitFor();
		return { taps: taps + 1, scroll };
	},
	'support an idea, signed out': async () => {
		const page = await phone(IDEA);
		const signIn = page.getByRole('link', { name: /anmelden/i }).filter({ hasText: /nterstütz/ });
		let scroll = await scrollTo(signIn);
		await signIn.click();
		await page.getByLabel('E-Mail-Adresse').fill('buergerin@musterstadt.example');
		await page.getByLabel('Passwort', { exact: true }).fill('stadtidee-demo');
		await page.getByRole('main').getByRole('button', { name: 'Anmelden', exact: true }).click();
		let taps = 4; // the link, two fields, the button
		await page.waitForURL((url) => !url.pathname.startsWith('/anmelden'));
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(1500);
		const withdraw = page.getByRole('button', { name: /zurücknehmen/ });
		if ((await withdraw.count()) === 0) {
			if (!page.url().includes(IDEA)) {
				await page.goto(ORIGIN + IDEA, { waitUntil: 'networkidle' });
				taps += 2; // back to the idea
			}
			const support = page.getByRole('button', { name: /^(Idee )?unterstützen$/i });
			scroll += await scrollTo(support);
			await support.click();
			taps += 1;
		} else {
			scroll += await scrollTo(withdraw);
		}
		await withdraw.click(); // as it was
		await page.waitForLoadState('networkidle');
		return { taps, scroll };
	}
};

console.log(`${ORIGIN}, 390 × 844\njourney | taps | scroll (px)`);
for (const [name, run] of Object.entries(journeys)) {
	const { taps, scroll } = await run();
	console.log(`${name} | ${taps} | ${scroll}`);
}
await browser.close();
