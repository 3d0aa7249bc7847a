import { expect, signIn, test, type Account } from './support/fixtures.ts';
import type { Page } from '@playwright/test';

async function changeDisplayName(page: Page, account: Account) {
	await signIn(page, account);
	await page.goto('/konto/profil');
	const newName = `Nachbarin ${Date.now().toString(36)}`;
	await page.getByLabel('Neuer Anzeigename').fill(`  ${newName}  `);
	await page.getByRole('button', { name: 'Anzeigename speichern' }).click();
	// Each form of the profile page has its own live region.
	await expect(
		page.getByRole('status').filter({ hasText: 'Ihr Anzeigename wurde gespeichert.' })
	).toBeVisible();

	await page.reload();
	await expect(page.getByLabel('Neuer Anzeigename')).toHaveValue(newName);
	// The overview's profile shows the saved name.
	await page.goto('/konto');
	await expect(page.getByRole('definition').first()).toHaveText(newName);
}

test('a signed-in user changes their display name through the RPC', async ({ page, freshUser }) => {
	await changeDisplayName(page, freshUser);
});

test('too short a display name is refused next to the field', async ({ page, freshUser }) => {
	await signIn(page, freshUser);
	await page.goto('/konto/profil');
	const field = page.getByLabel('Neuer Anzeigename');
	await field.fill(' A ');
	await page.getByRole('button', { name: 'Anzeigename speichern' }).click();

	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await expect(field).toHaveAccessibleDescription(
		/Der Anzeigename muss mindestens 2 Zeichen lang sein\./
	);
	await page.goto('/konto');
	await expect(page.getByRole('definition').first()).toHaveText(freshUser.displayName);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('signing in and saving work as plain form posts', async ({ page, freshUser }) => {
		await changeDisplayName(page, freshUser);
	});
});
