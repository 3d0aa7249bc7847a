import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expectNoViolations } from './support/a11y.ts';
import { insertIdea, userId } from './support/data.ts';
import { expect, signIn, signInWithForm, test } from './support/fixtures.ts';
import { mailLink } from './support/mail.ts';

// The idea page shows a small map: its tiles are answered locally.

test('my ideas, supports, comments and follows are listed; a support can be withdrawn', async ({
	page,
	sql,
	freshUser
}) => {
	const me = await userId(sql, freshUser.email);
	const mine = await insertIdea(sql, { authorId: me });
	const waiting = await insertIdea(sql, { authorId: me, status: 'submitted' });
	const hidden = await insertIdea(sql, { authorId: me });
	await sql`update public.ideas set status = 'hidden', status_reason = 'Enthält eine Telefonnummer.'
		where id = ${hidden.id}`;
	const other = await insertIdea(sql);
	const followed = await insertIdea(sql);
	await sql`insert into public.votes (idea_id, user_id) values (${other.id}, ${me})`;
	await sql`insert into public.follows (idea_id, user_id) values (${followed.id}, ${me})`;
	await sql`insert into public.comments (idea_id, author_id, body)
		values (${other.id}, ${me}, 'Gute Idee, die Säulen fehlen wirklich.')`;
	try {
		await signIn(page, freshUser);
		await page.goto('/konto');
		const ideas = page.getByRole('region', { name: 'Meine Ideen' });
		await expect(ideas.getByRole('link', { name: mine.title })).toBeVisible();
		await expect(ideas.getByText(waiting.title, { exact: true })).toBeVisible();
		await expect(ideas.getByText(hidden.title, { exact: true })).toBeVisible();
		await expect(ideas.getByText('Enthält eine Telefonnummer.')).toBeVisible();
		// Its edit page says why it cannot be changed: hidden, not approved.
		await page.goto(`/konto/ideen/${hidden.id}`);
		await expect(
			page.getByText(
				'Die Moderation hat diese Idee ausgeblendet; sie kann nicht mehr geändert werden. Begründung: Enthält eine Telefonnummer.'
			)
		).toBeVisible();
		await expect(page.getByText('schon freigegeben')).toHaveCount(0);
		await page.goto('/konto');

		const supports = page.getByRole('region', { name: 'Von mir unterstützt' });
		await expect(supports.getByRole('link', { name: other.title })).toBeVisible();
		const comments = page.getByRole('region', { name: 'Meine Kommentare' });
		await expect(comments.getByText('Gute Idee, die Säulen fehlen wirklich.')).toBeVisible();
		await expect(comments.getByRole('link', { name: other.title })).toBeVisible();
		const follows = page.getByRole('region', { name: 'Gefolgte Ideen' });
		await expect(follows.getByRole('link', { name: followed.title })).toBeVisible();
		// Nobody else's: the other idea's author sees neither the support nor the follow.
		await expect(ideas.getByText(other.title)).toHaveCount(0);

		await supports
			.getByRole('button', { name: `Unterstützung zurücknehmen: ${other.title}` })
			.click();
		await expect(supports.getByRole('status')).toHaveText(
			'Ihre Unterstützung wurde zurückgenommen.'
		);
		await expect(supports.getByText('Sie unterstützen noch keine Idee.')).toBeVisible();
		expect(await sql`select 1 from public.votes where user_id = ${me}`).toHaveLength(0);

		// A waiting idea can still be corrected by its author.
		await ideas.getByRole('link', { name: `Bearbeiten: ${waiting.title}` }).click();
		await page.getByLabel('Titel').fill(`${waiting.title} (korrigiert)`);
		const hint = page.getByLabel('Adresse oder Ortsbeschreibung (freiwillig)');
		await hint.fill('x'.repeat(201));
		// The field stops at 200 characters; a form sent without that limit is refused with why.
		await hint.evaluate((input: HTMLInputElement) => {
			input.removeAttribute('maxlength');
			input.value = 'x'.repeat(201);
		});
		await page.getByRole('button', { name: 'Änderungen speichern' }).click();
		await expect(page.getByText('Die Ortsbeschreibung hat höchstens 200 Zeichen.')).toBeVisible();
		await hint.fill('Hinter der Stadthalle');
		await page.getByRole('button', { name: 'Änderungen speichern' }).click();
		await expect(page.getByRole('status').first()).toHaveText(
			'Ihre Änderungen wurden gespeichert.'
		);
		await expect(ideas.getByText(`${waiting.title} (korrigiert)`)).toBeVisible();
		const [corrected] =
			await sql`select title, place_hint from public.ideas where id = ${waiting.id}`;
		expect(corrected).toEqual({
			title: `${waiting.title} (korrigiert)`,
			place_hint: 'Hinter der Stadthalle'
		});
	} finally {
		await sql`delete from public.ideas where id in ${sql([mine.id, waiting.id, hidden.id, other.id, followed.id])}`;
	}
});

test('the export downloads my data as JSON, and nobody else’s', async ({
	page,
	sql,
	freshUser
}) => {
	const me = await userId(sql, freshUser.email);
	const mine = await insertIdea(sql, { authorId: me });
	const theirs = await insertIdea(sql);
	try {
		await signIn(page, freshUser);
		await page.goto('/konto');
		const downloading = page.waitForEvent('download');
		await page.getByRole('link', { name: 'Meine Daten herunterladen' }).click();
		const download = await downloading;
		expect(download.suggestedFilename()).toMatch(/^stadtidee-meine-daten-\d{4}-\d{2}-\d{2}\.json$/);
		const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
		expect(data.account.email).toBe(freshUser.email);
		expect(data.profile.display_name).toBe(freshUser.displayName);
		expect(data.ideas.map((idea: { id: string }) => idea.id)).toEqual([mine.id]);
		expect(JSON.stringify(data)).not.toContain(theirs.id);
	} finally {
		await sql`delete from public.ideas where id in ${sql([mine.id, theirs.id])}`;
	}
});

test('deleting the account: the word, then a confirmation that names what is lost; signing in within 14 days keeps it', async ({
	page,
	sql,
	freshUser
}) => {
	const me = await userId(sql, freshUser.email);
	const published = await insertIdea(sql, { authorId: me });
	try {
		await signIn(page, freshUser);
		await page.goto('/konto');
		const section = page.getByRole('region', { name: 'Konto löschen' });
		await expect(section.getByText(/Erhalten bleiben Ihre veröffentlichten Ideen/)).toBeVisible();
		const confirmation = section.getByLabel('Zur Bestätigung tippen Sie LÖSCHEN');
		await section.getByRole('button', { name: 'Weiter zum Löschen' }).click();
		await expect(confirmation).toHaveAttribute('aria-invalid', 'true');
		await expect(confirmation).toHaveAccessibleDescription(
			'Bitte tippen Sie LÖSCHEN, um das Löschen zu bestätigen.'
		);

		// The word alone deletes nothing: it shows what would be lost.
		await confirmation.fill('löschen');
		await section.getByRole('button', { name: 'Weiter zum Löschen' }).click();
		await expect(
			section.getByRole('heading', { name: 'Wirklich löschen? Das geht verloren:' })
		).toBeFocused();
		await expect(section).toContainText('1 veröffentlichte Idee bleibt – ohne Ihren Namen');
		await expectNoViolations(page);
		expect(await sql`select 1 from private.account_deletions where user_id = ${me}`).toHaveLength(
			0
		);

		await section.getByRole('button', { name: 'Ja, Konto löschen' }).click();
		await expect(page).toHaveURL(/\/auf-wiedersehen\?bis=\d{4}-\d{2}-\d{2}$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ihr Konto wird gelöscht');
		await expect(page.getByRole('status')).toContainText('endgültig gelöscht');
		expect(await sql`select 1 from private.account_deletions where user_id = ${me}`).toHaveLength(
			1
		);
		// Signed out: the account page asks for a sign-in.
		await page.goto('/konto');
		await expect(page).toHaveURL(/\/anmelden/);

		// Signing in again within the grace period keeps the account.
		const form = page.getByRole('main');
		await form.getByLabel('E-Mail-Adresse').fill(freshUser.email);
		await form.getByLabel('Passwort').fill(freshUser.password);
		await form.getByRole('button', { name: 'Anmelden' }).click();
		await expect(page).toHaveURL('/konto?gespeichert=konto-bleibt');
		await expect(page.getByRole('status').first()).toHaveText(
			'Willkommen zurück! Ihr Konto wird nicht gelöscht.'
		);
		expect(await sql`select 1 from private.account_deletions where user_id = ${me}`).toHaveLength(
			0
		);
		expect(await sql`select 1 from auth.users where id = ${me}`).toHaveLength(1);
	} finally {
		await sql`delete from public.ideas where id = ${published.id}`;
	}
});

test('the language is kept per user and restored after signing in', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	await signIn(page, freshUser);
	await page.goto('/konto');
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect
		.poll(
			async () =>
				(
					await sql`select locale from public.profiles p join auth.users u
			on u.id = p.id where u.email = ${freshUser.email}`
				)[0]?.locale
		)
		.toBe('en');

	// Another device: no cookies, a German browser.
	await context.clearCookies();
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await signInWithForm(page, freshUser);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');

	// And back in German from the account page's own setting.
	const language = page.getByRole('region', { name: 'Language' });
	await language.getByLabel('Deutsch').check();
	await language.getByRole('button', { name: 'Save language' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page.getByText('Ihre Sprache wurde gespeichert.')).toBeVisible();
});

test('the persona changes to a business with organisation and sector', async ({
	page,
	freshUser
}) => {
	await signIn(page, freshUser);
	await page.goto('/konto');
	const profile = page.getByRole('region', { name: 'Profil' });
	await profile.getByLabel('Betrieb', { exact: true }).check();
	await profile.getByRole('button', { name: 'Speichern', exact: true }).click();
	await expect(profile.getByLabel('Name des Betriebs')).toHaveAttribute('aria-invalid', 'true');

	await profile.getByLabel('Name des Betriebs').fill('Bäckerei Korn');
	await profile.getByLabel('Branche').fill('Lebensmittelhandwerk');
	await profile.getByRole('button', { name: 'Speichern', exact: true }).click();
	await expect(profile.getByText('Ihre Angaben wurden gespeichert.')).toBeVisible();
	await expect(page.getByRole('definition').nth(1)).toHaveText('Betrieb · Bäckerei Korn');
	await expect(page.getByRole('region', { name: 'Meine Standortbedarfe' })).toBeVisible();
});

test('the email address changes once both mailboxes confirm; then it is the one to sign in with', async ({
	page,
	context,
	stack,
	freshUser
}) => {
	const next = `e2e-neu-${randomUUID()}@musterstadt.example`;
	await signIn(page, freshUser);
	await page.goto('/konto');
	const change = page.getByRole('form', { name: 'E-Mail-Adresse ändern' });
	const field = change.getByLabel('Neue E-Mail-Adresse');
	const submit = change.getByRole('button', { name: 'E-Mail-Adresse ändern' });
	await expect(field).toHaveAccessibleDescription(/aus beiden Postfächern/);

	await field.fill(freshUser.email);
	await submit.click();
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await expect(field).toHaveAccessibleDescription(/Das ist schon Ihre E-Mail-Adresse\./);

	await field.fill(next);
	await submit.click();
	await expect(change.getByRole('status')).toContainText(`an ${freshUser.email} und an ${next}`);

	// One mailbox alone changes nothing.
	await page.goto(await mailLink(stack, next, 'email_change'));
	await expect(page).toHaveURL('/konto?gespeichert=email-teilweise#email-heading');
	await expect(
		page.getByText('Die erste Bestätigung ist angekommen.', { exact: false })
	).toBeVisible();
	await expect(page.getByText(`Angemeldet als ${freshUser.email}`)).toBeVisible();

	await page.goto(await mailLink(stack, freshUser.email, 'email_change'));
	await expect(page).toHaveURL('/konto?gespeichert=email');
	await expect(
		page.getByText('Ihre neue E-Mail-Adresse ist bestätigt.', { exact: false })
	).toBeVisible();
	await expect(page.getByText(`Angemeldet als ${next}`)).toBeVisible();

	await context.clearCookies();
	await signInWithForm(page, { ...freshUser, email: next });
	await expect(page.getByText(`Angemeldet als ${next}`)).toBeVisible();
});
