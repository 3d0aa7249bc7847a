import { DEMO, expect, signIn, test } from './support/fixtures.ts';

test('a demo user signs in, sees their profile and signs out again', async ({ page }) => {
	await signIn(page, DEMO);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mein Konto');
	await expect(page.getByText(`Angemeldet als ${DEMO.email}`)).toBeVisible();
	await expect(page.getByRole('definition').first()).toHaveText(DEMO.displayName);

	const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
	await nav.getByRole('button', { name: 'Abmelden' }).click();
	await expect(page).toHaveURL('/');
	await expect(nav.getByRole('link', { name: 'Anmelden' })).toBeVisible();

	await page.goto('/konto');
	await expect(page).toHaveURL('/anmelden?redirectTo=%2Fkonto');
});

test('a wrong password shows an accessible inline error', async ({ page }) => {
	await page.goto('/anmelden');
	await page.getByLabel('E-Mail-Adresse').fill(DEMO.email);
	await page.getByLabel('Passwort').fill('not-the-password');
	await page.getByRole('button', { name: 'Anmelden' }).click();

	const message = 'E-Mail-Adresse oder Passwort ist falsch.';
	await expect(page.getByRole('alert')).toHaveText(message);
	await expect(page).toHaveURL('/anmelden');
	const password = page.getByLabel('Passwort');
	await expect(password).toHaveAttribute('aria-invalid', 'true');
	await expect(password).toHaveAccessibleDescription(message);
	await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(DEMO.email);
});

test('missing and malformed input is named next to each field', async ({ page }) => {
	await page.goto('/anmelden');
	await page.getByLabel('E-Mail-Adresse').fill('anna');
	await page.getByRole('button', { name: 'Anmelden' }).click();

	await expect(page.getByLabel('E-Mail-Adresse')).toHaveAccessibleDescription(
		'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.'
	);
	await expect(page.getByLabel('Passwort')).toHaveAccessibleDescription(
		'Bitte geben Sie Ihr Passwort ein.'
	);
});

test('the account page sends signed-out visitors to sign in, and back afterwards', async ({
	page
}) => {
	await page.goto('/konto');
	await expect(page).toHaveURL('/anmelden?redirectTo=%2Fkonto');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anmelden');

	await page.getByLabel('E-Mail-Adresse').fill(DEMO.email);
	await page.getByLabel('Passwort').fill(DEMO.password);
	await page.getByRole('button', { name: 'Anmelden' }).click();
	await expect(page).toHaveURL('/konto');
});

test('a redirect target on another site is ignored', async ({ page }) => {
	await page.goto('/anmelden?redirectTo=https://evil.example/');
	await page.getByLabel('E-Mail-Adresse').fill(DEMO.email);
	await page.getByLabel('Passwort').fill(DEMO.password);
	await page.getByRole('button', { name: 'Anmelden' }).click();
	await expect(page).toHaveURL('/konto');
});
