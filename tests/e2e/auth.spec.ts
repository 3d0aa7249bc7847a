import { randomUUID } from 'node:crypto';
import { expectNoViolations } from './support/a11y.ts';
import { DEMO, expect, signIn, signInWithForm, test } from './support/fixtures.ts';
import { mailLink } from './support/mail.ts';

test('a demo user signs in, sees their profile and signs out again', async ({ page }) => {
	await signInWithForm(page, DEMO);
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
	await page.getByLabel('Passwort', { exact: true }).fill('not-the-password');
	await page.getByRole('button', { name: 'Anmelden' }).click();

	const message = 'E-Mail-Adresse oder Passwort ist falsch.';
	await expect(page.getByRole('alert')).toHaveText(message);
	await expect(page).toHaveURL('/anmelden');
	const password = page.getByLabel('Passwort', { exact: true });
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
	await expect(page.getByLabel('Passwort', { exact: true })).toHaveAccessibleDescription(
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
	await page.getByLabel('Passwort', { exact: true }).fill(DEMO.password);
	await page.getByRole('button', { name: 'Anmelden' }).click();
	await expect(page).toHaveURL('/konto');
});

test('a session ended elsewhere ends on the account page at once, and then on every page of this device', async ({
	page,
	sql,
	freshUser
}) => {
	await signIn(page, freshUser);
	await page.goto('/');
	const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
	await expect(nav.getByRole('button', { name: 'Abmelden' })).toBeVisible();

	// "Sign out everywhere" from another device: the auth server forgets the session. Public pages
	// verify the token by its signature alone (as PostgREST does) and would still show it until it
	// expires; the account page asks the auth server, which no longer knows it.
	await sql`delete from auth.sessions
		where user_id = (select id from auth.users where email = ${freshUser.email})`;
	await page.goto('/konto');
	await expect(page).toHaveURL('/anmelden?redirectTo=%2Fkonto');
	await page.goto('/');
	await expect(nav.getByRole('link', { name: 'Anmelden' })).toBeVisible();
});

test('a redirect target on another site is ignored', async ({ page }) => {
	await page.goto('/anmelden?redirectTo=https://evil.example/');
	await page.getByLabel('E-Mail-Adresse').fill(DEMO.email);
	await page.getByLabel('Passwort', { exact: true }).fill(DEMO.password);
	await page.getByRole('button', { name: 'Anmelden' }).click();
	await expect(page).toHaveURL('/konto');
});

test('a magic link signs an existing account in and returns to where it started', async ({
	page,
	stack,
	freshUser
}) => {
	await page.goto('/anmelden?redirectTo=%2Fideen%2Fneu');
	await page.getByLabel('E-Mail-Adresse').fill(freshUser.email);
	await page.getByRole('button', { name: 'Link per E-Mail schicken' }).click();
	await expect(page.getByRole('heading', { name: 'Prüfen Sie Ihr Postfach' })).toBeFocused();
	await expectNoViolations(page);

	const link = await mailLink(stack, freshUser.email, 'magiclink');
	await page.goto(link);
	await expect(page).toHaveURL('/ideen/neu');
	await expect(
		page
			.getByRole('navigation', { name: 'Hauptnavigation' })
			.getByRole('button', { name: 'Abmelden' })
	).toBeVisible();

	// A link works once: opened again, it says so instead of signing in.
	await page.context().clearCookies();
	await page.goto(link);
	await expect(page).toHaveURL(/\/anmelden\?.*link-ungueltig/);
	await expect(page.getByRole('alert')).toContainText('Dieser Link ist abgelaufen');
});

test('a magic link for an unknown address answers the same and sends nothing', async ({
	page,
	stack
}) => {
	const email = `niemand-${randomUUID()}@musterstadt.example`;
	await page.goto('/anmelden');
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByRole('button', { name: 'Link per E-Mail schicken' }).click();
	await expect(page.getByText(`Wenn es zu ${email} ein Konto gibt`)).toBeVisible();
	const response = await fetch(
		`${stack.apiUrl}/_dev/outbox/messages?${new URLSearchParams({ to: email })}`
	);
	expect(await response.json()).toEqual([]);
});

test('sign-up with a password: the mailed link confirms and signs in; the same address again tells nobody, and mails its owner a sign-in link', async ({
	page,
	sql,
	stack
}) => {
	const email = `e2e-${randomUUID()}@musterstadt.example`;
	await page.goto('/anmelden');
	await page.getByRole('link', { name: 'Konto erstellen' }).click();
	await expect(page).toHaveURL('/anmelden/registrieren?');
	await expectNoViolations(page);
	await page.getByLabel('Anzeigename').fill('Bernd aus Ostend');
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Passwort', { exact: true }).fill('ein-gutes-passwort');
	await page.getByRole('button', { name: 'Konto erstellen' }).click();
	const sent = page.getByText(`Wir haben eine E-Mail an ${email} geschickt.`);
	await expect(sent).toBeVisible();
	// One person, one vote: the address is confirmed before anything counts.
	await page.goto(await mailLink(stack, email, 'signup'));
	await expect(page).toHaveURL('/konto');
	const [profile] = await sql<{ display_name: string; kind: string }[]>`
		select p.display_name, p.kind from public.profiles p join auth.users u on u.id = p.id
		where u.email = ${email}`;
	expect(profile).toEqual({ display_name: 'Bernd aus Ostend', kind: 'resident' });

	await page.context().clearCookies();
	await page.goto('/anmelden/registrieren');
	await page.getByLabel('Anzeigename').fill('Noch einmal');
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Passwort', { exact: true }).fill('ein-anderes-passwort');
	await page.getByRole('button', { name: 'Konto erstellen' }).click();
	// The same answer as for a new address: the form tells nobody who is registered.
	await expect(sent).toBeVisible();
	await expect(page.getByRole('alert')).toHaveCount(0);
	// The owner hears of it by a sign-in link instead.
	await page.goto(await mailLink(stack, email, 'magiclink'));
	await expect(page).toHaveURL('/konto');
	await sql`delete from auth.users where email = ${email}`;
});

test('a forgotten password is reset through the mailed link', async ({
	page,
	stack,
	freshUser
}) => {
	test.slow(); // Two mails' worth of round trips and three axe runs.
	await page.goto('/anmelden?redirectTo=%2Fideen%2Fneu');
	await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
	await expect(page).toHaveURL('/anmelden/passwort-vergessen?redirectTo=%2Fideen%2Fneu');
	await expectNoViolations(page);
	await page.getByLabel('E-Mail-Adresse').fill(freshUser.email);
	await page.getByRole('button', { name: 'Link zum Zurücksetzen schicken' }).click();
	await expect(page.getByRole('heading', { name: 'Prüfen Sie Ihr Postfach' })).toBeVisible();

	await page.goto(await mailLink(stack, freshUser.email, 'recovery'));
	await expect(page).toHaveURL('/anmelden/neues-passwort?redirectTo=%2Fideen%2Fneu');
	await page.getByLabel('Neues Passwort', { exact: true }).fill('ganz-neues-passwort');
	await page.getByLabel('Neues Passwort wiederholen').fill('etwas-anderes');
	await page.getByRole('button', { name: 'Passwort speichern' }).click();
	await expect(page.getByLabel('Neues Passwort wiederholen')).toHaveAccessibleDescription(
		'Die beiden Passwörter stimmen nicht überein.'
	);
	await expectNoViolations(page);
	await page.getByLabel('Neues Passwort', { exact: true }).fill('ganz-neues-passwort');
	await page.getByLabel('Neues Passwort wiederholen').fill('ganz-neues-passwort');
	await page.getByRole('button', { name: 'Passwort speichern' }).click();
	await expect(page).toHaveURL('/ideen/neu');

	await page.context().clearCookies();
	await signInWithForm(page, { ...freshUser, password: 'ganz-neues-passwort' });
});

test('a sign-in older than a day sets no new password without a fresh reset link', async ({
	page,
	sql,
	freshUser
}) => {
	await signInWithForm(page, freshUser);
	// secure_password_change: Supabase Auth wants a recent sign-in (24 hours) for a new password.
	await sql`update auth.sessions set created_at = now() - interval '25 hours'
		where user_id = (select id from auth.users where email = ${freshUser.email})`;
	await page.goto('/anmelden/neues-passwort');
	await page.getByLabel('Neues Passwort', { exact: true }).fill('ganz-neues-passwort');
	await page.getByLabel('Neues Passwort wiederholen').fill('ganz-neues-passwort');
	await page.getByRole('button', { name: 'Passwort speichern' }).click();
	await expect(page.getByRole('alert')).toHaveText(/über einen neuen Link.*„Passwort vergessen“/);
	await page.context().clearCookies();
	await signInWithForm(page, freshUser);
});

test('the new sign-in pages have no axe violations in English', async ({
	page,
	context,
	stack
}) => {
	await context.addCookies([{ name: 'locale', value: 'en', url: stack.appOrigin }]);
	for (const path of ['/anmelden', '/anmelden/registrieren', '/anmelden/passwort-vergessen']) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoViolations(page);
	}
	await page.getByRole('button', { name: 'Send reset link' }).click();
	await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(
		'Please enter your email address.'
	);
});
