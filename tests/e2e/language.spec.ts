import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';

async function switchToEnglishAndBack(page: Page) {
	await page.goto('/impressum');
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');

	await page.getByRole('button', { name: 'English' }).click();
	await expect(page).toHaveURL('/impressum');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Legal notice');
	await expect(page.getByRole('link', { name: 'Privacy' })).toBeVisible();

	// The choice sticks: a fresh page load stays English.
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Shaping the digital town together'
	);
	await expect(page).toHaveTitle('Home – Stadtidee Musterstadt');

	await page.getByRole('button', { name: 'Deutsch' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Gemeinsam die digitale Stadt gestalten'
	);
}

test('the language switch changes to English and back', async ({ page }) => {
	await switchToEnglishAndBack(page);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the language switch is a plain form post', async ({ page }) => {
		await switchToEnglishAndBack(page);
	});
});

test.describe('with an English browser', () => {
	test.use({ locale: 'en-GB' });

	test('the first visit is in English', async ({ page }) => {
		await page.goto('/');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
	});
});
