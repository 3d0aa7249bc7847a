import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expectNoViolations } from './support/a11y.ts';
import { DEMO_MODERATOR, DEMO_STAFF, expect, signIn, test } from './support/fixtures.ts';
import { ideaWithPhotos, type IdeaWithPhotos, type Photo } from './support/photos.ts';

/**
 * Moderating photos in the staff console (issue 22, ADR 020): a waiting idea's photos in the
 * moderation queue, hidden with a reason and shown again; a reported photo in the report queue,
 * whose hiding closes its reports and takes it off the public; the staff idea page's photos,
 * removed for good (the worker removes their files), with and without JavaScript; axe in light and
 * dark.
 */

const MODERATOR = DEMO_MODERATOR;
const STAFF = DEMO_STAFF;
const thumbPath = (idea: IdeaWithPhotos, photo: Photo) =>
	`/ideen/${idea.id}/fotos/${photo.id}/thumb.webp`;

/** The image has loaded (the serving route answered the console with its bytes). */
async function expectLoaded(page: Page, alt: string) {
	const image = page.getByRole('img', { name: alt, exact: true }).first();
	await expect(image).toBeVisible();
	// Thumbnails load lazily: as a moderator scrolls to them.
	await image.scrollIntoViewIfNeeded();
	await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
}

async function darkAndLight(page: Page) {
	await expectNoViolations(page);
	await page.emulateMedia({ colorScheme: 'dark' });
	await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(18, 22, 25)');
	await expectNoViolations(page);
	await page.emulateMedia({ colorScheme: 'light' });
}

test.describe('photos in the moderation queue', () => {
	test('a moderator sees a waiting idea’s photos, looks at one large, hides one with a canned reason and shows it again', async ({
		page,
		freshUser,
		sql,
		stack
	}) => {
		const label = `Kennzeichen ${randomUUID().slice(0, 6)}`;
		await sql`insert into public.canned_reasons (purpose, label, body)
			values ('hide', ${label}, 'Auf dem Foto ist ein Kfz-Kennzeichen lesbar.')`;
		const idea = await ideaWithPhotos(sql, stack, freshUser, 'submitted', [
			'Der Bahnsteig ohne Netz',
			'Ein Auto vor dem Bahnhof'
		]);
		try {
			await signIn(page, MODERATOR);
			await page.goto('/verwaltung/moderation');
			const item = page.getByRole('article', { name: idea.title });
			await expect(item.getByRole('heading', { name: '2 Fotos' })).toBeVisible();
			for (const photo of idea.photos) await expectLoaded(page, photo.alt);
			await expect(item.getByRole('group', { name: 'Foto 1' })).toContainText(
				'Der Bahnsteig ohne Netz'
			);

			// The large view opens over the queue, and closes back to where it was.
			const open = item.getByRole('link', { name: 'Ein Auto vor dem Bahnhof Groß ansehen' });
			await open.click();
			const dialog = page.getByRole('dialog', { name: 'Ein Auto vor dem Bahnhof' });
			await expect(dialog).toBeVisible();
			await expect(dialog.getByRole('img', { name: 'Ein Auto vor dem Bahnhof' })).toBeVisible();
			await expectNoViolations(page);
			await dialog.getByRole('button', { name: 'Schließen' }).click();
			await expect(dialog).toBeHidden();
			await expect(open).toBeFocused();

			// Hiding needs a reason: none given, the photo stays and the field says why.
			const second = idea.photos[1]!;
			await item.getByRole('button', { name: 'Foto 2 ausblenden' }).click();
			const reason = item.getByLabel(`Begründung zum Ausblenden von Foto 2 zu „${idea.title}“`);
			await expect(reason).toHaveAccessibleDescription('Bitte geben Sie eine Begründung an.');

			await item.getByLabel(`Textbaustein für Foto 2 zu „${idea.title}“`).selectOption({ label });
			await item
				.getByRole('group', { name: 'Foto 2' })
				.getByRole('button', { name: 'Einfügen' })
				.click();
			await expect(reason).toHaveValue('Auf dem Foto ist ein Kfz-Kennzeichen lesbar.');
			await expect(reason).toBeFocused();
			await page.keyboard.press('Enter');
			await expect(
				page.getByRole('status').filter({ hasText: 'Foto ausgeblendet.' })
			).toBeVisible();
			const group = item.getByRole('group', { name: 'Foto 2' });
			await expect(group).toContainText(
				'Ausgeblendet: Auf dem Foto ist ein Kfz-Kennzeichen lesbar.'
			);
			await expect(page.locator(`#photo-${second.id}`)).toBeFocused();
			// The idea still waits for its decision.
			await expect(item).toBeVisible();
			expect(
				await sql`select hidden_reason from public.idea_photos where id = ${second.id}`
			).toEqual([{ hidden_reason: 'Auf dem Foto ist ein Kfz-Kennzeichen lesbar.' }]);
			await darkAndLight(page);

			await group.getByRole('button', { name: 'Foto 2 wieder zeigen' }).click();
			await expect(
				page.getByRole('status').filter({ hasText: 'Das Foto wird wieder gezeigt.' })
			).toBeVisible();
			await expect(group).not.toContainText('Ausgeblendet');
			expect(await sql`select hidden_at from public.idea_photos where id = ${second.id}`).toEqual([
				{ hidden_at: null }
			]);

			await page.context().addCookies([{ name: 'locale', value: 'en', url: page.url() }]);
			await page.reload();
			await expect(
				page.getByRole('article', { name: idea.title }).getByRole('button', {
					name: 'Hide photo 1'
				})
			).toBeVisible();
			await expectNoViolations(page);
		} finally {
			await sql`delete from public.ideas where id = ${idea.id}`;
			await sql`delete from public.canned_reasons where label = ${label}`;
		}
	});
});

test.describe('photos in the moderation queue without JavaScript', () => {
	test('a photo is hidden from the queue and the page comes back at it', async ({
		browser,
		freshUser,
		sql,
		stack
	}) => {
		const idea = await ideaWithPhotos(sql, stack, freshUser, 'submitted', [
			'Die Kreuzung am Rathaus'
		]);
		const photo = idea.photos[0]!;
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			await signIn(page, MODERATOR);
			await page.goto('/verwaltung/moderation');
			const item = page.getByRole('article', { name: idea.title });
			// Without JavaScript the thumbnail links to the full size.
			await expect(item.getByRole('link', { name: /Die Kreuzung am Rathaus/ })).toHaveAttribute(
				'href',
				`/ideen/${idea.id}/fotos/${photo.id}/full.webp`
			);
			await item
				.getByLabel(`Begründung zum Ausblenden von Foto 1 zu „${idea.title}“`)
				.fill('Zeigt eine Wohnung von innen');
			await item.getByRole('button', { name: 'Foto 1 ausblenden' }).click();
			await expect(page).toHaveURL(new RegExp(`#photo-${photo.id}$`));
			await expect(
				page.getByRole('status').filter({ hasText: 'Foto ausgeblendet.' })
			).toBeVisible();
			await expect(item.getByRole('group', { name: 'Foto 1' })).toContainText(
				'Ausgeblendet: Zeigt eine Wohnung von innen'
			);
			expect(
				await sql`select hidden_reason from public.idea_photos where id = ${photo.id}`
			).toEqual([{ hidden_reason: 'Zeigt eine Wohnung von innen' }]);
		} finally {
			await context.close();
			await sql`delete from public.ideas where id = ${idea.id}`;
		}
	});
});

test.describe('reported photos', () => {
	test('a reported photo is in the report queue; hiding it closes the report and takes it off the public', async ({
		page,
		playwright,
		freshUser,
		sql,
		stack
	}) => {
		const idea = await ideaWithPhotos(sql, stack, freshUser, 'published', [
			'Menschen an der Haltestelle'
		]);
		const photo = idea.photos[0]!;
		const reporter = '00000000-0000-4000-a000-000000000022';
		await sql`insert into public.reports (reporter_id, photo_id, reason, note)
			values (${reporter}, ${photo.id}, 'personal_data', 'Mein Gesicht ist zu erkennen')`;
		const visitor = await playwright.request.newContext({ baseURL: stack.appOrigin });
		try {
			expect((await visitor.get(thumbPath(idea, photo))).status()).toBe(200);
			await signIn(page, MODERATOR);
			await page.goto('/verwaltung/moderation');
			const card = page.getByRole('article', { name: `Foto zu „${idea.title}“` });
			await expect(card).toContainText('1 Meldung');
			await expect(card).toContainText('Persönliche Daten (1)');
			await expect(card).toContainText('„Mein Gesicht ist zu erkennen“');
			await expect(card.getByRole('link', { name: 'Ansehen', exact: true })).toHaveAttribute(
				'href',
				`/ideen/${idea.id}`
			);
			await expectLoaded(page, photo.alt);
			await darkAndLight(page);

			const next = await card.evaluate(
				(article) => article.closest('li')?.nextElementSibling?.querySelector('h3')?.id
			);
			await card
				.getByLabel('Begründung (sieht die Verfasserin oder der Verfasser)')
				.fill('Zeigt erkennbare Personen');
			await card.getByRole('button', { name: 'Ausblenden' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Foto ausgeblendet.' })).toHaveText(
				'Foto ausgeblendet. Die Meldungen dazu sind geschlossen; wer gemeldet hat, erfährt das Ergebnis.'
			);
			await expect(card).toHaveCount(0);
			await expect(page.locator(`#${next ?? 'reports-heading'}`)).toBeFocused();
			expect(
				await sql`select status::text, resolution_note from public.reports
					where photo_id = ${photo.id}`
			).toEqual([{ status: 'resolved', resolution_note: 'Zeigt erkennbare Personen' }]);
			// The idea stays public; its hidden photo is no longer served to anyone but its author and
			// the staff.
			expect((await visitor.get(`/ideen/${idea.id}`)).status()).toBe(200);
			expect((await visitor.get(thumbPath(idea, photo))).status()).toBe(404);
			expect((await page.request.get(thumbPath(idea, photo))).status()).toBe(200);
		} finally {
			await visitor.dispose();
			await sql`delete from public.ideas where id = ${idea.id}`;
		}
	});

	test('dismissing a photo report keeps the photo', async ({ page, freshUser, sql, stack }) => {
		const idea = await ideaWithPhotos(sql, stack, freshUser, 'published', ['Der leere Bahnsteig']);
		const photo = idea.photos[0]!;
		await sql`insert into public.reports (reporter_id, photo_id, reason)
			values ('00000000-0000-4000-a000-000000000022', ${photo.id}, 'spam')`;
		try {
			await signIn(page, MODERATOR);
			await page.goto('/verwaltung/moderation');
			const card = page.getByRole('article', { name: `Foto zu „${idea.title}“` });
			await card.getByRole('button', { name: 'Verwerfen' }).click();
			await expect(
				page.getByRole('status').filter({ hasText: 'Meldung geschlossen.' })
			).toBeVisible();
			await expect(card).toHaveCount(0);
			expect(
				await sql`select r.status::text, p.hidden_at from public.reports r
					join public.idea_photos p on p.id = r.photo_id where r.photo_id = ${photo.id}`
			).toEqual([{ status: 'dismissed', hidden_at: null }]);
		} finally {
			await sql`delete from public.ideas where id = ${idea.id}`;
		}
	});
});

test.describe('the staff idea page', () => {
	test('staff remove a photo after confirming; the worker removes its files; axe in light and dark', async ({
		page,
		freshUser,
		sql,
		stack
	}) => {
		const idea = await ideaWithPhotos(sql, stack, freshUser, 'published', [
			'Der Mast hinter dem Bahnhof',
			'Ein Schild mit Namen'
		]);
		const [first, second] = idea.photos as [Photo, Photo];
		await sql`update public.idea_photos set hidden_at = now(), hidden_reason = 'Name lesbar'
			where id = ${first.id}`;
		try {
			await signIn(page, STAFF);
			await page.goto(`/verwaltung/ideen/${idea.id}`);
			const photos = page.getByRole('region', { name: 'Fotos' });
			await expect(photos.getByRole('group', { name: 'Foto 1' })).toContainText(
				'Ausgeblendet: Name lesbar'
			);
			for (const photo of idea.photos) await expectLoaded(page, photo.alt);
			await darkAndLight(page);

			await photos.getByRole('button', { name: 'Foto 2 entfernen' }).click();
			const confirm = photos.getByRole('group', { name: 'Foto 2 endgültig entfernen?' });
			await expect(confirm).toBeVisible();
			await expect(confirm.getByRole('heading')).toBeFocused();
			// Nothing is removed before the confirmation.
			expect(await sql`select id from public.idea_photos where id = ${second.id}`).toHaveLength(1);
			await expectNoViolations(page);
			await confirm.getByRole('button', { name: 'Endgültig entfernen' }).click();
			await expect(photos.getByRole('status').filter({ hasText: 'Foto entfernt.' })).toBeVisible();
			await expect(page.locator('#photos-heading')).toBeFocused();
			await expect(photos.getByRole('group', { name: 'Foto 2' })).toHaveCount(0);
			expect(await sql`select id from public.idea_photos where id = ${second.id}`).toEqual([]);
			// Its files were queued (or are gone already): the worker removes them through Storage.
			await expect
				.poll(
					async () =>
						(
							await sql`select name from storage.objects
								where bucket_id = 'idea-photos' and name like ${`${idea.id}/${second.id}/%`}`
						).length,
					{ timeout: 30_000 }
				)
				.toBe(0);
			expect(
				await sql`select object_name from public.storage_removals
					where object_name like ${`${idea.id}/${second.id}/%`}`
			).toEqual([]);
			const [audit] = await sql`select action from public.audit_log
				where target_id = ${second.id} order by id desc limit 1`;
			expect(audit).toEqual({ action: 'idea_photos.remove' });
			// The other photo and its files stay.
			expect(
				await sql`select count(*)::int as n from storage.objects
					where bucket_id = 'idea-photos' and name like ${`${idea.id}/${first.id}/%`}`
			).toEqual([{ n: 3 }]);
		} finally {
			await sql`delete from public.ideas where id = ${idea.id}`;
		}
	});

	test('without JavaScript, staff show a hidden photo again, hide it, and remove one after confirming', async ({
		browser,
		freshUser,
		sql,
		stack
	}) => {
		const idea = await ideaWithPhotos(sql, stack, freshUser, 'published', [
			'Die Antenne auf dem Dach',
			'Der Wartebereich am Gleis'
		]);
		const [first, second] = idea.photos as [Photo, Photo];
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		try {
			await signIn(page, STAFF);
			await page.goto(`/verwaltung/ideen/${idea.id}`);
			const photos = page.getByRole('region', { name: 'Fotos' });
			await photos
				.getByLabel(
					'Begründung zum Ausblenden von Foto 1 (sieht die Verfasserin oder der Verfasser)'
				)
				.fill('Zeigt ein Privatgrundstück');
			await photos.getByRole('button', { name: 'Foto 1 ausblenden' }).click();
			await expect(page).toHaveURL(new RegExp(`#photo-${first.id}$`));
			await expect(photos.getByRole('status')).toHaveText('Foto ausgeblendet.');
			await expect(photos.getByRole('group', { name: 'Foto 1' })).toContainText(
				'Ausgeblendet: Zeigt ein Privatgrundstück'
			);
			await photos.getByRole('button', { name: 'Foto 1 wieder zeigen' }).click();
			await expect(photos.getByRole('status')).toHaveText('Das Foto wird wieder gezeigt.');
			expect(await sql`select hidden_at from public.idea_photos where id = ${first.id}`).toEqual([
				{ hidden_at: null }
			]);

			await photos.getByRole('button', { name: 'Foto 2 entfernen' }).click();
			await expect(page).toHaveURL(new RegExp(`#remove-${second.id}$`));
			const confirm = photos.getByRole('group', { name: 'Foto 2 endgültig entfernen?' });
			// Cancelling leaves it.
			await confirm.getByRole('link', { name: 'Abbrechen' }).click();
			await expect(confirm).toHaveCount(0);
			expect(await sql`select id from public.idea_photos where id = ${second.id}`).toHaveLength(1);
			await photos.getByRole('button', { name: 'Foto 2 entfernen' }).click();
			await confirm.getByRole('button', { name: 'Endgültig entfernen' }).click();
			await expect(photos.getByRole('status')).toHaveText(
				'Foto entfernt. Seine Dateien werden in Kürze gelöscht.'
			);
			expect(await sql`select id from public.idea_photos where id = ${second.id}`).toEqual([]);
		} finally {
			await context.close();
			await sql`delete from public.ideas where id = ${idea.id}`;
		}
	});
});
