import type { Page } from '@playwright/test';
import type postgres from 'postgres';
import { insertIdea, userId } from './support/data.ts';
import { expect, signIn, test, type Account } from './support/fixtures.ts';

// The idea page shows a small map drawn from tiles: they are answered locally.

test('follow and unfollow an idea', async ({ page, sql, freshUser }) => {
	const idea = await insertIdea(sql);
	const me = await userId(sql, freshUser.email);
	const follows = () =>
		sql`select 1 from public.follows where idea_id = ${idea.id} and user_id = ${me}`;
	try {
		await signIn(page, freshUser);
		await page.goto(idea.path);
		await page.getByRole('button', { name: 'Idee folgen' }).click();
		await expect(page.getByText('Sie folgen dieser Idee.')).toBeVisible();
		expect(await follows()).toHaveLength(1);

		await page.getByRole('button', { name: 'Nicht mehr folgen' }).click();
		await expect(page.getByRole('button', { name: 'Idee folgen' })).toBeVisible();
		expect(await follows()).toHaveLength(0);
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
});

/** The reports a moderator can read through RLS (as PostgREST would run the query). */
async function reportsSeenByModerator(sql: postgres.Sql, ideaId: string, commentId?: string) {
	const moderator = await userId(sql, 'moderation@musterstadt.example');
	return sql.begin(async (tx) => {
		await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: moderator, role: 'authenticated' })}, true)`;
		await tx`set local role authenticated`;
		return tx<{ reason: string; note: string | null }[]>`
			select reason, note from public.reports
			where ${commentId ? tx`comment_id = ${commentId}` : tx`idea_id = ${ideaId}`}`;
	});
}

async function reportIdea(page: Page, sql: postgres.Sql, account: Account) {
	const idea = await insertIdea(sql);
	try {
		await signIn(page, account);
		await page.goto(idea.path);
		await page.getByText('Idee melden', { exact: true }).click();
		const send = page.getByRole('button', { name: 'Meldung senden' }).first();
		await send.click();
		await expect(page.getByText('Bitte wählen Sie einen Grund.')).toBeVisible();
		expect(await reportsSeenByModerator(sql, idea.id)).toEqual([]);

		await page.getByLabel('Anderer Grund').first().check();
		await page.getByRole('button', { name: 'Meldung senden' }).first().click();
		const note = page.getByLabel(/^Erläuterung/).first();
		await expect(note).toHaveAttribute('aria-invalid', 'true');
		await expect(note).toHaveAccessibleDescription(/Bitte erläutern Sie den Grund kurz\./);

		await page.getByLabel('Werbung oder Spam').first().check();
		await note.fill('Wirbt für einen Onlineshop.');
		await page.getByRole('button', { name: 'Meldung senden' }).first().click();
		await expect(page.getByText('Danke. Die Moderation prüft Ihre Meldung.')).toBeVisible();
		expect(await reportsSeenByModerator(sql, idea.id)).toEqual([
			{ reason: 'spam', note: 'Wirbt für einen Onlineshop.' }
		]);
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
}

test(
	'report an idea: a reason is needed, then moderators see the report',
	{ tag: '@any-screen' },
	async ({ page, sql, freshUser }) => {
		await reportIdea(page, sql, freshUser);
	}
);

test('report a comment', { tag: '@any-screen' }, async ({ page, sql, freshUser }) => {
	const idea = await insertIdea(sql);
	const [comment] = await sql<
		{ id: string }[]
	>`insert into public.comments (idea_id, author_id, body)
		values (${idea.id}, '00000000-0000-4000-a000-000000000022', 'Ein Kommentar zum Melden.')
		returning id`;
	try {
		await signIn(page, freshUser);
		await page.goto(idea.path);
		const item = page.getByRole('listitem').filter({ hasText: 'Ein Kommentar zum Melden.' });
		await item.getByText('Kommentar melden').click();
		await item.getByLabel('Beleidigend oder herabwürdigend').check();
		await item.getByRole('button', { name: 'Meldung senden' }).click();
		await expect(item.getByText('Danke. Die Moderation prüft Ihre Meldung.')).toBeVisible();
		expect(await reportsSeenByModerator(sql, idea.id, comment!.id)).toEqual([
			{ reason: 'offensive', note: null }
		]);
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
});

/** The slippy-map tile (z/y/x as in basemap.de's address) holding a point, by the OSM wiki's formula. */
function tileOf(lat: number, lng: number, zoom: number): string {
	const n = 2 ** zoom;
	const x = Math.floor(((lng + 180) / 360) * n);
	const y = Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
	return `/GLOBAL_WEBMERCATOR/${zoom}/${y}/${x}.png`;
}

async function placeOf(sql: postgres.Sql, id: string): Promise<{ lat: number; lng: number }> {
	const [row] = await sql<{ lat: number; lng: number }[]>`
		select lat, lng from public.ideas where id = ${id}`;
	return row!;
}

test('the place is a picture made of tiles; zoom buttons show more or less around it', async ({
	page,
	sql
}) => {
	const idea = await insertIdea(sql);
	try {
		const { lat, lng } = await placeOf(sql, idea.id);
		await page.goto(idea.path);
		const picture = page.getByRole('img', { name: 'Karte: Ort der Idee' });
		await expect(picture).toBeVisible();
		const tile = (zoom: number) => picture.locator(`img[src$="${tileOf(lat, lng, zoom)}"]`);
		await expect(tile(15)).toHaveCount(1);
		// The tile under the marker is in view (loaded lazily as the picture clips the rest).
		await picture.scrollIntoViewIfNeeded();
		await expect(tile(15)).toHaveJSProperty('complete', true);
		await page.getByRole('button', { name: 'Herauszoomen' }).click();
		await expect(tile(14)).toHaveCount(1);
		await expect(tile(15)).toHaveCount(0);
		await page.getByRole('button', { name: 'Hineinzoomen' }).click();
		await page.getByRole('button', { name: 'Hineinzoomen' }).click();
		await expect(tile(16)).toHaveCount(1);
		// No map library on this page: the picture is the page's own markup.
		await expect(page.locator('.leaflet-container')).toHaveCount(0);
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
});

test(
	'signed out, following and reporting ask to sign in',
	{ tag: '@any-screen' },
	async ({ page, sql }) => {
		const idea = await insertIdea(sql);
		try {
			await page.goto(idea.path);
			await expect(page.getByRole('link', { name: 'Zum Folgen anmelden' })).toHaveAttribute(
				'href',
				`/anmelden?redirectTo=${encodeURIComponent(idea.path)}`
			);
			await expect(
				page.getByRole('link', { name: 'Zum Melden von Inhalten anmelden' })
			).toBeVisible();
			await expect(page.getByRole('button', { name: 'Meldung senden' })).toHaveCount(0);
		} finally {
			await sql`delete from public.ideas where id = ${idea.id}`;
		}
	}
);

test.describe('share link', { tag: '@any-screen' }, () => {
	test('copies the link where the Web Share API is missing', async ({
		page,
		context,
		sql,
		baseURL
	}) => {
		const idea = await insertIdea(sql);
		try {
			await context.grantPermissions(['clipboard-read', 'clipboard-write']);
			await page.addInitScript(() => {
				// @ts-expect-error -- removed on purpose: the fallback is what this test checks.
				delete Navigator.prototype.share;
			});
			await page.goto(idea.path);
			await expect(page.getByRole('link', { name: `${baseURL}${idea.path}` })).toBeVisible();
			await page.getByRole('button', { name: 'Link kopieren' }).click();
			await expect(page.getByText('Der Link wurde kopiert.')).toBeVisible();
			expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
				`${baseURL}${idea.path}`
			);
		} finally {
			await sql`delete from public.ideas where id = ${idea.id}`;
		}
	});

	test('uses the Web Share API where it exists', async ({ page, sql, baseURL }) => {
		const idea = await insertIdea(sql);
		try {
			await page.addInitScript(() => {
				Object.defineProperty(Navigator.prototype, 'share', {
					configurable: true,
					value: async (data: ShareData) => {
						(window as unknown as { shared: ShareData }).shared = data;
					}
				});
			});
			await page.goto(idea.path);
			await page.getByRole('button', { name: 'Teilen' }).click();
			await expect
				.poll(() => page.evaluate(() => (window as unknown as { shared?: ShareData }).shared))
				.toEqual({ title: idea.title, url: `${baseURL}${idea.path}` });
		} finally {
			await sql`delete from public.ideas where id = ${idea.id}`;
		}
	});
});

test.describe('without JavaScript', { tag: '@any-screen' }, () => {
	test.use({ javaScriptEnabled: false });

	test('the idea page shows its content and support asks to sign in', async ({
		page,
		sql,
		baseURL
	}) => {
		const idea = await insertIdea(sql);
		try {
			await page.goto(idea.path);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(idea.title);
			await expect(page.getByText('Am Nordfriedhof fehlen Ladesäulen')).toBeVisible();
			// The map of the place is drawn by the server; only the zoom buttons need JavaScript.
			const { lat, lng } = await placeOf(sql, idea.id);
			const picture = page.getByRole('img', { name: 'Karte: Ort der Idee' });
			await expect(picture.locator(`img[src$="${tileOf(lat, lng, 15)}"]`)).toHaveCount(1);
			await expect(page.getByRole('button', { name: 'Herauszoomen' })).toHaveCount(0);
			await expect(page.getByText('0 Unterstützungen', { exact: true })).toBeVisible();
			await expect(page.getByRole('link', { name: `${baseURL}${idea.path}` })).toBeVisible();
			await expect(page.getByRole('button', { name: 'Link kopieren' })).toHaveCount(0);
			await page.getByRole('link', { name: 'Zum Unterstützen anmelden' }).click();
			await expect(page).toHaveURL(
				`/anmelden?redirectTo=${encodeURIComponent(`${idea.path}?unterstuetzen#unterstuetzung`)}`
			);
		} finally {
			await sql`delete from public.ideas where id = ${idea.id}`;
		}
	});

	test.describe('with refusals', () => {
		// Without JavaScript a refused post is a page answered with 400, which Chromium logs.
		test.use({ expectedConsoleErrors: [/status of 400/] });

		test('reporting works as a plain form post', async ({ page, sql, freshUser }) => {
			await reportIdea(page, sql, freshUser);
		});
	});
});

test('the town’s answer stands right under the status, on the first screen; its measure links to the measure’s page', async ({
	page
}) => {
	await page.goto('/ideen/00000000-0000-4000-b000-000000000001');
	const answer = page.getByRole('region', { name: 'Antwort der Stadt' });
	await expect(answer).toContainText('Die Online-Terminbuchung ist beauftragt.');
	const box = (await answer.boundingBox())!;
	expect(box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height);
	const history = (await page.getByRole('heading', { name: 'Verlauf' }).boundingBox())!;
	expect(box.y).toBeLessThan(history.y);

	await page.getByRole('link', { name: 'Online-Termine und Formulare im Bürgerbüro' }).click();
	await expect(page).toHaveURL(/\/agenda\/massnahmen\/00000000-0000-4000-d000-000000000001$/);
	await expect(
		page.getByRole('heading', { level: 1, name: 'Online-Termine und Formulare im Bürgerbüro' })
	).toBeVisible();
});

test(
	'in English, what the town wrote in German is marked as German',
	{ tag: '@any-screen' },
	async ({ page, context, baseURL }) => {
		await context.addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
		await page.goto('/ideen/00000000-0000-4000-b000-000000000001');
		const answer = page.getByRole('region', { name: 'The town’s answer' });
		await expect(answer.locator('blockquote')).toHaveAttribute('lang', 'de');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	}
);

test('a mail link back from signing in to support has the button ready; a closed idea says why', async ({
	page,
	sql,
	freshUser
}) => {
	const idea = await insertIdea(sql);
	try {
		await signIn(page, freshUser);
		// Where a sign-in link by mail returns to: the button is ready, nothing is given by itself.
		await page.goto(`${idea.path}?unterstuetzen#unterstuetzung`);
		await expect(
			page.getByText('Sie sind angemeldet. Ein Klick, und Ihre Unterstützung zählt:')
		).toBeVisible();
		await expect(page.getByRole('button', { name: 'Idee unterstützen' })).toBeFocused();
		await expect(page.locator('#support-count')).toHaveText('0 Unterstützungen');
		await page.keyboard.press('Enter');
		await expect(page.locator('#support-count')).toHaveText('1 Unterstützung');

		await sql`update public.ideas set status = 'in_progress' where id = ${idea.id}`;
		// Signed out, the box says why no support is collected instead of offering a sign-in.
		await page.context().clearCookies();
		await page.goto(idea.path);
		await expect(page.getByRole('link', { name: 'Zum Unterstützen anmelden' })).toHaveCount(0);
		await expect(
			page.getByText(
				'Die Stadt setzt diese Idee schon um; Unterstützung wird nicht mehr gesammelt.',
				{
					exact: false
				}
			)
		).toBeVisible();
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
});
