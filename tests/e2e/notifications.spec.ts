import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expectNoViolations } from './support/a11y.ts';
import { DEMO_AUTHOR, insertIdea, userId } from './support/data.ts';
import { expect, signIn, test } from './support/fixtures.ts';

/** The main navigation's link to the centre, with its unread count when there is one. */
const centreLink = (page: Page) =>
	page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', {
		name: /^Benachrichtigungen/
	});

test('a supporter hears that the town changed the status: header count, the centre, read', async ({
	page,
	sql,
	freshUser
}) => {
	const idea = await insertIdea(sql);
	const me = await userId(sql, freshUser.email);
	await sql`insert into public.votes (idea_id, user_id) values (${idea.id}, ${me})`;
	try {
		await signIn(page, freshUser);
		await page.goto('/');
		await expect(centreLink(page)).toHaveText('Benachrichtigungen');

		// The town takes the idea under review (what set_idea_status writes); the worker that
		// runs beside the app tells the supporter.
		await sql`update public.ideas set status = 'under_review' where id = ${idea.id}`;
		await sql`insert into public.idea_events (idea_id, kind, from_status, to_status)
			values (${idea.id}, 'status_change', 'published', 'under_review')`;
		await expect(async () => {
			await page.reload();
			await expect(centreLink(page)).toHaveText('Benachrichtigungen 1 neu', { timeout: 1000 });
		}).toPass({ timeout: 15_000 });

		await centreLink(page).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Benachrichtigungen');
		const item = page.getByRole('listitem').filter({ hasText: idea.title });
		await expect(item).toContainText(
			`Neu: „${idea.title}“: Der Status ist jetzt „In Prüfung“ (vorher „Veröffentlicht“).`
		);
		await expectNoViolations(page);

		await page.getByRole('button', { name: 'Alle als gelesen markieren' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'Alle Benachrichtigungen sind als gelesen markiert.'
		);
		await expect(item).not.toContainText('Neu:');
		await expect(centreLink(page)).toHaveText('Benachrichtigungen');
		await item.getByRole('link').click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(idea.title);
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
});

test('the centre has no axe violations in English, empty and signed out sends to sign-in', async ({
	page,
	context,
	baseURL,
	freshUser
}) => {
	await page.goto('/konto/benachrichtigungen');
	await expect(page).toHaveURL('/anmelden?redirectTo=%2Fkonto%2Fbenachrichtigungen');
	await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
	await signIn(page, freshUser);
	await page.goto('/konto/benachrichtigungen');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notifications');
	await expect(page.getByText('No notifications yet.', { exact: false })).toBeVisible();
	await expectNoViolations(page);
});

test('supporting keeps one informed; one click turns it off, and then nothing arrives', async ({
	page,
	sql,
	freshUser
}) => {
	const idea = await insertIdea(sql);
	const me = await userId(sql, freshUser.email);
	try {
		await signIn(page, freshUser);
		await page.goto(idea.path);
		const support = page.getByRole('region', { name: 'Unterstützung' });
		await support.getByRole('button', { name: 'Idee unterstützen' }).click();
		await expect(
			support.getByText('Sie werden über Neuigkeiten zu dieser Idee informiert')
		).toBeVisible();
		await support.getByRole('button', { name: 'Nicht mehr informieren' }).click();
		await expect(
			support.getByText('Sie werden über Neuigkeiten zu dieser Idee nicht informiert.')
		).toBeVisible();
		const [vote] = await sql`select notify from public.votes
			where idea_id = ${idea.id} and user_id = ${me}`;
		expect(vote).toEqual({ notify: false });

		await sql`insert into public.idea_events (idea_id, kind, from_status, to_status)
			values (${idea.id}, 'status_change', 'published', 'under_review')`;
		await expect
			.poll(
				async () =>
					(
						await sql`select fanned_out_at from private.notification_events
							where idea_id = ${idea.id}`
					)[0]?.fanned_out_at ?? null,
				{ timeout: 15_000 }
			)
			.not.toBeNull();
		const told = await sql`select 1 from public.notifications where recipient_id = ${me}`;
		expect(told).toHaveLength(0);

		await support.getByRole('button', { name: 'Über Neuigkeiten informieren' }).click();
		await expect(
			support.getByText('Sie werden über Neuigkeiten zu dieser Idee informiert')
		).toBeVisible();
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
});

interface SinkMail {
	subject: string;
	text: string;
	headers: Record<string, string>;
}

test('the town answers: the supporter finds the mail, the item in the centre, and one click ends the mails without signing in', async ({
	page,
	request,
	sql,
	stack,
	freshUser
}) => {
	const idea = await insertIdea(sql);
	const me = await userId(sql, freshUser.email);
	await sql`insert into public.votes (idea_id, user_id) values (${idea.id}, ${me})`;
	try {
		// The supporter wants answers at once: chosen on the settings page.
		await signIn(page, freshUser);
		await page.goto('/konto/benachrichtigungen');
		await page.getByRole('link', { name: 'E-Mail-Einstellungen' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('E-Mail-Benachrichtigungen');
		const answers = page.getByLabel('Die Stadt antwortet auf eine Idee');
		await expect(answers).toHaveValue('daily');
		await answers.selectOption('instant');
		await page.getByRole('button', { name: 'Speichern' }).click();
		await expect(page.getByRole('status')).toHaveText('Ihre Einstellungen sind gespeichert.');
		await expectNoViolations(page);

		// The town answers (what respond_to_idea writes); the worker beside the app mails it.
		await sql`insert into public.idea_events (idea_id, kind, is_internal, body)
			values (${idea.id}, 'answer', false, 'Wir prüfen das im Frühjahr.')`;
		let mail: SinkMail | undefined;
		await expect(async () => {
			const response = await fetch(
				`${stack.apiUrl}/_dev/outbox/messages?${new URLSearchParams({ to: freshUser.email })}`
			);
			mail = ((await response.json()) as SinkMail[]).find((m) => m.subject.includes(idea.title));
			expect(mail).toBeDefined();
		}).toPass({ timeout: 15_000 });
		expect(mail!.subject).toBe(`Stadtidee: „${idea.title}“: Die Stadt hat geantwortet.`);
		const ideaLink = mail!.text.split('\n').find((line) => line.includes(`/ideen/${idea.id}`));
		expect(ideaLink?.trim()).toBe(`${new URL(`/ideen/${idea.id}`, page.url()).href}`);
		await page.goto('/konto/benachrichtigungen');
		await expect(page.getByRole('listitem').filter({ hasText: idea.title })).toContainText(
			'Die Stadt hat geantwortet.'
		);

		// The mail's unsubscribe link, opened signed out: the page changes nothing until asked.
		const unsubscribe = mail!.headers['list-unsubscribe']!.slice(1, -1);
		await page.context().clearCookies();
		await page.goto(new URL(unsubscribe).pathname);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('E-Mails abbestellen');
		await expectNoViolations(page);
		const unsubscribed = async () =>
			(
				await sql<{ at: Date | null }[]>`select unsubscribed_at as at from public.mail_settings
					where user_id = ${me}`
			)[0]!.at !== null;
		expect(await unsubscribed()).toBe(false);
		await page.getByRole('button', { name: 'Keine E-Mails mehr erhalten' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'Erledigt: Sie erhalten keine E-Mails mehr von Stadtidee.'
		);
		expect(await unsubscribed()).toBe(true);

		// A mail client's one-click (RFC 8058): its server posts without an Origin or cookies.
		await sql`update public.mail_settings set unsubscribed_at = null where user_id = ${me}`;
		const oneClick = await request.post(new URL(unsubscribe).pathname, {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			data: 'List-Unsubscribe=One-Click',
			maxRedirects: 0
		});
		expect(oneClick.status()).toBe(200);
		expect(await unsubscribed()).toBe(true);
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
});

test('the mail, place and device pages in English have no axe violations; an unknown unsubscribe link says so', async ({
	page,
	context,
	baseURL,
	freshUser
}) => {
	await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
	await page.goto('/e-mail/abbestellen/00000000-0000-4000-8000-000000000000');
	await page.getByRole('button', { name: 'Stop all emails' }).click();
	await expect(page.getByRole('alert')).toContainText('This unsubscribe link is not valid');
	await expectNoViolations(page);
	await signIn(page, freshUser);
	await page.goto('/konto/benachrichtigungen/einstellungen');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email notifications');
	await expectNoViolations(page);
	await page.goto('/konto/benachrichtigungen/orte');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Places and topics');
	await expectNoViolations(page);
	await page.goto('/konto/benachrichtigungen/geraete');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Push notifications');
	await expectNoViolations(page);
});

test('a place alert: set in a district, a new idea inside it is news, one outside is not; bad input is explained', async ({
	page,
	sql,
	freshUser
}) => {
	const me = await userId(sql, freshUser.email);
	await signIn(page, freshUser);
	await page.goto('/konto/benachrichtigungen');
	await page.getByRole('link', { name: 'Orte und Themen für neue Ideen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Orte und Themen');

	// The whole town needs a topic: said next to the topics, what was typed stays.
	await page.getByRole('textbox', { name: /^Name/ }).fill('Überall');
	await page.getByLabel('Wo', { exact: true }).selectOption('town');
	await page.getByRole('button', { name: 'Ort hinzufügen' }).click();
	await expect(
		page.getByText('Für die ganze Stadt wählen Sie bitte mindestens ein Thema.')
	).toBeVisible();
	await expect(page.getByRole('textbox', { name: /^Name/ })).toHaveValue('Überall');
	await expectNoViolations(page);

	await page.getByRole('textbox', { name: /^Name/ }).fill('Zuhause');
	await page.getByLabel('Wo', { exact: true }).selectOption({ label: 'Altstadt' });
	await page.getByLabel('Umkreis').selectOption('500');
	await page.getByRole('button', { name: 'Ort hinzufügen' }).click();
	await expect(page.getByRole('status')).toHaveText('Der Ort ist gespeichert.');
	await expect(page.getByRole('listitem').filter({ hasText: 'Zuhause' })).toContainText(
		'500 m Umkreis'
	);
	await expectNoViolations(page);

	const [alert] = await sql<{ lat: number; lng: number }[]>`
		select lat, lng from public.place_alerts where user_id = ${me}`;
	const idea = async (title: string, lat: number) => {
		const [row] = await sql<{ id: string }[]>`
			insert into public.ideas (author_id, kind, title, body, field_slug, lat, lng, status, published_at)
			values (${DEMO_AUTHOR}, 'idea', ${title}, 'Eine neue Idee für die Nachbarschaft.', 'mobilitaet',
				${lat}, ${alert!.lng}, 'published', now())
			returning id`;
		return row!.id;
	};
	const suffix = randomUUID().slice(0, 8);
	// 200 m north of the alert's centre: inside; 3 km north: outside its 500 m.
	const inside = await idea(`Fahrradständer am Markt ${suffix}`, alert!.lat + 200 / 111320);
	const outside = await idea(`Fahrradständer am Stadtrand ${suffix}`, alert!.lat + 3000 / 111320);
	try {
		await expect(async () => {
			await page.goto('/konto/benachrichtigungen');
			await expect(
				page.getByRole('listitem').filter({ hasText: `am Markt ${suffix}` })
			).toContainText('Neue Idee an einem Ihrer Orte oder in Ihren Themen', { timeout: 1000 });
		}).toPass({ timeout: 15_000 });
		await expect(
			page.getByRole('listitem').filter({ hasText: `am Stadtrand ${suffix}` })
		).toHaveCount(0);

		await page.goto('/konto/benachrichtigungen/orte');
		await page.getByRole('button', { name: '„Zuhause“ entfernen' }).click();
		await expect(page.getByRole('status')).toHaveText('Der Ort ist entfernt.');
		expect(await sql`select 1 from public.place_alerts where user_id = ${me}`).toHaveLength(0);
	} finally {
		await sql`delete from public.ideas where id in ${sql([inside, outside])}`;
	}
});

test('a place alert around a point picked on the map, its radius drawn around it', async ({
	page,
	sql,
	freshUser
}) => {
	const me = await userId(sql, freshUser.email);
	const [centre] = await sql<{ lat: number; lng: number }[]>`
		select map_center_lat as lat, map_center_lng as lng from public.settings`;
	await signIn(page, freshUser);
	await page.goto('/konto/benachrichtigungen/orte');
	const map = page.getByRole('application', { name: 'Karte: Ort für neue Ideen wählen' });
	await expect(map.locator('.leaflet-pane').first()).toBeAttached();
	await page.getByRole('textbox', { name: /^Name/ }).fill('Laden');
	await page.getByLabel('Umkreis').selectOption('250');
	// A tap in the middle of the map: the map's centre is the town's.
	await map.click();
	await expect(page.getByLabel('Wo', { exact: true })).toHaveValue('point');
	await expect(page.getByText('Punkt auf der Karte gewählt.')).toBeVisible();
	// The point and, around it, the circle of its radius.
	await expect(map.locator('.leaflet-marker-icon')).toHaveCount(1);
	await expect(map.locator('.leaflet-overlay-pane path')).toHaveCount(2);
	await expectNoViolations(page);
	await page.getByRole('button', { name: 'Ort hinzufügen' }).click();
	await expect(page.getByText('Der Ort ist gespeichert.')).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: 'Laden' })).toContainText(
		'250 m Umkreis'
	);
	const [alert] = await sql<{ lat: number; lng: number; radius_m: number }[]>`
		select lat, lng, radius_m from public.place_alerts where user_id = ${me}`;
	expect(alert!.radius_m).toBe(250);
	expect(Math.abs(alert!.lat - centre!.lat)).toBeLessThan(0.002);
	expect(Math.abs(alert!.lng - centre!.lng)).toBeLessThan(0.003);
	await sql`delete from public.place_alerts where user_id = ${me}`;
});
