import type { Page } from '@playwright/test';
import { DEMO, expect, signIn, test } from './support/fixtures.ts';
import { closeOpenRounds, oneRoundTestAtATime, openRound } from './support/rounds.ts';

// A resident's phone (the `phone` project only, 390 × 844): every control is a touch target,
// text at 200 % neither clips nor pushes the page sideways, and the map is a map on a phone.

const IDEA = '/ideen/00000000-0000-4000-b000-000000000001';
const PUBLIC_PAGES = [
	'/',
	'/?view=map',
	'/agenda',
	// The measure in the Bürgerbüro: the seed gives it every part of a council report.
	'/agenda/massnahmen/00000000-0000-4000-d000-000000000001',
	'/beteiligung',
	IDEA,
	'/ideen/neu',
	'/anmelden',
	'/anmelden/registrieren',
	'/anmelden/passwort-vergessen',
	'/barriere-melden',
	'/impressum',
	'/sprache'
];
const SIGNED_IN_PAGES = [
	'/',
	IDEA,
	'/konto',
	'/konto/ideen',
	'/konto/unterstuetzungen',
	'/konto/kommentare',
	'/konto/profil',
	'/konto/daten',
	'/konto/benachrichtigungen',
	'/konto/benachrichtigungen/einstellungen',
	'/konto/benachrichtigungen/orte',
	'/konto/benachrichtigungen/geraete'
];

/** Where the page has a map, it has drawn its markers (they are measured too). */
async function open(page: Page, path: string): Promise<void> {
	await page.goto(path);
	await page.waitForLoadState('networkidle');
	if (path.includes('view=map')) {
		await expect(page.locator('.leaflet-marker-icon').first()).toBeVisible();
	}
}

/**
 * Every visible control smaller than 44 × 44 CSS px (WCAG 2.5.5). A radio button or checkbox
 * counts by its label (the label is the target). Exempt, as WCAG exempts them: a link inside a
 * sentence, and what is visually hidden until focused (skip links).
 */
function smallTargets(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const controls = document.querySelectorAll<HTMLElement>(
			'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"]'
		);
		const inSentence = (element: HTMLElement) => {
			const paragraph = element.parentElement?.closest('p');
			return (
				element.tagName === 'A' &&
				!!paragraph &&
				(paragraph.textContent ?? '').replace(element.textContent ?? '', '').trim() !== ''
			);
		};
		const small: string[] = [];
		for (const element of controls) {
			if (!element.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) {
				continue;
			}
			const label = element.matches('input[type="radio"], input[type="checkbox"]')
				? element.closest('label')
				: null;
			const box = (label ?? element).getBoundingClientRect();
			if (box.width <= 1 && box.height <= 1) continue; // visually hidden until focused
			if (inSentence(element)) continue;
			// Leaflet's attribution names the map's sources in small print (not a control to use).
			if (element.closest('.leaflet-control-attribution')) continue;
			if (box.width < 43.5 || box.height < 43.5) {
				const name = (element.textContent || element.getAttribute('aria-label') || '').trim();
				small.push(
					`${element.tagName.toLowerCase()} "${name.slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`
				);
			}
		}
		return small;
	});
}

/** Sideways scrolling of the page, and elements that cut off their own text. */
function reflowProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const root = document.documentElement;
		if (root.scrollWidth > root.clientWidth) {
			problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
		}
		for (const element of document.querySelectorAll<HTMLElement>('body *')) {
			// A map is a picture cut to its frame (Leaflet's, or the idea page's static one).
			if (element.closest('.leaflet-container, [role="img"], .visually-hidden, .skip')) continue;
			const style = getComputedStyle(element);
			const clips = ['hidden', 'clip'].includes(style.overflowX);
			if (clips && element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 1) {
				problems.push(
					`${element.tagName.toLowerCase()}.${element.className} clips its content: ${element.scrollWidth} > ${element.clientWidth}`
				);
			}
		}
		return problems;
	});
}

test.describe('every control is a touch target (44 × 44 px)', () => {
	test('signed out', async ({ page }) => {
		test.slow();
		for (const path of PUBLIC_PAGES) {
			await open(page, path);
			expect(await smallTargets(page), path).toEqual([]);
			// The header's menu, opened.
			await page.locator('summary', { hasText: /^(Menü|Menu)/ }).click();
			expect(await smallTargets(page), `${path} with the menu open`).toEqual([]);
		}
	});

	test('signed in', async ({ page }) => {
		test.slow();
		await signIn(page, DEMO);
		for (const path of SIGNED_IN_PAGES) {
			await open(page, path);
			expect(await smallTargets(page), path).toEqual([]);
		}
	});

	test('a call for ideas: on the start page, in the archive and on its own page', async ({
		page,
		sql
	}) => {
		await oneRoundTestAtATime(sql, async () => {
			const round = await openRound(sql);
			try {
				for (const path of ['/', '/beteiligung', `/beteiligung/${round.id}`]) {
					await open(page, path);
					await expect(page.getByText(round.title).first()).toBeAttached();
					expect(await smallTargets(page), path).toEqual([]);
				}
			} finally {
				await closeOpenRounds(sql, [round.id]);
			}
		});
	});
});

test('at 200 % text nothing is cut off and nothing scrolls sideways (WCAG 1.4.4, 1.4.10)', async ({
	page
}) => {
	test.slow();
	for (const path of PUBLIC_PAGES) {
		await open(page, path);
		// Text zoom as a phone's font-size setting does it: every rem and em doubles.
		await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
		expect(await reflowProblems(page), path).toEqual([]);
	}
});

test.describe('the map on a phone', () => {
	const ideaMap = (page: Page) => page.getByRole('application');

	test('"Karte" shows the map at once, its markers are touch targets', async ({ page }) => {
		await page.goto('/');
		await page
			.getByRole('navigation', { name: 'Ansicht' })
			.getByRole('link', { name: 'Karte' })
			.click();
		await expect(page).toHaveURL(/view=map#karte$/);
		await expect(page.locator('.leaflet-marker-icon').first()).toBeVisible();
		// The map starts within the first screen and fills most of it.
		const box = (await ideaMap(page).boundingBox())!;
		expect(box.y).toBeGreaterThanOrEqual(0);
		expect(box.y + box.height).toBeLessThanOrEqual(844);
		expect(box.height).toBeGreaterThan(844 * 0.5);
		const hits = await page
			.locator('.leaflet-marker-icon')
			.evaluateAll((markers) => markers.map((marker) => marker.getBoundingClientRect()));
		expect(hits.length).toBeGreaterThan(0);
		for (const hit of hits) {
			expect(hit.width).toBeGreaterThanOrEqual(44);
			expect(hit.height).toBeGreaterThanOrEqual(44);
		}
	});

	test('ideas on one spot are listed, not stacked', async ({ page }) => {
		await open(page, '/?view=map');
		// The seed puts several ideas at the same point (a district's centre).
		const stack = page.locator('.leaflet-marker-icon[aria-label$="Liste öffnen"]').first();
		const label = (await stack.getAttribute('aria-label'))!;
		const count = Number(/^(\d+) Ideen/.exec(label)![1]);
		expect(count).toBeGreaterThan(1);
		await stack.focus();
		await page.keyboard.press('Enter');
		const popup = page.locator('.leaflet-popup');
		await expect(popup.getByText(`${count} Ideen an dieser Stelle`)).toBeVisible();
		await expect(popup.getByRole('link')).toHaveCount(count);
		for (const link of await popup.getByRole('link').all()) {
			expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
		}
		const close = popup.locator('.leaflet-popup-close-button');
		const closeBox = (await close.boundingBox())!;
		expect(Math.min(closeBox.width, closeBox.height)).toBeGreaterThanOrEqual(44);

		const title = (await popup.getByRole('link').first().textContent())!;
		await popup.getByRole('link').first().click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	});

	test('full screen: the map fills the screen, the list is one tap away, Escape leaves', async ({
		page
	}) => {
		await open(page, '/?view=map');
		const toggle = page.getByRole('button', { name: 'Karte im Vollbild' });
		await toggle.click();
		await expect(toggle).toHaveAttribute('aria-pressed', 'true');
		const box = (await ideaMap(page).boundingBox())!;
		expect(box.y).toBeGreaterThanOrEqual(0);
		expect(box.y + box.height).toBeLessThanOrEqual(844);
		expect(box.height).toBeGreaterThan(844 * 0.75);
		// What the map covers cannot be reached meanwhile.
		await expect(page.locator('header.site-header')).toHaveAttribute('inert', '');

		await page.keyboard.press('Escape');
		await expect(toggle).toHaveAttribute('aria-pressed', 'false');
		await expect(page.locator('header.site-header')).not.toHaveAttribute('inert');

		await toggle.click();
		await page.getByRole('link', { name: 'Liste zeigen' }).click();
		await expect(page).not.toHaveURL(/view=map/);
		await expect(page.locator('#ideas-results')).toBeInViewport();
		await expect(page.locator('header.site-header')).not.toHaveAttribute('inert');
		await expect(page.locator('html')).not.toHaveClass(/map-fullscreen/);
	});
});
