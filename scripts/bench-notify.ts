/**
 * npm run bench:notify -- [--supporters 10000] [--digest 100000] [--data-dir DIR]
 *
 * The notification budgets of issue 21, on an isolated stack (a throw-away data directory, or
 * --data-dir to keep it between runs):
 *
 * 1. A status change on an idea with --supporters supporters who all chose instant mail: the time
 *    until every in-app notification exists and every mail is handed to SMTP (the stack's sink),
 *    budget 60 s; the worker runs as its own process (`npm run worker`), its resident memory
 *    sampled from /proc every 100 ms, budget 200 MB.
 * 2. A daily digest for --digest people (one notification each, default preferences): the time to
 *    plan and send them all and the worker's memory over the run (flat: it streams in batches).
 *
 * Prints the numbers; they go into docs/benchmarks.md by hand.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres, { type Sql } from 'postgres';
import { startStack } from '../stack/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

const SUPPORTERS = Number(arg('supporters') ?? 10_000);
const DIGEST = Number(arg('digest') ?? 100_000);

async function rssMb(pid: number): Promise<number> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
	return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** `count` people with confirmed addresses, made in SQL (no password: they never sign in). */
async function people(sql: Sql, prefix: string, count: number): Promise<void> {
	await sql`insert into auth.users (instance_id, id, aud, role, email, email_confirmed_at,
			raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
		select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated',
			'authenticated', ${prefix} || n || '@bench.musterstadt.example', now(),
			'{"provider": "email", "providers": ["email"]}'::jsonb,
			jsonb_build_object('display_name', 'Bench ' || n), now(), now()
		  from generate_series(1, ${count}::int) n`;
}

async function until(what: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await what()) return true;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return false;
}

async function main(): Promise<void> {
	const keep = arg('data-dir');
	const dataDir = keep ?? (await mkdtemp(join(tmpdir(), 'stadtidee-bench-notify-')));
	console.log(
		`bench:notify — ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, data in ${dataDir}`
	);
	const stack = await startStack({ rootDir: ROOT, dataDir, log: () => {} });
	const sql = postgres(stack.dbUrl, { max: 2, onnotice: () => {} });
	const appUrl = 'https://stadtidee.example';
	// Exactly what `npm run worker` runs (its node flags included), as a process of its own.
	const [command, ...args] = (
		JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
			scripts: Record<string, string>;
		}
	).scripts.worker!.split(' ');
	if (command !== 'node') throw new Error('bench:notify: npm run worker must run node');
	const worker = spawn(process.execPath, args, {
		cwd: ROOT,
		env: {
			...process.env,
			NOTIFIER_DATABASE_URL: stack.notifierUrl,
			SMTP_URL: stack.mail.url,
			APP_URL: appUrl
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	let peak = 0;
	const sampler = setInterval(() => {
		void rssMb(worker.pid!).then((mb) => (peak = Math.max(peak, mb)));
	}, 100);
	try {
		// 1. One status change, SUPPORTERS supporters on instant mail.
		const tag = `n${Date.now()}-`;
		await people(sql, tag, SUPPORTERS);
		// A copy of a published seed idea (a place inside the town), for this run alone.
		const [idea] = await sql<{ id: string }[]>`
			insert into public.ideas (author_id, title, body, field_slug, lat, lng, status)
			select author_id, 'Bench: ' || title, body, field_slug, lat, lng, 'published'
			  from public.ideas where status = 'published' order by created_at limit 1
			returning id`;
		await sql`insert into public.votes (idea_id, user_id)
			select ${idea!.id}, u.id from auth.users u where u.email like ${tag + '%'}`;
		await sql`insert into public.notification_preferences (user_id, kind, mail)
			select u.id, 'status_changed', 'instant' from auth.users u where u.email like ${tag + '%'}`;
		await new Promise((resolve) => setTimeout(resolve, 2000)); // the worker idles
		const idle = await rssMb(worker.pid!);
		peak = idle;
		const before = stack.mail.outbox.received;
		const started = performance.now();
		await sql`insert into public.idea_events (idea_id, kind, from_status, to_status)
			values (${idea!.id}, 'status_change', 'published', 'planned')`;
		const told = await until(async () => {
			const [row] = await sql<{ n: number }[]>`
				select count(*)::int as n from public.notifications where idea_id = ${idea!.id}`;
			return row!.n >= SUPPORTERS;
		}, 300_000);
		const inApp = (performance.now() - started) / 1000;
		const mailed = await until(
			async () => stack.mail.outbox.received - before >= SUPPORTERS,
			300_000
		);
		const allMailed = (performance.now() - started) / 1000;
		console.log(
			`status change, ${SUPPORTERS} supporters on instant mail: in-app ${told ? inApp.toFixed(1) : '> 300'} s, ` +
				`all mails handed to SMTP ${mailed ? allMailed.toFixed(1) : '> 300'} s ` +
				`(${((stack.mail.outbox.received - before) / allMailed).toFixed(0)} mails/s; budget 60 s); ` +
				`worker RSS idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (budget 200 MB)`
		);

		// 2. A daily digest for DIGEST people, one notification each (default: daily).
		const digestTag = `d${Date.now()}-`;
		await people(sql, digestTag, DIGEST);
		await sql`insert into private.notification_events (kind, idea_id, details, created_at, fanned_out_at)
			values ('answered', ${idea!.id}, '{}', now() - interval '2 days', now())`;
		const [event] = await sql<{ id: number }[]>`
			select max(id)::int as id from private.notification_events`;
		// Written as the fan-out writes them (notifications and the mail queue), a day before the
		// window: the next plan step finds them all due.
		await sql`with made as (
				insert into public.notifications (recipient_id, event_id, kind, idea_id, created_at)
				select u.id, ${event!.id}, 'answered', ${idea!.id}, now() - interval '2 days'
				  from auth.users u where u.email like ${digestTag + '%'}
				returning id, recipient_id, kind, created_at)
			insert into private.mail_queue (notification_id, recipient_id, kind, created_at)
			select id, recipient_id, kind, created_at from made`;
		peak = await rssMb(worker.pid!);
		const digestBefore = stack.mail.outbox.received;
		const digestStarted = performance.now();
		await sql`select pg_notify('stadtidee_notifications', '')`;
		const digested = await until(
			async () => stack.mail.outbox.received - digestBefore >= DIGEST,
			1_800_000
		);
		const digestSeconds = (performance.now() - digestStarted) / 1000;
		console.log(
			`daily digest for ${DIGEST} people: ${digested ? digestSeconds.toFixed(0) : '> 1800'} s, ` +
				`${((stack.mail.outbox.received - digestBefore) / digestSeconds).toFixed(0)} mails/s; ` +
				`worker RSS peak ${peak.toFixed(0)} MB`
		);
	} finally {
		clearInterval(sampler);
		worker.kill('SIGTERM');
		await new Promise((resolve) => worker.once('exit', resolve));
		await sql.end();
		await stack.stop();
		if (!keep) await rm(dataDir, { recursive: true, force: true });
	}
}

await main();
