import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { expectNoViolations } from './support/a11y.ts';
import { chooseDistrict, next, startAtPlace } from './support/wizard.ts';
import { insertIdea, userId } from './support/data.ts';
import { type Account, expect, makeRole, signIn, test } from './support/fixtures.ts';

/**
 * Issue 24, item 13 and master data: the audit log page, staff invitations by e-mail, staff
 * limited to their departments, and deletes that show their impact first.
 */

test.use({ viewport: { width: 1440, height: 900 } });

/** Another account with a password, inserted like the freshUser fixture's. */
async function account(sql: postgres.Sql, displayName: string): Promise<Account> {
	const created: Account = {
		email: `e2e-admin-week-${randomUUID()}@musterstadt.example`,
		password: 'e2e-password',
		displayName
	};
	await sql`
		insert into auth.users (instance_id, id, aud, role, email, encrypted_password,
			email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
		values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated',
			'authenticated', ${created.email},
			extensions.crypt(${created.password}, extensions.gen_salt('bf', 4)), now(),
			'{"provider": "email", "providers": ["email"]}'::jsonb,
			jsonb_build_object('display_name', ${displayName}::text), now(), now())`;
	return created;
}

async function newDepartment(sql: postgres.Sql, name: string): Promise<number> {
	const slug = `e2e-${randomUUID().slice(0, 8)}`;
	const [row] = await sql<{ id: number }[]>`
		insert into public.departments (slug, name) values (${slug}, ${name}) returning id`;
	return row!.id;
}

test('the audit log filters by person and by object, with names and readable changes', async ({
	page,
	context,
	baseURL,
	sql,
	freshUser
}) => {
	await makeRole(sql, freshUser, 'admin');
	const name = `Protokollperson ${randomUUID().slice(0, 8)}`;
	const actor = await account(sql, name);
	const actorId = await userId(sql, actor.email);
	const idea = await insertIdea(sql);
	// What triage_idea writes for a staff member: the row of the log, with their id and role.
	await sql`insert into public.audit_log (actor_id, actor_role, action, target_table, target_id, details)
		values (${actorId}, 'staff', 'ideas.triage', 'ideas', ${idea.id}, '{"priority": "high"}'),
			(${actorId}, 'staff', 'departments.update', 'departments', '1',
			 '{"name": {"old": "Tiefbauamt", "new": "Amt für Tiefbau"}}')`;
	await signIn(page, freshUser);

	// The settings' "it is in the audit log" leads there.
	await page.goto('/verwaltung/admin');
	await page
		.getByRole('navigation', { name: 'Administration' })
		.getByRole('link', { name: 'Prüfprotokoll' })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Prüfprotokoll');

	await page.getByLabel('Person').selectOption({ label: name });
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page).toHaveURL(new RegExp(`person=${actorId}`));
	const rows = page.getByRole('table').getByRole('row');
	await expect(rows).toHaveCount(3);
	const triage = rows.filter({ hasText: 'Idee: gesichtet' });
	await expect(triage).toContainText(name);
	await expect(triage).toContainText('Verwaltung');
	await expect(triage).toContainText('priority: high');
	await expect(triage.getByRole('link', { name: idea.title })).toHaveAttribute(
		'href',
		`/verwaltung/ideen/${idea.id}`
	);
	await expect(rows.filter({ hasText: 'Fachbereich: geändert' })).toContainText(
		'name: Tiefbauamt → Amt für Tiefbau'
	);
	await expectNoViolations(page);

	// By object: only this idea's entries.
	await triage.getByRole('link', { name: 'Nur dieses Objekt' }).click();
	await expect(page).toHaveURL(new RegExp(`id=${idea.id}`));
	await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
	await expect(page.getByLabel('Kennung des Objekts')).toHaveValue(idea.id);

	await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
	await expect(page.getByRole('table')).toContainText('Idea: triaged');
	await expectNoViolations(page);
});

test('an invitation arrives by mail; the invited address accepts it and gets the role', async ({
	page,
	context,
	baseURL,
	sql,
	stack,
	freshUser
}) => {
	await makeRole(sql, freshUser, 'admin');
	const departmentName = `Amt für Einladungen ${randomUUID().slice(0, 6)}`;
	const department = await newDepartment(sql, departmentName);
	const invitee = await account(sql, 'Eingeladene Person');
	await signIn(page, freshUser);
	await page.goto('/verwaltung/admin');
	const form = page.locator('form[action="?/invite"]');
	await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(invitee.email);
	await page.getByLabel('Rolle', { exact: true }).selectOption('staff');
	await form.getByLabel(departmentName).check();
	await page.getByLabel('Nur für diese Fachbereiche (nur Verwaltung)').check();
	await page.getByRole('button', { name: 'Einladung senden' }).click();
	await expect(page.getByRole('status')).toContainText(
		`Einladung an ${invitee.email} ist unterwegs.`
	);
	const listed = page
		.getByRole('table', { name: 'Einladungen (neueste zuerst)' })
		.getByRole('row', { name: new RegExp(invitee.email) });
	await expect(listed).toContainText('offen bis');
	await expectNoViolations(page);
	await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Invitations' })).toBeVisible();
	await expectNoViolations(page);

	// The worker mails it to the SMTP sink.
	let text = '';
	await expect(async () => {
		const response = await fetch(
			`${stack.apiUrl}/_dev/outbox/messages?${new URLSearchParams({ to: invitee.email })}`
		);
		const mails = (await response.json()) as { subject: string; text: string }[];
		text = mails.find((m) => m.subject.startsWith('Einladung zur Mitarbeit'))?.text ?? '';
		expect(text).not.toBe('');
	}).toPass({ timeout: 20_000 });
	const link = text
		.split('\n')
		.find((line) => line.includes('/konto/einladung/'))!
		.trim();
	expect(text).toContain('in der Rolle „Verwaltung“');

	// Someone else signed in cannot accept it.
	await page.context().clearCookies();
	const stranger = await account(sql, 'Jemand anderes');
	await signIn(page, stranger);
	await page.goto(new URL(link).pathname);
	await page.getByRole('button', { name: 'Einladung annehmen' }).click();
	await expect(page.getByRole('alert')).toContainText('für eine andere E-Mail-Adresse');

	// The invited person, signed in with the invited address, accepts.
	await page.context().clearCookies();
	await signIn(page, invitee);
	await page.goto(new URL(link).pathname);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Einladung annehmen');
	await expectNoViolations(page);
	await page.getByRole('button', { name: 'Einladung annehmen' }).click();
	await expect(page.getByRole('status')).toContainText(
		'Ihr Konto hat jetzt die Rolle „Verwaltung“'
	);
	const [profile] = await sql`select p.role, p.department_scoped, array(
			select m.department_id from public.department_members m where m.user_id = p.id) as departments
		from public.profiles p where p.id = ${await userId(sql, invitee.email)}`;
	expect(profile).toEqual({ role: 'staff', department_scoped: true, departments: [department] });
	await page.getByRole('link', { name: 'Zur Verwaltung' }).click();
	await expect(page).toHaveURL('/verwaltung');

	// Used once: a second try is refused.
	await page.goto(new URL(link).pathname);
	await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accept the invitation');
	await expectNoViolations(page);
	await page.getByRole('button', { name: 'Accept the invitation' }).click();
	await expect(page.getByRole('alert')).toContainText('accepted or withdrawn already');
});

test.describe('a limited staff member', () => {
	// Opening another department's idea is a 404, which the browser reports.
	test.use({ expectedConsoleErrors: [/status of 404/] });

	test('a staff member limited to a department sees only its ideas in triage', async ({
		page,
		sql,
		freshUser
	}) => {
		await makeRole(sql, freshUser, 'staff');
		const uid = await userId(sql, freshUser.email);
		const word = randomUUID().slice(0, 8);
		const mine = await newDepartment(sql, `Eigenes Amt ${word}`);
		const other = await newDepartment(sql, `Anderes Amt ${word}`);
		await sql`insert into public.department_members (department_id, user_id) values (${mine}, ${uid})`;
		await sql`update public.profiles set department_scoped = true where id = ${uid}`;
		const own = await insertIdea(sql, { title: `Bank am Rathaus ${word} eigen` });
		const foreign = await insertIdea(sql, { title: `Bank am Rathaus ${word} fremd` });
		await sql`update public.ideas set department_id = ${mine} where id = ${own.id}`;
		await sql`update public.ideas set department_id = ${other} where id = ${foreign.id}`;
		await signIn(page, freshUser);
		await page.goto(`/verwaltung/ideen?q=${word}`);
		await expect(page.getByRole('link', { name: own.title })).toBeVisible();
		await expect(page.getByRole('link', { name: foreign.title })).toHaveCount(0);
		// The other department's idea is not theirs to open either.
		const response = await page.goto(`/verwaltung/ideen/${foreign.id}`);
		expect(response?.status()).toBe(404);
	});
});

for (const javaScriptEnabled of [true, false]) {
	test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
		test.use({ javaScriptEnabled });

		test('deleting a department shows its impact first; the idea keeps a history entry', async ({
			page,
			sql,
			freshUser
		}) => {
			await makeRole(sql, freshUser, 'admin');
			const name = `Amt zum Löschen ${randomUUID().slice(0, 8)}`;
			const department = await newDepartment(sql, name);
			const idea = await insertIdea(sql);
			await sql`update public.ideas set department_id = ${department} where id = ${idea.id}`;
			await signIn(page, freshUser);
			await page.goto('/verwaltung/admin/stammdaten');
			const row = page.getByRole('listitem').filter({ hasText: name });
			await row.getByRole('button', { name: 'Löschen' }).click();
			await expect(page.getByRole('heading', { name: `„${name}“ löschen?` })).toBeVisible();
			await expect(page.getByText('1 Idee verwendet diesen Eintrag.')).toBeVisible();
			const [still] =
				await sql`select count(*)::int as n from public.departments where id = ${department}`;
			expect(still!.n).toBe(1);
			if (javaScriptEnabled) await expectNoViolations(page);
			await page.getByRole('button', { name: 'Endgültig löschen' }).click();
			await expect(page.getByRole('status')).toContainText('Gelöscht.');
			await expect(page.getByRole('listitem').filter({ hasText: name })).toHaveCount(0);
			const [after] = await sql`select department_id from public.ideas where id = ${idea.id}`;
			expect(after!.department_id).toBeNull();
			const events =
				await sql`select kind, details from public.idea_events where idea_id = ${idea.id}`;
			expect(events).toEqual([
				{ kind: 'triage', details: { department_id: null, removed_department: name } }
			]);
		});
	});
}

test('a department in use is archived instead: it stays on its ideas', async ({
	page,
	sql,
	freshUser
}) => {
	await makeRole(sql, freshUser, 'admin');
	const name = `Amt zum Archivieren ${randomUUID().slice(0, 8)}`;
	const department = await newDepartment(sql, name);
	const idea = await insertIdea(sql);
	await sql`update public.ideas set department_id = ${department} where id = ${idea.id}`;
	await signIn(page, freshUser);
	await page.goto('/verwaltung/admin/stammdaten');
	await page
		.getByRole('listitem')
		.filter({ hasText: name })
		.getByRole('button', { name: 'Löschen' })
		.click();
	await page
		.getByRole('region', { name: `„${name}“ löschen?` })
		.or(page.locator('section.confirm'))
		.getByRole('button', { name: 'Archivieren' })
		.click();
	await expect(page.getByRole('status')).toContainText('Archiviert');
	await expect(page.getByRole('listitem').filter({ hasText: name })).toContainText('archiviert');
	const [row] =
		await sql`select d.archived_at, i.department_id from public.departments d, public.ideas i
		where d.id = ${department} and i.id = ${idea.id}`;
	expect(row!.archived_at).not.toBeNull();
	expect(row!.department_id).toBe(department);
	// The picker offers it to the idea that has it, and to no other.
	await page.goto(`/verwaltung/ideen/${idea.id}`);
	await expect(page.getByLabel('Fachbereich').locator('option', { hasText: name })).toHaveCount(1);
	const other = await insertIdea(sql);
	await page.goto(`/verwaltung/ideen/${other.id}`);
	await expect(page.getByLabel('Fachbereich').locator('option', { hasText: name })).toHaveCount(0);
});

test('an archived field of action or district is offered to no new idea: the wizard lists only the others', async ({
	page,
	sql
}) => {
	const slug = `archiv-${randomUUID().slice(0, 8)}`;
	const name = `Altes Feld ${slug}`;
	await sql`insert into public.fields_of_action (slug, name_de, name_en, archived_at)
		values (${slug}, ${name}, ${name}, now())`;
	// A district with an outline, archived: the wizard would otherwise offer it as a place. Its
	// outline lies outside the town, so no other test's idea falls into it meanwhile.
	const district = `Alter Stadtteil ${slug}`;
	await sql`insert into public.districts (slug, name, area, archived_at)
		values (${slug}, ${district}, '((10.5,51.0),(10.501,51.0),(10.5,51.001))', now())`;
	try {
		await startAtPlace(page);
		const districts = page.getByLabel('Stadtteil');
		await expect(districts.locator('option', { hasText: 'Altstadt' })).toHaveCount(1);
		await expect(districts.locator('option', { hasText: district })).toHaveCount(0);
		await chooseDistrict(page, 'Altstadt');
		await next(page);
		const fields = page.getByLabel('Handlungsfeld');
		await expect(fields.locator('option', { hasText: 'Bürgerservice & Verwaltung' })).toHaveCount(
			1
		);
		await expect(fields.locator('option', { hasText: name })).toHaveCount(0);
	} finally {
		await sql`delete from public.fields_of_action where slug = ${slug}`;
		await sql`delete from public.districts where slug = ${slug}`;
	}
});
