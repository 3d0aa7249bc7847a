/**
 * npm run bench:report -- [--ideas 100000] [--data-dir DIR] [--runs 3] [--out report.pdf]
 *
 * The status report's budget: with --ideas ideas, /verwaltung/bericht.pdf (the whole period, every
 * field and department: the largest report) renders in under 5 s, with the app's memory bounded.
 * Starts an isolated stack (a throw-away data directory, or --data-dir to keep it between runs),
 * fills it with seed:large, gives every fourth idea a department and every third an official
 * answer some days after it came in (the seed has neither), builds the app if stale and starts it
 * (adapter-node), signs a staff account in, then fetches the PDF and the printable page --runs
 * times each, sampling the app's resident memory (VmRSS) every 50 ms and reading its peak (VmHWM)
 * at the end. Also times report_figures() alone in the database. Results go into
 * docs/benchmarks.md by hand, with the command. --out keeps the last PDF, to look at.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { superviseChild } from '../stack/child.ts';
import { startStack } from '../stack/index.ts';
import { freePort } from '../stack/ports.ts';
import { signInCookie, startBuiltApp } from './bench-app.ts';
import { buildIfStale } from './build.ts';
import { seedLarge } from './seed-large.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUDGET_MS = 5000;
const BUDGET_MB = 200;

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

const IDEAS = Number(arg('ideas') ?? 100_000);
const RUNS = Number(arg('runs') ?? 3);

async function memory(pid: number): Promise<{ rss: number; hwm: number }> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

async function main(): Promise<void> {
	const keep = arg('data-dir');
	const dataDir = keep ?? (await mkdtemp(join(tmpdir(), 'stadtidee-bench-report-')));
	console.log(
		`bench:report — ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, data in ${dataDir}`
	);
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const [stack] = await Promise.all([
		startStack({ rootDir: ROOT, dataDir, siteUrl: origin, log: () => {} }),
		buildIfStale((line) => console.error(line))
	]);
	const sql = postgres(stack.dbUrl, { max: 2, onnotice: () => {} });
	let app: ReturnType<typeof superviseChild> | undefined;
	try {
		const [{ n } = { n: 0 }] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from public.ideas`;
		if (n < IDEAS) await seedLarge(sql, { ideas: IDEAS - n, users: 2000, votesPerIdea: 3 });
		const [{ routed } = { routed: 0 }] = await sql<{ routed: number }[]>`
			select count(*)::int as routed from public.ideas where department_id is not null`;
		if (routed < IDEAS / 10) {
			await sql`update public.ideas i set department_id = (select d.id from public.departments d
					order by d.id offset (abs(hashtext(i.id::text)) % (select count(*) from public.departments)) limit 1)
				where abs(hashtext(i.id::text)) % 4 = 0`;
			// Official answers 1–30 days after an idea came in, for every third public idea.
			await sql`insert into public.idea_events (idea_id, kind, body, created_at)
				select i.id, 'answer', 'Wir prüfen Ihre Idee.',
				       i.created_at + (1 + abs(hashtext(i.title || i.id)) % 30) * interval '1 day'
				  from public.ideas i
				 where abs(hashtext(i.id::text)) % 3 = 0 and i.status not in ('submitted', 'hidden')`;
			await sql`vacuum analyze public.ideas, public.idea_events`;
		}
		const [counts] = await sql<{ ideas: number; answers: number; measures: number }[]>`
			select (select count(*)::int from public.ideas) as ideas,
			       (select count(*)::int from public.idea_events where kind = 'answer') as answers,
			       (select count(*)::int from public.measures) as measures`;

		const email = `bench-report-${Date.now()}@musterstadt.example`;
		const password = 'bench-report-password';
		await sql`insert into auth.users (instance_id, id, aud, role, email, encrypted_password,
				email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
			values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated',
				'authenticated', ${email}, extensions.crypt(${password}, extensions.gen_salt('bf', 4)),
				now(), '{"provider": "email", "providers": ["email"]}'::jsonb,
				'{"display_name": "Bench Report"}'::jsonb, now(), now())`;
		const [staff] = await sql<{ id: string }[]>`update public.profiles set role = 'staff'
			where id = (select id from auth.users where email = ${email}) returning id`;

		// The database's share: report_figures() as the staff member, whole period.
		const dbTimes: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			await sql.begin(async (tx) => {
				await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: staff!.id, role: 'authenticated' })}, true)`;
				await tx`set local role authenticated`;
				const started = performance.now();
				await tx`select public.report_figures()`;
				dbTimes.push(performance.now() - started);
			});
		}

		app = await startBuiltApp(stack, port);
		const cookie = await signInCookie(origin, email, password);
		const before = await memory(app.pid);
		let peakRss = before.rss;
		const sampler = setInterval(() => {
			void memory(app!.pid).then((m) => (peakRss = Math.max(peakRss, m.rss)));
		}, 50);
		const timed = async (path: string) => {
			const times: number[] = [];
			let body = new ArrayBuffer(0);
			for (let i = 0; i < RUNS; i++) {
				const started = performance.now();
				const response = await fetch(`${origin}${path}`, { headers: { cookie } });
				if (!response.ok) throw new Error(`${path} failed: ${response.status}`);
				body = await response.arrayBuffer();
				times.push(performance.now() - started);
			}
			return { times, bytes: body.byteLength, body };
		};
		const pdf = await timed('/verwaltung/bericht.pdf');
		const page = await timed('/verwaltung/bericht');
		const out = arg('out');
		if (out) await writeFile(out, new Uint8Array(pdf.body));
		clearInterval(sampler);
		const after = await memory(app.pid);
		peakRss = Math.max(peakRss, after.rss);

		const fmt = (times: number[]) =>
			`${times.map((t) => t.toFixed(0)).join(' / ')} ms (worst ${Math.max(...times).toFixed(0)} ms)`;
		console.log(
			`data: ${counts!.ideas.toLocaleString('en')} ideas, ${counts!.answers.toLocaleString('en')} answers, ${counts!.measures} measures`
		);
		console.log(`report_figures() in the database: ${fmt(dbTimes)}`);
		console.log(`PDF (${(pdf.bytes / 1024).toFixed(0)} KB): ${fmt(pdf.times)}`);
		console.log(`printable page (${(page.bytes / 1024).toFixed(0)} KB): ${fmt(page.times)}`);
		console.log(
			`app RSS: ${before.rss.toFixed(0)} MB before, peak ${peakRss.toFixed(0)} MB sampled, kernel high-water mark ${after.hwm.toFixed(0)} MB (budget ${BUDGET_MB} MB)`
		);
		const worst = Math.max(...pdf.times, ...page.times);
		if (worst > BUDGET_MS || after.hwm > BUDGET_MB) {
			console.error(`over budget: ${worst.toFixed(0)} ms, ${after.hwm.toFixed(0)} MB`);
			process.exitCode = 1;
		}
	} finally {
		await app?.stop();
		await sql.end();
		await stack.stop();
		if (!keep) await rm(dataDir, { recursive: true, force: true });
	}
}

await main();
