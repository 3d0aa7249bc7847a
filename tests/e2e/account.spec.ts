import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expectNoViolations } from './support/a11y.ts';
import { insertIdea, userId } from './support/data.ts';
import type { Locator, Page } from '@playwright/test';
import type { Sql } from 'postgres';
import { APP_ORIGIN } from './support/env.ts';
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
		await page.goto('/konto/ideen');
		const ideas = page.getByRole('main');
		await expect(ideas.getByRole('heading', { level: 1 })).toHaveText('Meine Ideen');
		await expect(ideas.getByRole('link', { name: mine.title })).toBeVisible();
		await expect(ideas.getByText(waiting.title, { exact: true })).toBeVisible();
		await expect(ideas.getByText(hidden.title, { exact: true })).toBeVisible();
		await expect(ideas.getByText('Enthält eine Telefonnummer.')).toBeVisible();
		// Nobody else's: the other idea's author sees neither the support nor the follow.
		await expect(ideas.getByText(other.title)).toHaveCount(0);
		// Its edit page says why it cannot be changed: hidden, not approved.
		await page.goto(`/konto/ideen/${hidden.id}`);
		await expect(
			page.getByText(
				'Die Moderation hat diese Idee ausgeblendet; sie kann nicht mehr geändert werden. Begründung: Enthält eine Telefonnummer.'
			)
		).toBeVisible();
		await expect(page.getByText('schon freigegeben')).toHaveCount(0);

		await page.goto('/konto/kommentare');
		const comments = page.getByRole('region', { name: 'Meine Kommentare' });
		await expect(comments.getByText('Gute Idee, die Säulen fehlen wirklich.')).toBeVisible();
		await expect(comments.getByRole('link', { name: other.title })).toBeVisible();
		const follows = page.getByRole('region', { name: 'Gefolgte Ideen' });
		await expect(follows.getByRole('link', { name: followed.title })).toBeVisible();

		await page.goto('/konto/unterstuetzungen');
		const supports = page.getByRole('main');
		await expect(supports.getByRole('heading', { level: 1 })).toHaveText('Von mir unterstützt');
		await expect(supports.getByRole('link', { name: other.title })).toBeVisible();
		await supports
			.getByRole('button', { name: `Unterstützung zurücknehmen: ${other.title}` })
			.click();
		await expect(supports.getByRole('status')).toHaveText(
			`Ihre Unterstützung für „${other.title}“ wurde zurückgenommen.`
		);
		await expect(supports.getByText('Sie unterstützen noch keine Idee.')).toBeVisible();
		expect(await sql`select 1 from public.votes where user_id = ${me}`).toHaveLength(0);

		// A waiting idea can still be corrected by its author.
		await page.goto('/konto/ideen');
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
		await expect(page).toHaveURL('/konto/ideen?gespeichert=idee');
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
		await page.goto('/konto/daten');
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
		await page
			.getByRole('navigation', { name: 'Bereiche Ihres Kontos' })
			.getByRole('link', { name: 'Daten & Konto' })
			.click();
		await expect(page).toHaveURL('/konto/daten');
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

	// And back in German from the account's own setting.
	await page
		.getByRole('navigation', { name: 'Sections of your account' })
		.getByRole('link', { name: 'Profile & language' })
		.click();
	await expect(page).toHaveURL('/konto/profil');
	const language = page.getByRole('region', { name: 'Language' });
	await language.getByLabel('Deutsch').check();
	await language.getByRole('button', { name: 'Save language' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page).toHaveURL('/konto/profil?gespeichert=sprache#language-heading');
	await expect(page.getByText('Ihre Sprache wurde gespeichert.')).toBeVisible();
});

test('the persona changes to a business with organisation and sector', async ({
	page,
	freshUser
}) => {
	await signIn(page, freshUser);
	await page.goto('/konto/profil');
	const profile = page.getByRole('region', { name: 'Als Person oder als Betrieb' });
	await profile.getByLabel('Betrieb', { exact: true }).check();
	await profile.getByRole('button', { name: 'Speichern', exact: true }).click();
	await expect(profile.getByLabel('Name des Betriebs')).toHaveAttribute('aria-invalid', 'true');

	await profile.getByLabel('Name des Betriebs').fill('Bäckerei Korn');
	await profile.getByLabel('Branche').fill('Lebensmittelhandwerk');
	await profile.getByRole('button', { name: 'Speichern', exact: true }).click();
	await expect(profile.getByText('Ihre Angaben wurden gespeichert.')).toBeVisible();
	await page.goto('/konto');
	await expect(page.getByRole('definition').nth(1)).toHaveText('Betrieb · Bäckerei Korn');
	await expect(page.getByText('0 Standortbedarfe gemeldet')).toBeVisible();
	await page.goto('/konto/ideen');
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
	await page.goto('/konto/profil');
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
	await expect(page).toHaveURL('/konto/profil?gespeichert=email-teilweise#email-heading');
	await expect(
		page.getByText('Die erste Bestätigung ist angekommen.', { exact: false })
	).toBeVisible();
	await expect(page.getByText(`Angemeldet als ${freshUser.email}`)).toBeVisible();

	await page.goto(await mailLink(stack, freshUser.email, 'email_change'));
	await expect(page).toHaveURL('/konto/profil?gespeichert=email');
	await expect(
		page.getByText('Ihre neue E-Mail-Adresse ist bestätigt.', { exact: false })
	).toBeVisible();
	await expect(page.getByText(`Angemeldet als ${next}`)).toBeVisible();

	// A confirmation link mailed before the account had sections still finds its message.
	await page.goto('/konto?gespeichert=email');
	await expect(page).toHaveURL('/konto/profil?gespeichert=email');

	await context.clearCookies();
	await signInWithForm(page, { ...freshUser, email: next });
	await expect(page.getByText(`Angemeldet als ${next}`)).toBeVisible();
});

/** The sections of the account, as the section navigation names them, in German and English. */
const SECTIONS = [
	{ path: '/konto', de: 'Übersicht', en: 'Overview', h1: 'Mein Konto' },
	{ path: '/konto/ideen', de: 'Meine Ideen', en: 'My ideas', h1: 'Meine Ideen' },
	{
		path: '/konto/unterstuetzungen',
		de: 'Unterstützungen',
		en: 'Supports',
		h1: 'Von mir unterstützt'
	},
	{
		path: '/konto/kommentare',
		de: 'Kommentare & Folgen',
		en: 'Comments & follows',
		h1: 'Kommentare & Folgen'
	},
	{
		path: '/konto/profil',
		de: 'Profil & Sprache',
		en: 'Profile & language',
		h1: 'Profil & Sprache'
	},
	{ path: '/konto/daten', de: 'Daten & Konto', en: 'Data & account', h1: 'Daten & Konto' }
] as const;

/** A new idea the user supports. */
async function supportedIdea(sql: Sql, email: string, { notify = true } = {}) {
	const me = await userId(sql, email);
	const idea = await insertIdea(sql);
	await sql`insert into public.votes (idea_id, user_id, notify) values (${idea.id}, ${me}, ${notify})`;
	return { me, idea };
}

/** Every link of the navigation is at least 44 × 44 CSS px, within the given width, and holds its text. */
async function expectTapTargets(nav: Locator, width = Infinity) {
	for (const link of await nav.getByRole('link').all()) {
		const box = (await link.boundingBox())!;
		const name = await link.innerText();
		expect(box.width, name).toBeGreaterThanOrEqual(44);
		expect(box.height, name).toBeGreaterThanOrEqual(44);
		expect(box.x, name).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width, name).toBeLessThanOrEqual(width);
		// Its text stays inside its box.
		expect(await link.evaluate((a) => a.scrollWidth <= a.clientWidth), name).toBe(true);
	}
}

test('every section of the account is one tap away, with its own title and heading; the current one is marked', async ({
	page,
	sql,
	freshUser
}) => {
	const { idea: supported } = await supportedIdea(sql, freshUser.email);
	await signIn(page, freshUser);
	await page.goto('/konto');
	for (const section of SECTIONS) {
		const nav = page.getByRole('navigation', { name: 'Bereiche Ihres Kontos' });
		await nav.getByRole('link', { name: section.de, exact: true }).click();
		await expect(page).toHaveURL(section.path);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(section.h1);
		await expect(page).toHaveTitle(
			section.path === '/konto' ? /^Mein Konto/ : new RegExp(`^${section.h1} – Mein Konto`)
		);
		const current = nav.locator('[aria-current="page"]');
		await expect(current).toHaveCount(1);
		await expect(current).toHaveText(section.de);
		await expectTapTargets(nav);
	}
	// The overview counts what each section holds and links to it, and to the notifications.
	await page.goto('/konto');
	const glance = page.getByRole('region', { name: 'Auf einen Blick' });
	await expect(glance).toContainText('0 Ideen eingereicht');
	await expect(glance).toContainText('1 Idee unterstützt');
	await expect(glance).toContainText('0 Kommentare · 0 Ideen gefolgt');
	await glance.getByRole('link', { name: 'Benachrichtigungen' }).click();
	await expect(page).toHaveURL('/konto/benachrichtigungen');
	await sql`delete from public.ideas where id = ${supported.id}`;
});

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

	test('the section navigation needs no sideways scrolling; the first support is on the first screen', async ({
		page,
		sql,
		freshUser
	}) => {
		const { idea: supported } = await supportedIdea(sql, freshUser.email);
		try {
			await signIn(page, freshUser);
			await page.goto('/konto/unterstuetzungen');
			const nav = page.getByRole('navigation', { name: 'Bereiche Ihres Kontos' });
			const widths = await nav.evaluate((element) => ({
				nav: [element.scrollWidth, element.clientWidth],
				page: [document.documentElement.scrollWidth, window.innerWidth]
			}));
			expect(widths.nav[0]).toBeLessThanOrEqual(widths.nav[1]!);
			expect(widths.page[0]).toBeLessThanOrEqual(widths.page[1]!);
			await expectTapTargets(nav, 390);
			const first = page
				.getByRole('main')
				.getByRole('listitem')
				.filter({ hasText: supported.title });
			const box = (await first.boundingBox())!;
			expect(box.y + box.height, 'bottom of the first support').toBeLessThanOrEqual(844);
		} finally {
			await sql`delete from public.ideas where id = ${supported.id}`;
		}
	});
});

/** The support count the idea page shows, read in a tab of its own (the account page stays). */
async function supportCount(page: Page, path: string) {
	const tab = await page.context().newPage();
	await tab.goto(path);
	const text = await tab.locator('#support-count').innerText();
	await tab.close();
	return text;
}

test('a withdrawn support can be undone: the idea counts it again, and it keeps informing as before', async ({
	page,
	sql,
	freshUser
}) => {
	// Supported without hearing about it: the undo keeps that choice.
	const { me, idea } = await supportedIdea(sql, freshUser.email, { notify: false });
	try {
		await signIn(page, freshUser);
		expect(await supportCount(page, idea.path)).toBe('1 Unterstützung');

		await page.goto('/konto/unterstuetzungen');
		const main = page.getByRole('main');
		await main.getByRole('button', { name: `Unterstützung zurücknehmen: ${idea.title}` }).click();
		await expect(main.getByRole('status')).toHaveText(
			`Ihre Unterstützung für „${idea.title}“ wurde zurückgenommen.`
		);
		const undo = main.getByRole('button', { name: 'Rückgängig' });
		await expect(undo).toBeFocused();
		expect(await sql`select 1 from public.votes where user_id = ${me}`).toHaveLength(0);
		expect(await supportCount(page, idea.path)).toBe('0 Unterstützungen');

		await undo.click();
		await expect(main.getByRole('status')).toHaveText(`Sie unterstützen „${idea.title}“ wieder.`);
		await expect(main.getByRole('link', { name: idea.title })).toBeVisible();
		expect(
			await sql`select notify from public.votes where user_id = ${me} and idea_id = ${idea.id}`
		).toEqual([{ notify: false }]);
		expect(await supportCount(page, idea.path)).toBe('1 Unterstützung');
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
});

test.describe('without JavaScript', () => {
	// The refused undo answers 400, as every refused form post does.
	test.use({ javaScriptEnabled: false, expectedConsoleErrors: [/status of 400/] });

	test('withdrawing and undoing are plain form posts; an idea closed since says why it cannot be supported again', async ({
		page,
		sql,
		freshUser
	}) => {
		const me = await userId(sql, freshUser.email);
		const open = await insertIdea(sql);
		const closing = await insertIdea(sql);
		await sql`insert into public.votes (idea_id, user_id) values (${open.id}, ${me}), (${closing.id}, ${me})`;
		try {
			await signIn(page, freshUser);
			await page.goto('/konto/unterstuetzungen');
			const main = page.getByRole('main');
			await main.getByRole('button', { name: `Unterstützung zurücknehmen: ${open.title}` }).click();
			await expect(main.getByRole('status')).toHaveText(
				`Ihre Unterstützung für „${open.title}“ wurde zurückgenommen.`
			);
			expect(await supportCount(page, open.path)).toBe('0 Unterstützungen');
			await main.getByRole('button', { name: 'Rückgängig' }).click();
			await expect(main.getByRole('status')).toHaveText(`Sie unterstützen „${open.title}“ wieder.`);
			expect(await supportCount(page, open.path)).toBe('1 Unterstützung');

			// Implemented in the meantime: the support cannot come back, and the page says why.
			await page.goto('/konto/unterstuetzungen');
			await main
				.getByRole('button', { name: `Unterstützung zurücknehmen: ${closing.title}` })
				.click();
			await expect(main.getByRole('status')).toContainText(closing.title);
			await sql`update public.ideas set status = 'implemented' where id = ${closing.id}`;
			await main.getByRole('button', { name: 'Rückgängig' }).click();
			await expect(main.getByRole('alert')).toHaveText(
				`„${closing.title}“ lässt sich nicht mehr unterstützen: Die Idee ist jetzt „Umgesetzt“. Unterstützen kann man nur Ideen, die veröffentlicht oder in Prüfung sind.`
			);
			expect(
				await sql`select 1 from public.votes where user_id = ${me} and idea_id = ${closing.id}`
			).toHaveLength(0);
		} finally {
			await sql`delete from public.ideas where id in ${sql([open.id, closing.id])}`;
		}
	});
});

for (const language of ['de', 'en'] as const) {
	test(`every section of the account has no accessibility violations (${language})`, async ({
		page,
		context,
		freshUser
	}) => {
		// Six full axe runs.
		test.slow();
		await signIn(page, freshUser);
		await context.addCookies([{ name: 'locale', value: language, url: APP_ORIGIN }]);
		for (const section of SECTIONS) {
			await page.goto(section.path);
			await expect(page.locator('html')).toHaveAttribute('lang', language);
			await expect(
				page
					.getByRole('navigation', {
						name: language === 'de' ? 'Bereiche Ihres Kontos' : 'Sections of your account'
					})
					.locator('[aria-current="page"]')
			).toHaveText(section[language]);
			await expectNoViolations(page);
		}
	});
}
