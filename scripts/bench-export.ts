/**
 * npm run bench:export -- [--ideas 100000] [--data-dir DIR] [--file ideen.xlsx]
 *
 * Memory budget of the staff CSV export (under 150 MB resident with 100,000 ideas):
 * starts an isolated stack (a throw-away data directory, or --data-dir to keep it between runs),
 * fills it with `seed:large` up to --ideas, builds the app if stale and starts it (adapter-node,
 * as in production), signs a staff account in through the sign-in form, downloads
 * /verwaltung/export/ideen.csv and samples the app process's resident memory (VmRSS from /proc)
 * every 50 ms, reading the kernel's peak (VmHWM) at the end. Prints rows, bytes, time and memory;
 * the numbers go into docs/benchmarks.md by hand. --file ideen.xlsx measures the XLSX instead.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
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
const BUDGET_MB = 150;

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

const IDEAS = Number(arg('ideas') ?? 100_000);
const FILE = arg('file') ?? 'ideen.csv';

/** Resident and peak resident memory of a process in MB (Linux /proc). */
async function memory(pid: number): Promise<{ rss: number; hwm: number }> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

async function main(): Promise<void> {
	const keep = arg('data-dir');
	const dataDir = keep ?? (await mkdtemp(join(tmpdir(), 'stadtidee-bench-export-')));
	console.log(
		`bench:export — ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, data in ${dataDir}`
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
		const [{ total } = { total: 0 }] = await sql<
			{ total: number }[]
		>`select count(*)::int as total from public.ideas`;

		// A staff account of its own (password hashed like the seed's demo users).
		const email = `bench-export-${Date.now()}@musterstadt.example`;
		const password = 'bench-export-password';
		await sql`insert into auth.users (instance_id, id, aud, role, email, encrypted_password,
				email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
			values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated',
				'authenticated', ${email}, extensions.crypt(${password}, extensions.gen_salt('bf', 4)),
				now(), '{"provider": "email", "providers": ["email"]}'::jsonb,
				'{"display_name": "Bench Export"}'::jsonb, now(), now())`;
		await sql`update public.profiles set role = 'staff'
			where id = (select id from auth.users where email = ${email})`;

		app = await startBuiltApp(stack, port);
		const cookie = await signInCookie(origin, email, password);

		const before = await memory(app.pid);
		let peakRss = before.rss;
		const sampler = setInterval(() => {
			void memory(app!.pid).then((m) => (peakRss = Math.max(peakRss, m.rss)));
		}, 50);
		const started = performance.now();
		const response = await fetch(`${origin}/verwaltung/export/${FILE}`, { headers: { cookie } });
		if (!response.ok || !response.body) throw new Error(`export failed: ${response.status}`);
		let bytes = 0;
		let lines = 0;
		let firstByteMs = 0;
		for await (const chunk of response.body) {
			if (!firstByteMs) firstByteMs = performance.now() - started;
			bytes += chunk.length;
			for (const byte of chunk) if (byte === 0x0a) lines++;
		}
		const seconds = (performance.now() - started) / 1000;
		clearInterval(sampler);
		const after = await memory(app.pid);
		peakRss = Math.max(peakRss, after.rss);

		console.log(`ideas in the database: ${total.toLocaleString('en')}`);
		console.log(
			`${FILE}: ${(bytes / 2 ** 20).toFixed(1)} MB, ${lines.toLocaleString('en')} line ends (header + rows + line breaks inside quoted fields)`
		);
		console.log(
			`time: ${seconds.toFixed(1)} s total, first byte after ${firstByteMs.toFixed(0)} ms`
		);
		console.log(
			`app RSS: ${before.rss.toFixed(0)} MB before, peak ${peakRss.toFixed(0)} MB sampled, kernel high-water mark ${after.hwm.toFixed(0)} MB (budget ${BUDGET_MB} MB)`
		);
		if (after.hwm > BUDGET_MB) {
			console.error(`over budget: ${after.hwm.toFixed(0)} MB > ${BUDGET_MB} MB`);
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
