import { randomUUID } from 'node:crypto';
import type { Browser } from '@playwright/test';
import postgres from 'postgres';
import { loadOrCreateSecrets } from '../../stack/keys.ts';
import { expect, signInWithForm, test } from './support/fixtures.ts';
import { isolatedStart, npmStart, stop } from './support/npm-start.ts';
import { comment } from './support/offline.ts';
import { blockTiles } from './support/tiles.ts';
import { fillWizard } from './support/wizard.ts';

/**
 * The README's quick start, as a newcomer runs it: `npm start` with nothing but the variables the
 * README documents (a free PORT, a throw-away STACK_DATA_DIR and free stack ports, so a developer's
 * own stack on this machine is left alone), then Chromium at the URL it prints. Run twice on the
 * same data: the second start of a database is what every town has after its first restart.
 */

const DEMO = { email: 'buergerin@musterstadt.example', password: 'stadtidee-demo' };

/** Signs in at the printed URL, supports the idea, comments on it, submits an idea. */
async function useTheApp(browser: Browser, url: string, ideaId: string) {
	const context = await browser.newContext({ baseURL: url, locale: 'de-DE' });
	await blockTiles(context);
	const page = await context.newPage();
	try {
		await signInWithForm(page, { ...DEMO, displayName: '' });

		await page.goto(`/ideen/${ideaId}`);
		await page.getByRole('button', { name: 'Idee unterstützen' }).click();
		await expect(page.getByText('Sie unterstützen diese Idee.')).toBeVisible();

		const text = `Aus dem README ${randomUUID()}`;
		await comment(page, text);
		await expect(
			page.getByRole('main').getByRole('listitem').filter({ hasText: text })
		).toBeVisible();

		const newTitle = `Ladesäulen am Bahnhof ${randomUUID().slice(0, 8)}`;
		await fillWizard(page, {
			district: 'Altstadt',
			title: newTitle,
			body: 'Für E-Autos und E-Bikes, mit Ökostrom.',
			field: 'infrastruktur'
		});
		await page.getByRole('button', { name: 'Idee einreichen' }).click();
		await expect(page.getByRole('heading', { name: /^Danke! Ihre Idee/ })).toBeVisible();
		return { text, newTitle };
	} finally {
		await context.close();
	}
}

test('the quick start: npm start, then sign in, support, comment and submit at the printed URL, twice on the same data', async ({
	browser
}, testInfo) => {
	test.skip(testInfo.project.name !== 'desktop', 'one run of npm start is enough: not per device');
	test.setTimeout(360_000);
	const { data, env, port, dbPort } = await isolatedStart();
	try {
		for (let round = 0; round < 2; round += 1) {
			const started = await npmStart(env);
			let stopped = false;
			const { dbPassword } = await loadOrCreateSecrets(data.path);
			const sql = postgres(`postgres://postgres:${dbPassword}@127.0.0.1:${dbPort}/postgres`, {
				max: 1,
				onnotice: () => {}
			});
			try {
				expect(started.url).toBe(`http://localhost:${port}`);
				// Quiet and honest: no runtime warnings (supabase-js printed one per process on Node 20).
				expect(started.output.join('')).not.toMatch(/deprecat|ExperimentalWarning|\bWarning:/i);
				const [user] = await sql<{ id: string }[]>`
					select id from auth.users where email = ${DEMO.email}`;
				// A published idea open for support that this person does not support yet.
				const [idea] = await sql<{ id: string }[]>`
					select i.id from public.ideas i
					where i.status = 'published' and not exists (
						select 1 from public.votes v where v.idea_id = i.id and v.user_id = ${user!.id})
					order by i.created_at desc, i.id limit 1`;
				const done = await useTheApp(browser, started.url, idea!.id);
				const rows = await sql<{ what: string; n: number }[]>`
						select 'vote' as what, count(*)::int as n from public.votes
						where idea_id = ${idea!.id} and user_id = ${user!.id}
						union all
						select 'comment', count(*)::int from public.comments
						where idea_id = ${idea!.id} and author_id = ${user!.id} and body = ${done.text}
						union all
						select 'idea', count(*)::int from public.ideas
						where title = ${done.newTitle} and author_id = ${user!.id}`;
				expect(rows).toEqual([
					{ what: 'vote', n: 1 },
					{ what: 'comment', n: 1 },
					{ what: 'idea', n: 1 }
				]);
				// A restart must not open what the migrations closed (it once re-granted everything).
				const [role] = await sql<{ writable: boolean }[]>`
						select has_column_privilege('authenticated', 'public.profiles', 'role', 'update')
						as writable`;
				expect(role!.writable).toBe(false);
			} finally {
				await sql.end();
				stopped = await stop(started);
			}
			expect(stopped, `npm start left processes behind\n${started.output.join('')}`).toBe(true);
		}
	} finally {
		await data.remove();
	}
});
