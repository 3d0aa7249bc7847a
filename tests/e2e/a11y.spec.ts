import { expectNoViolations } from './support/a11y.ts';
import { DEMO, expect, makeRole, signIn, test } from './support/fixtures.ts';

// The idea page shows a small map: its tiles are answered locally.

const PAGES = [
	'/',
	'/?field=infrastruktur&sort=newest',
	// Seed idea 1: official answer, comments, a measure and similar ideas.
	'/ideen/00000000-0000-4000-b000-000000000001',
	// The measure in the Bürgerbüro, with every part of a council report; the calls for ideas.
	'/agenda/massnahmen/00000000-0000-4000-d000-000000000001',
	'/beteiligung',
	'/anmelden',
	'/sprache',
	'/impressum',
	'/datenschutz',
	'/barrierefreiheit',
	'/leichte-sprache',
	'/barriere-melden?seite=%2F',
	'/auf-wiedersehen'
];

for (const locale of ['de', 'en'] as const) {
	test.describe(`in ${locale}`, () => {
		test.beforeEach(async ({ context, baseURL }) => {
			await context.addCookies([{ name: 'locale', value: locale, url: baseURL! }]);
		});

		for (const path of PAGES) {
			test(`${path} has no WCAG 2.1 AA violations`, async ({ page }) => {
				await page.goto(path);
				await expect(page.locator('html')).toHaveAttribute('lang', locale);
				await expectNoViolations(page);
			});
		}

		test('the sign-in form with errors has no violations', async ({ page }) => {
			await page.goto('/anmelden');
			await page
				.locator('button[type="submit"]', { hasText: /Anmelden|Sign in/ })
				.last()
				.click();
			await expect(page.locator('[aria-invalid="true"]')).toHaveCount(2);
			await expectNoViolations(page);
		});

		test('the account page (signed in) has no violations', async ({ page }) => {
			// Three full axe runs over long pages: more than the default 30 s on a loaded machine.
			test.slow();
			await signIn(page, DEMO);
			await page.goto('/konto');
			await expectNoViolations(page);
			await page.goto('/');
			await expectNoViolations(page);
			await page.goto('/ideen/00000000-0000-4000-b000-000000000001');
			await expectNoViolations(page);
		});

		test('the account page with its errors, and the idea page with a report form', async ({
			page,
			freshUser
		}) => {
			test.slow();
			await signIn(page, freshUser);
			await page.goto('/konto/daten');
			await page.locator('form[action="?/deleteAccount"] button[type="submit"]').click();
			await expect(page.locator('#delete-confirmation')).toHaveAttribute('aria-invalid', 'true');
			await expectNoViolations(page);
			await page.goto('/konto/profil');
			await page.locator('input[name="kind"][value="business"]').check();
			await page.locator('form[action="?/persona"] button[type="submit"]').click();
			await expect(page.locator('#organization')).toHaveAttribute('aria-invalid', 'true');
			await page.locator('form[action="?/email"] button[type="submit"]').click();
			await expect(page.locator('#new-email')).toHaveAttribute('aria-invalid', 'true');
			await expectNoViolations(page);

			await page.goto('/ideen/00000000-0000-4000-b000-000000000001');
			await page.locator('details.report summary').first().click();
			await page.locator('form[action="?/report"] button[type="submit"]').first().click();
			await expect(page.locator('fieldset.invalid')).toHaveCount(1);
			await expectNoViolations(page);
		});

		test.describe('a missing page', () => {
			test.use({ expectedConsoleErrors: [/status of 404/] });

			test('has no violations', async ({ page }) => {
				const response = await page.goto('/gibt-es-nicht');
				expect(response?.status()).toBe(404);
				await expectNoViolations(page);
			});
		});
	});
}

// The dark colour scheme (prefers-color-scheme: dark): the same pages, the signed-in ones and the
// staff console's main pages, checked by axe as in the light scheme (colour contrast included).
test.describe('in the dark colour scheme', () => {
	test.use({ colorScheme: 'dark' });

	test('the public pages have no violations', async ({ page, context, baseURL }) => {
		test.slow();
		for (const path of PAGES) {
			await page.goto(path);
			await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(18, 22, 25)');
			await expectNoViolations(page);
		}
		// English has other words, not other colours: the main pages once more.
		await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
		for (const path of PAGES.slice(0, 4)) {
			await page.goto(path);
			await expect(page.locator('html')).toHaveAttribute('lang', 'en');
			await expectNoViolations(page);
		}
		await context.clearCookies({ name: 'locale' });
		await page.goto('/?view=map');
		// A popup: the list of ideas on one spot (the seed has such spots).
		const stack = page.locator('.leaflet-marker-icon[aria-label$="Liste öffnen"]').first();
		await expect(stack).toBeVisible();
		await stack.focus();
		await page.keyboard.press('Enter');
		await expect(page.locator('.leaflet-popup')).toBeVisible();
		await expectNoViolations(page);
	});

	test('signed in, and the staff console', async ({ page, sql, freshUser, isMobile }) => {
		test.slow();
		await makeRole(sql, freshUser, 'staff');
		await signIn(page, freshUser);
		const mine = ['/konto', '/konto/benachrichtigungen/einstellungen', '/ideen/neu'];
		// The staff console is a desktop tool: its colours are the same on a phone.
		const staff = [
			'/verwaltung',
			'/verwaltung/ideen',
			'/verwaltung/ideen/00000000-0000-4000-b000-000000000001',
			'/verwaltung/moderation',
			'/verwaltung/agenda',
			'/verwaltung/dashboard'
		];
		for (const path of isMobile ? mine : [...mine, ...staff]) {
			await page.goto(path);
			await expectNoViolations(page);
		}
	});
});
