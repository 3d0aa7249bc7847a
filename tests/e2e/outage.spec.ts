import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { loadOrCreateSecrets } from '../../stack/keys.ts';
import { expect, signInWithForm, test } from './support/fixtures.ts';
import { isolatedStart, npmStart, stop } from './support/npm-start.ts';
import { comment, controlled, waiting } from './support/offline.ts';
import { blockTiles } from './support/tiles.ts';

/**
 * The backend goes away while people use the app: PostgREST, then PostgreSQL, each stopped (frozen:
 * connections hang, as with a dead database host) for a while and then ended, so the stack starts
 * it again. Meanwhile visitors keep loading pages and a signed-in person comments and supports.
 * The app server is the one `npm start` started, and stays the same process throughout.
 */

const DEMO = { email: 'buergerin@musterstadt.example', password: 'stadtidee-demo' };
const AWAY_MS = 12_000;

/** The process and its children (a PostgreSQL server's backends), from /proc. */
function processTree(root: number): number[] {
	const children = readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.filter((entry) => {
			try {
				// Field 4 of /proc/<pid>/stat is the parent's pid (after the command in parentheses).
				const stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
				return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === root;
			} catch {
				return false;
			}
		})
		.map(Number);
	return [root, ...children];
}

/** Sends a signal to each process; one that has ended meanwhile (a backend closing) is skipped. */
const signal = (pids: number[], name: NodeJS.Signals) => {
	for (const pid of pids) {
		try {
			process.kill(pid, name);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
		}
	}
};

/** Visitors loading pages in a loop; every answer's status, and any 5xx other than our 503. */
function visitors(url: string, paths: string[]) {
	const statuses: number[] = [];
	const wrong: string[] = [];
	let running = true;
	const visit = async (path: string) => {
		while (running) {
			const response = await fetch(new URL(path, url), {
				headers: { accept: 'text/html', 'accept-language': 'de' },
				signal: AbortSignal.timeout(15_000)
			}).catch(() => null);
			if (!response) {
				wrong.push(`${path}: no answer`);
				continue;
			}
			const body = await response.text();
			statuses.push(response.status);
			const translated = body.includes('<h1>Vorübergehend nicht erreichbar</h1>');
			if (
				response.status >= 500 &&
				(response.status !== 503 || !translated || /\bat \S+:\d+/.test(body))
			) {
				wrong.push(`${path}: ${response.status} ${body.slice(0, 200)}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 300));
		}
	};
	const all = Promise.all(paths.map(visit));
	return {
		statuses,
		wrong,
		stop: async () => {
			running = false;
			await all;
		}
	};
}

/** Milliseconds from now until the start page answers 200 again. */
async function untilWorking(url: string): Promise<number> {
	const started = Date.now();
	while (Date.now() - started < 60_000) {
		const status = await fetch(url, { signal: AbortSignal.timeout(10_000) })
			.then((response) => response.status)
			.catch(() => 0);
		if (status === 200) return Date.now() - started;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return Infinity;
}

/** Resolves once `npm start`'s output has a line matching `pattern` (the stack's restart notes). */
async function printed(output: string[], pattern: RegExp): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (!pattern.test(output.join('')) && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	expect(output.join('')).toMatch(pattern);
}

test('the backend goes away and comes back: translated 503s, nothing acknowledged lost, working again within 10 s', async ({
	browser
}) => {
	test.setTimeout(300_000);
	const { data, env, dbPort } = await isolatedStart();
	const started = await npmStart(env);
	const { dbPassword } = await loadOrCreateSecrets(data.path);
	const dbUrl = `postgres://postgres:${dbPassword}@127.0.0.1:${dbPort}/postgres`;
	const context = await browser.newContext({ baseURL: started.url, locale: 'de-DE' });
	try {
		const pids = JSON.parse(readFileSync(join(data.path, 'stack.json'), 'utf8')) as {
			pids: { postgres: number; postgrest: number };
		};
		const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
		const [idea] = await sql<{ id: string }[]>`
			select id from public.ideas where status = 'published' order by created_at, id limit 1`;
		const [user] = await sql<
			{ id: string }[]
		>`select id from auth.users where email = ${DEMO.email}`;
		await sql`delete from public.votes where idea_id = ${idea!.id} and user_id = ${user!.id}`;
		await sql.end();

		await blockTiles(context);
		const page = await context.newPage();
		await signInWithForm(page, { ...DEMO, displayName: '' });
		await page.goto(`/ideen/${idea!.id}`);
		// A returning visitor's installed app: the worker runs and keeps a copy of the page.
		await controlled(page);
		await page.reload();
		/** Rows of this person's on the idea, read with a connection of its own (the database restarts). */
		const rows = async (what: 'comment' | 'vote', text = '') => {
			const db = postgres(dbUrl, { max: 1, onnotice: () => {} });
			try {
				const [row] =
					what === 'comment'
						? await db<{ n: number }[]>`select count(*)::int as n from public.comments
							where idea_id = ${idea!.id} and author_id = ${user!.id} and body = ${text}`
						: await db<{ n: number }[]>`select count(*)::int as n from public.votes
							where idea_id = ${idea!.id} and user_id = ${user!.id}`;
				return row!.n;
			} finally {
				await db.end();
			}
		};
		const paths = ['/', `/ideen/${idea!.id}`, '/agenda', '/anmelden'];
		const load = visitors(started.url, paths);

		// PostgREST stops answering.
		signal([pids.pids.postgrest], 'SIGSTOP');
		const health = await fetch(new URL('/healthz', started.url));
		expect(health.status).toBe(503);
		expect(await health.json()).toEqual({ status: 'error', database: 'error' });
		const english = await fetch(started.url, {
			headers: { accept: 'text/html', 'accept-language': 'en' }
		});
		expect(english.status).toBe(503);
		expect(await english.text()).toContain('<h1>Temporarily unavailable</h1>');
		// A comment written now waits on the device, as in a dead network.
		const text = `Während der Störung ${randomUUID()}`;
		await comment(page, text);
		await expect(waiting(page, 1)).toBeVisible({ timeout: 15_000 });
		await new Promise((resolve) => setTimeout(resolve, AWAY_MS));
		// Then it is ended, and the stack starts it again.
		signal([pids.pids.postgrest], 'SIGKILL');
		await printed(started.output, /postgrest running again/);
		const afterPostgrest = await untilWorking(started.url);
		expect(afterPostgrest).toBeLessThanOrEqual(10_000);
		// The outbox sends it by itself, once.
		await expect.poll(() => rows('comment', text), { timeout: 30_000 }).toBe(1);
		await expect(waiting(page, 1)).toBeHidden();

		// PostgreSQL stops, with every backend.
		const database = processTree(pids.pids.postgres);
		signal(database, 'SIGSTOP');
		await expect
			.poll(async () => (await fetch(new URL('/healthz', started.url))).status, { timeout: 15_000 })
			.toBe(503);
		await page.getByRole('button', { name: 'Idee unterstützen' }).click();
		await expect(waiting(page, 1)).toBeVisible({ timeout: 15_000 });
		await new Promise((resolve) => setTimeout(resolve, AWAY_MS));
		// Then it is shut down (fast), and the stack starts it again.
		signal(database, 'SIGCONT');
		signal([pids.pids.postgres], 'SIGINT');
		await printed(started.output, /postgres running again/);
		const afterPostgres = await untilWorking(started.url);
		expect(afterPostgres).toBeLessThanOrEqual(10_000);
		await expect.poll(() => rows('vote'), { timeout: 30_000 }).toBe(1);
		await expect(waiting(page, 1)).toBeHidden();
		await load.stop();

		// What people meant, once each; pages never failed with anything but the translated 503.
		expect(load.wrong).toEqual([]);
		expect(load.statuses).toContain(503);
		for (const path of paths) expect((await fetch(new URL(path, started.url))).status).toBe(200);
		expect([await rows('comment', text), await rows('vote')]).toEqual([1, 1]);
		// The app server was never restarted: npm start (and the app it runs) is the same process.
		expect(started.process.exitCode).toBeNull();
		expect(started.output.join('')).not.toMatch(/stopped unexpectedly/);
		test.info().annotations.push({
			type: 'recovery',
			description: `working again ${afterPostgrest} ms after PostgREST, ${afterPostgres} ms after PostgreSQL`
		});
	} finally {
		await context.close();
		await stop(started);
		await data.remove();
		// What the stack and the app said, for a failure's report.
		await test.info().attach('npm start output', { body: started.output.join('') });
	}
});
