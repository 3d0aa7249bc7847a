/**
 * npm run bench:staff -- [--ideas 100000] [--requests 200] [--data-dir DIR]
 *
 * The staff console's budget: with --ideas ideas, the triage table's first page and each filter
 * change answer in under 200 ms at p95, server time. Measured as the RPC the page load calls,
 * staff_list_ideas(), through the real API path (gateway → PostgREST → PostgreSQL) with a staff
 * member's JWT, one client, sequential requests, after a warm-up. Starts an isolated stack (a
 * throw-away data directory, or --data-dir to keep it between runs), fills it with seed:large,
 * gives a quarter of the ideas a department, priority and tag (triage data the seed lacks), then
 * prints percentiles per view. Results go into docs/benchmarks.md by hand, with the command.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { startStack } from '../stack/index.ts';
import { seedLarge } from './seed-large.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUDGET_MS = 200;

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

const IDEAS = Number(arg('ideas') ?? 100_000);
const REQUESTS = Number(arg('requests') ?? 200);

/** The views a staff member clicks through: presets, single filters, sorts, search, deep pages. */
const VIEWS: [name: string, body: Record<string, unknown>][] = [
	['first page (newest)', {}],
	['status = published', { filters: { statuses: ['published'] } }],
	[
		'status = under_review, by support',
		{ filters: { statuses: ['under_review'] }, sort: 'vote_count' }
	],
	['preset: new without department', { filters: { statuses: ['published'], department: 'none' } }],
	['field = mobilitaet', { filters: { field: 'mobilitaet' } }],
	['district = altstadt', { filters: { district: 'altstadt' } }],
	['department = 1', { filters: { department: '1' } }],
	['kind = location_need', { filters: { kind: 'location_need' } }],
	['priority = urgent', { filters: { priority: 'urgent' } }],
	['tag = pruefen', { filters: { tag: 'pruefen' } }],
	['date range (one month)', { filters: { from: '2026-03-01', to: '2026-03-31' } }],
	['support 5–20', { filters: { min_support: 5, max_support: 20 } }],
	['text "Glasfaser"', { filters: { q: 'Glasfaser' } }],
	['text with typo "Bibliotek"', { filters: { q: 'Bibliotek' } }],
	[
		'combined: field + status + support',
		{
			filters: { field: 'bildung', statuses: ['published', 'under_review'], min_support: 2 },
			sort: 'vote_count'
		}
	],
	['sort by support (all)', { sort: 'vote_count' }],
	['sort by title (all)', { sort: 'title', descending: false }],
	['sort by status (all)', { sort: 'status' }],
	['sort by priority (all)', { sort: 'priority' }],
	['sort by last status change', { sort: 'status_changed_at' }],
	['page 20 (offset 950)', { skip: 950 }]
];

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
	const keep = arg('data-dir');
	const dataDir = keep ?? (await mkdtemp(join(tmpdir(), 'stadtidee-bench-')));
	console.log(
		`bench:staff — ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, data in ${dataDir}`
	);
	const stack = await startStack({ rootDir: ROOT, dataDir, log: () => {} });
	const sql = postgres(stack.dbUrl, { max: 2, onnotice: () => {} });
	try {
		const [{ n } = { n: 0 }] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from public.ideas`;
		if (n < IDEAS) await seedLarge(sql, { ideas: IDEAS - n, users: 2000, votesPerIdea: 3 });
		const [{ triaged } = { triaged: 0 }] = await sql<{ triaged: number }[]>`
			select count(*)::int as triaged from public.ideas where department_id is not null`;
		if (triaged < IDEAS / 10) {
			// Triage data for the department, priority and tag filters: every fourth idea.
			await sql`update public.ideas i set
				department_id = (select d.id from public.departments d order by d.id
					offset (abs(hashtext(i.id::text)) % (select count(*) from public.departments)) limit 1),
				priority = (array['low', 'medium', 'high', 'urgent'])[1 + abs(hashtext(i.title)) % 4]::public.idea_priority,
				tags = array['pruefen']
				where abs(hashtext(i.id::text)) % 4 = 0 and i.status not in ('hidden', 'merged')`;
			await sql`vacuum analyze public.ideas`;
		}
		const [{ total } = { total: 0 }] = await sql<{ total: number }[]>`
			select count(*)::int as total from public.ideas`;
		const [staff] = await sql<{ id: string }[]>`
			select p.id from public.profiles p join auth.users u on u.id = p.id
			 where u.email = 'verwaltung@musterstadt.example'`;
		if (!staff) throw new Error('the seed has no staff account verwaltung@musterstadt.example');
		const now = Math.floor(Date.now() / 1000);
		const token = await new SignJWT({
			sub: staff.id,
			role: 'authenticated',
			aud: 'authenticated',
			is_anonymous: false
		})
			.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
			.setIssuedAt(now)
			.setExpirationTime(now + 3600)
			.sign(new TextEncoder().encode(stack.jwtSecret));
		console.log(`ideas in the database: ${total.toLocaleString('en')}; API ${stack.apiUrl}`);
		console.log(
			`staff_list_ideas through the gateway as staff, page size 50, ${REQUESTS} requests per view after 20 warm-up:\n`
		);

		const call = async (body: Record<string, unknown>): Promise<number> => {
			const t = performance.now();
			const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/staff_list_ideas`, {
				method: 'POST',
				headers: {
					apikey: stack.publishableKey,
					authorization: `Bearer ${token}`,
					'content-type': 'application/json'
				},
				body: JSON.stringify({ page_size: 50, ...body })
			});
			const text = await res.text();
			if (!res.ok) throw new Error(`staff_list_ideas ${res.status}: ${text}`);
			return performance.now() - t;
		};

		let worst = 0;
		const all: number[] = [];
		for (const [name, body] of VIEWS) {
			for (let i = 0; i < 20; i++) await call(body);
			const times: number[] = [];
			for (let i = 0; i < REQUESTS; i++) times.push(await call(body));
			times.sort((a, b) => a - b);
			all.push(...times);
			const p95 = percentile(times, 0.95);
			worst = Math.max(worst, p95);
			console.log(
				`${name.padEnd(38)} p50 ${percentile(times, 0.5).toFixed(1).padStart(6)}  p95 ${p95.toFixed(1).padStart(6)}  max ${times[times.length - 1]!.toFixed(1).padStart(6)} ms`
			);
		}
		all.sort((a, b) => a - b);
		console.log(
			`\nall views: p50 ${percentile(all, 0.5).toFixed(1)} ms, p95 ${percentile(all, 0.95).toFixed(1)} ms; worst view p95 ${worst.toFixed(1)} ms (budget ${BUDGET_MS} ms)`
		);
		if (worst >= BUDGET_MS) process.exitCode = 1;
	} finally {
		await sql.end();
		await stack.stop();
		if (!keep) await rm(dataDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
