import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { expectNoViolations } from './support/a11y.ts';
import { type Account, expect, signIn, test } from './support/fixtures.ts';

async function makeAdmin(sql: postgres.Sql, account: Account) {
	await sql`update public.profiles set role = 'admin'
		where id = (select id from auth.users where email = ${account.email})`;
}

/** Another account to administer, inserted like the freshUser fixture's. */
async function otherUser(sql: postgres.Sql, displayName: string) {
	const email = `e2e-other-${randomUUID()}@musterstadt.example`;
	const [user] = await sql<{ id: string }[]>`
		insert into auth.users (instance_id, id, aud, role, email, encrypted_password,
			email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
		values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated',
			'authenticated', ${email}, '', now(), '{"provider": "email", "providers": ["email"]}'::jsonb,
			jsonb_build_object('display_name', ${displayName}::text), now(), now())
		returning id`;
	return { id: user!.id, email };
}

const SQUARE = {
	type: 'Feature',
	properties: {},
	geometry: {
		type: 'Polygon',
		coordinates: [
			[
				[9.6, 50.5],
				[9.61, 50.5],
				[9.61, 50.51],
				[9.6, 50.51],
				[9.6, 50.5]
			]
		]
	}
};

test('an admin finds a person by e-mail and changes their role; it is audited', async ({
	page,
	sql,
	freshUser
}) => {
	await makeAdmin(sql, freshUser);
	const name = `Rollenwechsel ${randomUUID().slice(0, 8)}`;
	const other = await otherUser(sql, name);
	await signIn(page, freshUser);
	await page.goto('/verwaltung/admin');
	await page.getByLabel('Nach Name, E-Mail-Adresse oder Kennung suchen').fill(other.email);
	await page.getByRole('button', { name: 'Suchen' }).click();
	const row = page.getByRole('row', { name: new RegExp(name) });
	await expect(row).toContainText(other.email);
	await row.getByLabel(`Rolle von ${name}`).selectOption('moderator');
	await row.getByRole('button', { name: 'Übernehmen' }).click();
	await expect(page.getByRole('status')).toContainText(`${name} hat jetzt die Rolle „Moderation“`);
	const [profile] = await sql`select role from public.profiles where id = ${other.id}`;
	expect(profile!.role).toBe('moderator');
	const [audit] = await sql`select details from public.audit_log
		where action = 'profiles.set_role' and target_id = ${other.id}`;
	expect(audit!.details).toEqual({ old: 'citizen', new: 'moderator' });
	await sql`delete from auth.users where id = ${other.id}`;
});

test('an account without an e-mail that holds a role is found by name and its role changed', async ({
	page,
	sql,
	freshUser
}) => {
	await makeAdmin(sql, freshUser);
	const name = `Ohne Post ${randomUUID().slice(0, 8)}`;
	const [anonymous] = await sql<{ id: string }[]>`
		insert into auth.users (instance_id, id, aud, role, is_anonymous, raw_app_meta_data,
			raw_user_meta_data, created_at, updated_at)
		values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated',
			'authenticated', true, '{"provider": "anonymous", "providers": ["anonymous"]}'::jsonb,
			'{}'::jsonb, now(), now())
		returning id`;
	await sql`update public.profiles set role = 'moderator', display_name = ${name}
		where id = ${anonymous!.id}`;
	await signIn(page, freshUser);
	await page.goto('/verwaltung/admin');
	await page.getByLabel('Nach Name, E-Mail-Adresse oder Kennung suchen').fill(name);
	await page.getByRole('button', { name: 'Suchen' }).click();
	const row = page.getByRole('row', { name: new RegExp(name) });
	await expect(row).toContainText('keine (anonyme Sitzung)');
	await row.getByLabel(`Rolle von ${name}`).selectOption('citizen');
	await row.getByRole('button', { name: 'Übernehmen' }).click();
	await expect(page.getByRole('status')).toContainText(`${name} hat jetzt die Rolle`);
	const [profile] = await sql`select role from public.profiles where id = ${anonymous!.id}`;
	expect(profile!.role).toBe('citizen');
	await sql`delete from auth.users where id = ${anonymous!.id}`;
});

test('an admin puts staff into a department; an idea routed there is news for them, in the console', async ({
	page,
	sql,
	freshUser
}) => {
	await makeAdmin(sql, freshUser);
	const [me] = await sql<{ id: string; display_name: string }[]>`
		select p.id, p.display_name from public.profiles p join auth.users u on u.id = p.id
		 where u.email = ${freshUser.email}`;
	await signIn(page, freshUser);
	await page.goto('/verwaltung/admin');
	await page.getByLabel('Nach Name, E-Mail-Adresse oder Kennung suchen').fill(freshUser.email);
	await page.getByRole('button', { name: 'Suchen' }).click();
	// By the e-mail address: other tests' fresh staff share the display name and are listed too.
	const row = page.getByRole('row').filter({ hasText: freshUser.email });
	const departments = row.getByRole('group', { name: `Fachbereiche von ${me!.display_name}` });
	await departments.getByLabel('Stabsstelle Digitalisierung').check();
	await row.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByRole('status')).toContainText(
		`${me!.display_name} arbeitet jetzt in: Stabsstelle Digitalisierung.`
	);
	await expectNoViolations(page);

	const title = `Freies WLAN im Rathausfoyer ${randomUUID().slice(0, 8)}`;
	const [idea] = await sql<{ id: string }[]>`
		insert into public.ideas (author_id, kind, title, body, field_slug, lat, lng, status, published_at)
		values ('00000000-0000-4000-a000-000000000011', 'idea', ${title},
			'Im Foyer gibt es kein WLAN, obwohl man dort lange wartet.', 'verwaltung',
			50.5531, 9.6779, 'published', now())
		returning id`;
	try {
		await sql`update public.ideas set department_id =
			(select id from public.departments where slug = 'digitalbuero') where id = ${idea!.id}`;
		const item = page.getByRole('link', {
			name: `„${title}“ wurde Ihrem Fachbereich „Stabsstelle Digitalisierung“ zugeordnet.`
		});
		await expect(async () => {
			await page.goto('/konto/benachrichtigungen');
			await expect(item).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 15_000 });
		await item.click();
		await expect(page).toHaveURL(new RegExp(`/verwaltung/ideen/${idea!.id}$`));
	} finally {
		await sql`delete from public.ideas where id = ${idea!.id}`;
	}
});

test('a district upload: a point is refused with a clear error, a polygon is saved', async ({
	page,
	sql,
	freshUser
}) => {
	// Two uploads and an axe run: on a shared 2-core machine this outgrows 30 s.
	test.slow();
	await makeAdmin(sql, freshUser);
	await signIn(page, freshUser);
	await page.goto('/verwaltung/admin/stammdaten');
	const slug = `e2e-${randomUUID().slice(0, 8)}`;
	const form = page.getByRole('form', { name: 'Stadtteil anlegen oder Grenze ersetzen' });
	await form.getByLabel('Kürzel (klein, ohne Leerzeichen)').fill(slug);
	await form.getByLabel('Name', { exact: true }).fill('Teststadtteil');
	await form.getByLabel('GeoJSON-Datei').setInputFiles({
		name: 'punkt.geojson',
		mimeType: 'application/geo+json',
		buffer: Buffer.from(JSON.stringify({ type: 'Point', coordinates: [9.6, 50.5] }))
	});
	await form.getByRole('button', { name: 'Hochladen und speichern' }).click();
	const file = form.getByLabel('GeoJSON-Datei');
	await expect(file).toHaveAttribute('aria-invalid', 'true');
	await expect(form).toContainText('Nur Polygone sind erlaubt');
	await expectNoViolations(page);

	await form.getByLabel('GeoJSON-Datei').setInputFiles({
		name: 'stadtteil.geojson',
		mimeType: 'application/geo+json',
		buffer: Buffer.from(JSON.stringify(SQUARE))
	});
	await form.getByRole('button', { name: 'Hochladen und speichern' }).click();
	await expect(page.getByRole('status')).toContainText('Gespeichert.');
	await expect(page.getByRole('region', { name: 'Stadtteile' })).toContainText(slug);
	const [row] = await sql`select area_geojson from public.districts where slug = ${slug}`;
	expect(row!.area_geojson.type).toBe('Polygon');
	await sql`delete from public.districts where slug = ${slug}`;
});

test('an admin edits a field of action in place; a bad name is refused and nothing typed is lost', async ({
	page,
	sql,
	freshUser
}) => {
	const slug = `e2e_${randomUUID().slice(0, 8)}`;
	const [{ id } = { id: 0 }] = await sql<{ id: number }[]>`
		insert into public.fields_of_action (slug, name_de, name_en, colour, position)
		values (${slug}, ${`Feld ${slug}`}, ${`Field ${slug}`}, '#336699', 90) returning id`;
	await makeAdmin(sql, freshUser);
	await signIn(page, freshUser);
	await page.goto('/verwaltung/admin/stammdaten');
	const item = page.getByRole('listitem').filter({ hasText: slug });
	await item.getByText('Bearbeiten').click();
	await expect(item.getByLabel('Name (Deutsch)')).toHaveValue(`Feld ${slug}`);
	await item.getByLabel('Name (Deutsch)').fill('X');
	await item.getByLabel('Name (Englisch)').fill('Digital town hall');
	await item.getByRole('button', { name: 'Handlungsfeld speichern' }).click();
	const edit = page.locator(`form:has(input[name="id"][value="${id}"])[action="?/updateField"]`);
	await expect(edit.getByLabel('Name (Deutsch)')).toHaveAttribute('aria-invalid', 'true');
	await expect(edit).toContainText('Bitte einen Namen mit 2 bis 120 Zeichen angeben.');
	await expect(edit.getByLabel('Name (Englisch)')).toHaveValue('Digital town hall');
	await expectNoViolations(page);

	await edit.getByLabel('Name (Deutsch)').fill('Digitales Rathaus');
	await edit.getByRole('button', { name: 'Handlungsfeld speichern' }).click();
	await expect(page.getByRole('status')).toContainText('Gespeichert.');
	await expect(page.getByRole('listitem').filter({ hasText: slug })).toContainText(
		'Digitales Rathaus / Digital town hall'
	);
	const [row] = await sql`select slug, name_de, name_en, colour, position
		from public.fields_of_action where id = ${id}`;
	expect(row).toEqual({
		slug,
		name_de: 'Digitales Rathaus',
		name_en: 'Digital town hall',
		colour: '#336699',
		position: 90
	});
	await sql`delete from public.fields_of_action where id = ${id}`;
});

test('an admin adds a field of action whose code has a hyphen, as the hint allows', async ({
	page,
	sql,
	freshUser
}) => {
	const slug = `e-gov-${randomUUID().slice(0, 8)}`;
	await makeAdmin(sql, freshUser);
	await signIn(page, freshUser);
	await page.goto('/verwaltung/admin/stammdaten');
	const form = page.locator('form[action="?/addField"]');
	await form.getByLabel('Kürzel (klein, ohne Leerzeichen)').fill(slug);
	await form.getByLabel('Name (Deutsch)').fill('E-Government');
	await form.getByLabel('Name (Englisch)').fill('E-government');
	await form.getByRole('button', { name: 'Handlungsfeld anlegen' }).click();
	await expect(page.getByRole('status')).toContainText('Gespeichert.');
	const rows = await sql`select name_de from public.fields_of_action where slug = ${slug}`;
	expect(rows).toEqual([{ name_de: 'E-Government' }]);
	await sql`delete from public.fields_of_action where slug = ${slug}`;
});

test('an admin changes a setting; the change is audited', async ({ page, sql, freshUser }) => {
	await makeAdmin(sql, freshUser);
	const [before] = await sql`select leichte_sprache_md from public.settings`;
	await signIn(page, freshUser);
	await page.goto('/verwaltung/admin/einstellungen');
	const text = `Leichte Sprache ${randomUUID().slice(0, 8)}`;
	await page.getByLabel('Leichte Sprache', { exact: true }).fill(text);
	await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
	await expect(page.getByRole('status')).toContainText('Gespeichert.');
	const [audit] = await sql`select details from public.audit_log where action = 'settings.update'
		and details -> 'leichte_sprache_md' ->> 'new' = ${text}`;
	expect(audit).toBeDefined();
	await sql`update public.settings set leichte_sprache_md = ${before!.leichte_sprache_md}`;
});

test.describe('staff', () => {
	test.use({ expectedConsoleErrors: [/status of 403/] });

	test('are refused the admin pages', async ({ page, sql, freshUser }) => {
		await sql`update public.profiles set role = 'staff'
			where id = (select id from auth.users where email = ${freshUser.email})`;
		await signIn(page, freshUser);
		for (const path of [
			'/verwaltung/admin',
			'/verwaltung/admin/einstellungen',
			'/verwaltung/admin/stammdaten'
		]) {
			expect((await page.goto(path))!.status()).toBe(403);
		}
	});
});

for (const locale of ['de', 'en'] as const) {
	test.describe(`axe in ${locale}`, () => {
		test.beforeEach(async ({ context, baseURL, page, sql, freshUser }) => {
			// Sign-in plus a full axe run: on a shared 2-core machine this outgrows 30 s.
			test.slow();
			await context.addCookies([{ name: 'locale', value: locale, url: baseURL! }]);
			await makeAdmin(sql, freshUser);
			await signIn(page, freshUser);
		});

		for (const path of [
			'/verwaltung/admin',
			'/verwaltung/admin/einstellungen',
			'/verwaltung/admin/stammdaten'
		]) {
			test(`${path} has no WCAG 2.1 AA violations`, async ({ page }) => {
				await page.goto(path);
				await expect(page.locator('html')).toHaveAttribute('lang', locale);
				await expectNoViolations(page);
			});
		}
	});
}
