/**
 * npm run bench:db -- [--ideas 100000] [--requests 300] [--vote-clients 32] [--votes 6000] [--votes-only]
 *                     [--data-dir DIR]
 *
 * Database benchmark through the real API path (gateway → PostgREST → PostgreSQL): starts an
 * isolated local stack (a throw-away data directory, or --data-dir to keep it between runs),
 * fills it with `seed:large` up to --ideas, then measures
 *   - ideas_in_bbox for the whole town (zoom 13) and street-level views (zoom 17, random spots),
 *   - search_ideas with everyday terms (and, separately, with typos), the list's orders
 *     (support, trending, nearest) and count_ideas (the list's total),
 *   - similar_ideas while typing,
 *   - set_vote throughput with concurrent clients (bench users; every call a real change: a new
 *     support or a withdrawal, never a replay), through the gateway and straight to PostgREST
 *     (to separate the gateway's share), and the same load against a function that returns at
 *     once (the ceiling PostgREST and the protocol leave on this machine). The load generator
 *     runs in a child process at lower CPU priority (nice 10), so on a small machine it takes
 *     CPU time from the stack only when the stack leaves some; the gateway runs in this process,
 *     as it does in the stack,
 * and prints latency percentiles, throughput and EXPLAIN ANALYZE of the map and search queries.
 * Results go into docs/benchmarks.md by hand, with the command that produced them.
 */
import { fork } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { cpus, setPriority, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { startStack } from '../stack/index.ts';
import { freePort } from '../stack/ports.ts';
import { seedLarge } from './seed-large.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function arg(name: string, fallback: number): number;
function arg(name: string): string | undefined;
function arg(name: string, fallback?: number): number | string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	const value = i >= 0 ? process.argv[i + 1] : undefined;
	if (fallback === undefined) return value;
	return value === undefined ? fallback : Number(value);
}

const IDEAS = arg('ideas', 100_000);
const REQUESTS = arg('requests', 300);
const VOTE_CLIENTS = arg('vote-clients', 32);
const VOTES = arg('votes', 6000);
const TOWN = { min_lat: 50.488, min_lng: 9.575, max_lat: 50.618, max_lng: 9.78 };
const TERMS = [
	'Glasfaser',
	'WLAN Schule',
	'Radweg',
	'Bürgerbüro online',
	'Ampel Sensoren',
	'Bibliothek',
	'Parkplatz App',
	'Spielplatz',
	'Leichte Sprache',
	'Kita barrierefrei'
];
const TYPOS = ['Glasfasr', 'Bibliotek', 'Defibrilator', 'Sperrmül', 'Bushaltstelle'];

interface Stats {
	n: number;
	errors: number;
	mean: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

function stats(times: number[], errors: number): Stats {
	const s = [...times].sort((a, b) => a - b);
	const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
	return {
		n: s.length,
		errors,
		mean: s.reduce((a, b) => a + b, 0) / s.length,
		p50: q(0.5),
		p95: q(0.95),
		p99: q(0.99),
		max: s[s.length - 1] ?? NaN
	};
}

const fmt = (ms: number) => ms.toFixed(1).padStart(7);

function printRow(name: string, st: Stats): void {
	console.log(
		`${name.padEnd(34)} n=${String(st.n).padStart(5)}  mean ${fmt(st.mean)}  p50 ${fmt(st.p50)}  p95 ${fmt(st.p95)}  p99 ${fmt(st.p99)}  max ${fmt(st.max)} ms  errors ${st.errors}`
	);
}

/**
 * A minimal HTTP/1.1 keep-alive connection, one request at a time (as wrk and similar load
 * tools do): the request is written as one string and only the status line and the body's
 * length are parsed. node:http cost the generator ~0.37 ms of CPU per call and fetch several
 * times more — on two cores that is CPU the stack under test does not get. Requests are real
 * PostgREST calls with real JWTs; a status of 400 or more counts as an error.
 */
class Connection {
	private readonly socket: Socket;
	private readonly host: string;
	private buffer: Buffer = Buffer.alloc(0);
	private waiting?: { resolve: (status: number) => void; reject: (error: Error) => void };

	constructor(base: URL) {
		this.host = base.host;
		this.socket = connect({ host: base.hostname, port: Number(base.port) });
		this.socket.setNoDelay(true);
		this.socket.on('data', (chunk: Buffer) => {
			this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
			this.parse();
		});
		this.socket.on('error', (error) => this.waiting?.reject(error));
		this.socket.on('close', () => this.waiting?.reject(new Error('connection closed')));
	}

	/** POSTs JSON to path, resolving to the response's status once the whole body arrived. */
	post(path: string, headers: string, body: string): Promise<number> {
		return new Promise((resolve, reject) => {
			this.waiting = { resolve, reject };
			this.socket.write(
				`POST ${path} HTTP/1.1\r\nhost: ${this.host}\r\n${headers}content-type: application/json\r\n` +
					`content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
			);
		});
	}

	close(): void {
		this.socket.destroy();
	}

	private parse(): void {
		const end = this.buffer.indexOf('\r\n\r\n');
		if (end < 0 || !this.waiting) return;
		const head = this.buffer.subarray(0, end).toString('latin1');
		const status = Number(head.slice(9, 12));
		const length = /\r\ncontent-length: *(\d+)/i.exec(head);
		let size: number;
		if (length) {
			size = end + 4 + Number(length[1]);
			if (this.buffer.length < size) return;
		} else {
			// Chunked: the body ends with the zero-length chunk.
			const last = this.buffer.indexOf('\r\n0\r\n\r\n', end);
			if (last < 0) return;
			size = last + 7;
		}
		this.buffer = this.buffer.subarray(size);
		const { resolve } = this.waiting;
		this.waiting = undefined;
		resolve(status);
	}
}

/** Calls an RPC over the connection, resolving to the milliseconds it took. */
async function rpcCall(
	connection: Connection,
	base: URL,
	fn: string,
	body: unknown,
	headers: string
): Promise<number> {
	const t = performance.now();
	const status = await connection.post(
		`${base.pathname.replace(/\/$/, '')}/rpc/${fn}`,
		headers,
		JSON.stringify(body)
	);
	if (status >= 400) throw new Error(`${fn}: ${status}`);
	return performance.now() - t;
}

/** The request headers of a caller: the API key and their JWT. */
const authHeaders = (apikey: string, token: string) =>
	`apikey: ${apikey}\r\nauthorization: Bearer ${token}\r\n`;

interface VoteJob {
	base: string;
	/** set_vote, or the ceiling run's function that takes the same arguments and does nothing. */
	fn: string;
	apikey: string;
	/** One client per token, each a different bench user. */
	tokens: string[];
	open: string[];
	/** Per token: the open ideas its user supports now. */
	supported: string[][];
	perClient: number;
}

interface VoteResult {
	times: number[];
	errors: number;
	seconds: number;
	/** CPU seconds the generator itself used. */
	cpu: number;
	/** Supports added minus supports withdrawn (what the votes table must show). */
	net: number;
	/** Per token: the open ideas its user supports afterwards. */
	supported: string[][];
}

/**
 * The vote load: every token a client, one request at a time, each request a real change (a
 * support of an open idea the user does not support yet, 70 %, or the withdrawal of one it does,
 * 30 %). Replays would be cheaper (they change nothing), so the generator tracks each user's
 * supports instead of voting at random.
 */
async function voteLoad(job: VoteJob): Promise<VoteResult> {
	const times: number[] = [];
	let errors = 0;
	let net = 0;
	const t0 = performance.now();
	const cpu0 = process.cpuUsage();
	const base = new URL(job.base);
	// Takes a random item out of a non-empty list.
	const pick = (list: string[]) => list.splice(Math.floor(Math.random() * list.length), 1)[0]!;
	const supported = await Promise.all(
		job.tokens.map(async (token, client) => {
			const connection = new Connection(base);
			const headers = authHeaders(job.apikey, token);
			const mine = [...(job.supported[client] ?? [])];
			const own = new Set(mine);
			const others = job.open.filter((id) => !own.has(id));
			for (let i = 0; i < job.perClient; i++) {
				const support = mine.length === 0 || (others.length > 0 && Math.random() < 0.7);
				const idea = pick(support ? others : mine);
				try {
					times.push(
						await rpcCall(connection, base, job.fn, { idea, supported: support }, headers)
					);
					(support ? mine : others).push(idea);
					net += support ? 1 : -1;
				} catch {
					(support ? others : mine).push(idea);
					errors++;
				}
			}
			connection.close();
			return mine;
		})
	);
	const cpu = process.cpuUsage(cpu0);
	return {
		times,
		errors,
		seconds: (performance.now() - t0) / 1000,
		cpu: (cpu.user + cpu.system) / 1e6,
		net,
		supported
	};
}

/**
 * CPU seconds (user + system) used so far by the given processes and, for each, its children
 * (PostgreSQL's backends are children of the postmaster). Linux /proc; clock ticks of 1/100 s.
 * Wall-clock throughput on a shared machine says more about the neighbours than about us; CPU
 * per call does not.
 */
async function cpuSeconds(roots: number[]): Promise<number> {
	const stats = new Map<number, { ppid: number; ticks: number }>();
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const text = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
		// Fields after the command name (which may contain spaces) start at ")".
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		if (fields.length < 13) continue;
		stats.set(Number(entry), {
			ppid: Number(fields[1]),
			ticks: Number(fields[11]) + Number(fields[12])
		});
	}
	let ticks = 0;
	for (const [pid, st] of stats) {
		if (roots.includes(pid) || roots.includes(st.ppid)) ticks += st.ticks;
	}
	return ticks / 100;
}

/** Runs the vote load in a child process at nice 10 (see the top of the file). */
function voteLoadInChild(job: VoteJob): Promise<VoteResult> {
	const child = fork(fileURLToPath(import.meta.url), ['--vote-worker'], {
		execArgv: ['--import', 'tsx']
	});
	return new Promise((resolve, reject) => {
		child.once('message', (result) => {
			child.kill();
			resolve(result as VoteResult);
		});
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`vote worker exited with ${code}`)));
		child.send(job);
	});
}

async function main(): Promise<void> {
	const keep = arg('data-dir');
	const dataDir = keep ?? (await mkdtemp(join(tmpdir(), 'stadtidee-bench-')));
	console.log(
		`bench:db — ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, data in ${dataDir}`
	);
	const restPort = await freePort();
	const stack = await startStack({
		rootDir: ROOT,
		dataDir,
		ports: { rest: restPort },
		log: () => {}
	});
	const sql = postgres(stack.dbUrl, { max: 2, onnotice: () => {} });
	try {
		const [{ version } = { version: '?' }] = await sql<{ version: string }[]>`select version()`;
		console.log(`PostgreSQL: ${version.split(' on ')[0]}; API ${stack.apiUrl}`);
		const [{ n } = { n: 0 }] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from public.ideas`;
		if (n < IDEAS) {
			await seedLarge(sql, { ideas: IDEAS - n, users: 2000, votesPerIdea: 3 });
		}
		const [{ total } = { total: 0 }] = await sql<
			{ total: number }[]
		>`select count(*)::int as total from public.ideas`;
		console.log(`ideas in the database: ${total.toLocaleString('en')}\n`);

		const restUrl = `${stack.apiUrl}/rest/v1`;
		const restBase = new URL(restUrl);
		const connection = new Connection(restBase);
		const anonHeaders = authHeaders(stack.publishableKey, stack.publishableKey);
		const rpc = (fn: string, body: unknown) => rpcCall(connection, restBase, fn, body, anonHeaders);
		const measure = async (name: string, make: (i: number) => [string, unknown]) => {
			for (let i = 0; i < 20; i++) await rpc(...make(i)).catch(() => 0); // warm-up
			const times: number[] = [];
			let errors = 0;
			for (let i = 0; i < REQUESTS; i++) {
				try {
					times.push(await rpc(...make(i)));
				} catch {
					errors++;
				}
			}
			printRow(name, stats(times, errors));
		};

		// --votes-only: straight to the vote runs (profiling set_vote).
		const latencies = !process.argv.includes('--votes-only');
		if (latencies) {
			console.log(`Latency, one client, sequential requests (${REQUESTS} each, after 20 warm-up):`);
			await measure('ideas_in_bbox whole town z13', () => ['ideas_in_bbox', { ...TOWN, zoom: 13 }]);
			await measure('ideas_in_bbox whole town z12', () => ['ideas_in_bbox', { ...TOWN, zoom: 12 }]);
			await measure('ideas_in_bbox street z17', () => {
				const lat = TOWN.min_lat + 0.03 + Math.random() * 0.07;
				const lng = TOWN.min_lng + 0.05 + Math.random() * 0.1;
				return [
					'ideas_in_bbox',
					{ min_lat: lat, min_lng: lng, max_lat: lat + 0.003, max_lng: lng + 0.006, zoom: 17 }
				];
			});
			await measure('ideas_in_bbox town, field filter', (i) => [
				'ideas_in_bbox',
				{ ...TOWN, zoom: 13, filters: { field: ['mobilitaet', 'bildung', 'umwelt'][i % 3] } }
			]);
			await measure('ideas_in_bbox town, kind filter', () => [
				'ideas_in_bbox',
				{ ...TOWN, zoom: 13, filters: { kind: 'idea' } }
			]);
			await measure('ideas_in_bbox town, status filter', (i) => [
				'ideas_in_bbox',
				{ ...TOWN, zoom: 13, filters: { status: ['declined', 'planned', 'implemented'][i % 3] } }
			]);
			await measure('ideas_in_bbox street z17, field', (i) => {
				const lat = TOWN.min_lat + 0.03 + Math.random() * 0.07;
				const lng = TOWN.min_lng + 0.05 + Math.random() * 0.1;
				return [
					'ideas_in_bbox',
					{
						min_lat: lat,
						min_lng: lng,
						max_lat: lat + 0.003,
						max_lng: lng + 0.006,
						zoom: 17,
						filters: { field: ['mobilitaet', 'bildung', 'umwelt'][i % 3] }
					}
				];
			});
			await measure('search_ideas (everyday terms)', (i) => [
				'search_ideas',
				{ q: TERMS[i % TERMS.length] }
			]);
			await measure('search_ideas (typos: corrected)', (i) => [
				'search_ideas',
				{ q: TYPOS[i % TYPOS.length] }
			]);
			await measure('search_ideas (no q, by votes)', () => ['search_ideas', { sort: 'votes' }]);
			await measure('search_ideas (no q, trending)', (i) => [
				'search_ideas',
				{ sort: 'trending', skip: (i % 5) * 20 }
			]);
			await measure('search_ideas (trending, field)', (i) => [
				'search_ideas',
				{ sort: 'trending', filters: { field: ['mobilitaet', 'bildung', 'umwelt'][i % 3] } }
			]);
			await measure('search_ideas (no q, nearest)', () => [
				'search_ideas',
				{
					sort: 'nearest',
					near_lat: TOWN.min_lat + 0.03 + Math.random() * 0.07,
					near_lng: TOWN.min_lng + 0.05 + Math.random() * 0.1
				}
			]);
			await measure('search_ideas (q, nearest)', (i) => [
				'search_ideas',
				{ q: TERMS[i % TERMS.length], sort: 'nearest', near_lat: 50.55, near_lng: 9.68 }
			]);
			await measure('search_ideas (q, page 5)', (i) => [
				'search_ideas',
				{ q: TERMS[i % TERMS.length], skip: 80 }
			]);
			await measure('count_ideas (everyday terms)', (i) => [
				'count_ideas',
				{ q: TERMS[i % TERMS.length] }
			]);
			await measure('count_ideas (typos)', (i) => ['count_ideas', { q: TYPOS[i % TYPOS.length] }]);
			await measure('count_ideas (no q, capped 1000)', () => ['count_ideas', {}]);
			await measure('similar_ideas (while typing)', (i) => [
				'similar_ideas',
				{ title: `${TERMS[i % TERMS.length]} am Bahnhof`, lat: 50.55, lng: 9.68 }
			]);
		}
		connection.close();

		// Votes: bench users' tokens (as the auth service would issue them), concurrent clients.
		const users = await sql<{ id: string; email: string }[]>`
			select id, email from auth.users where email like '%@bench.musterstadt.example' order by email limit ${VOTE_CLIENTS}`;
		const open = (
			await sql<
				{ id: string }[]
			>`select id from public.ideas where status in ('published', 'under_review') limit 5000`
		).map((r) => r.id);
		const key = new TextEncoder().encode(stack.jwtSecret);
		const now = Math.floor(Date.now() / 1000);
		const tokens = await Promise.all(
			users.map((u) =>
				new SignJWT({
					sub: u.id,
					role: 'authenticated',
					aud: 'authenticated',
					email: u.email,
					is_anonymous: false
				})
					.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
					.setIssuedAt(now)
					.setExpirationTime(now + 3600)
					.sign(key)
			)
		);
		const perClient = Math.ceil(VOTES / tokens.length);
		const supportsNow = async () => {
			const rows = await sql<{ user_id: string; ideas: string[] }[]>`
				select v.user_id, array_agg(v.idea_id) as ideas from public.votes v
				 where v.user_id = any(${users.map((u) => u.id)}::uuid[])
				   and v.idea_id = any(${open}::uuid[])
				 group by v.user_id`;
			const byUser = new Map(rows.map((r) => [r.user_id, r.ideas]));
			return users.map((u) => byUser.get(u.id) ?? []);
		};
		let supported = await supportsNow();
		const voteRun = async (label: string, base: string, fn = 'set_vote') => {
			const pg = [stack.pids.postgres ?? -1];
			const rest = [stack.pids.postgrest];
			const cpu0 = {
				pg: await cpuSeconds(pg),
				rest: await cpuSeconds(rest),
				gateway: process.cpuUsage()
			};
			const result = await voteLoadInChild({
				base,
				fn,
				apikey: stack.publishableKey,
				tokens,
				open,
				supported,
				perClient
			});
			const gatewayUsage = process.cpuUsage(cpu0.gateway);
			const cpu = {
				pg: (await cpuSeconds(pg)) - cpu0.pg,
				rest: (await cpuSeconds(rest)) - cpu0.rest,
				gateway: (gatewayUsage.user + gatewayUsage.system) / 1e6
			};
			const n = result.times.length;
			console.log(
				`\n${fn} with ${tokens.length} concurrent clients (keep-alive HTTP/1.1, generator at nice 10), ${label}:`
			);
			printRow(fn, stats(result.times, result.errors));
			if (fn === 'set_vote') {
				// Every call was a real change: the table moved by exactly the generator's count.
				const before = supported.flat().length;
				supported = await supportsNow();
				const moved = supported.flat().length - before;
				if (moved !== result.net)
					throw new Error(`votes table moved by ${moved}, the calls by ${result.net}`);
				console.log(
					`each call a real change: ${result.net >= 0 ? '+' : ''}${result.net} supports net, as in the votes table`
				);
			}
			console.log(
				`throughput: ${(n / result.seconds).toFixed(0)} calls/s (${n} in ${result.seconds.toFixed(1)} s)`
			);
			// The gateway lives in this process (with the auth service, idle here).
			const perCall = (seconds: number) => ((seconds / n) * 1000).toFixed(3);
			const viaGateway = base === restUrl;
			const serving = cpu.pg + cpu.rest + (viaGateway ? cpu.gateway : 0);
			console.log(
				`CPU per call: PostgreSQL ${perCall(cpu.pg)} ms, PostgREST ${perCall(cpu.rest)} ms, gateway ${viaGateway ? perCall(cpu.gateway) : '—'} ms, load generator ${perCall(result.cpu)} ms; ` +
					`the serving side alone would do ${(((cpus().length / serving) * n) | 0).toLocaleString('en')} calls/s on ${cpus().length} idle cores`
			);
			return n / result.seconds;
		};
		await voteRun('through the gateway', restUrl);
		const direct = `http://127.0.0.1:${restPort}`;
		const votesPerSecond = await voteRun('straight to PostgREST', direct);
		// The ceiling: the same load against a function that takes set_vote's arguments and returns
		// at once, so what remains is PostgREST and the protocol (per request: a transaction, the
		// request's settings, the call, the commit). Created for this run only.
		await sql`create function public.bench_ceiling(idea uuid, supported boolean) returns jsonb
			language sql volatile set search_path = ''
			as $$ select jsonb_build_object('idea_id', idea, 'supported', supported) $$`;
		try {
			await sql`grant execute on function public.bench_ceiling(uuid, boolean) to authenticated`;
			await sql`notify pgrst, 'reload schema'`;
			// PostgREST reloads its schema cache on the notification; call until the function is there.
			const directUrl = new URL(direct);
			const probe = new Connection(directUrl);
			const body = { idea: open[0], supported: true };
			const headers = authHeaders(stack.publishableKey, tokens[0]!);
			const ready = () =>
				rpcCall(probe, directUrl, 'bench_ceiling', body, headers).then(
					() => true,
					() => false
				);
			for (let tries = 0; !(await ready()); tries++) {
				if (tries === 100) throw new Error('PostgREST did not pick up bench_ceiling');
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			probe.close();
			const ceiling = await voteRun('straight to PostgREST: the ceiling', direct, 'bench_ceiling');
			// This machine's speed moves with its host's load, calls/s with it; the share much less.
			console.log(
				`set_vote straight to PostgREST ran at ${(votesPerSecond / ceiling).toFixed(2)} of the ceiling (${votesPerSecond.toFixed(0)} of ${ceiling.toFixed(0)} calls/s)`
			);
		} finally {
			await sql`drop function public.bench_ceiling(uuid, boolean)`;
			await sql`notify pgrst, 'reload schema'`;
		}
		const [drift] = await sql<{ n: number }[]>`select count(*)::int as n from public.ideas i
			where i.vote_count <> (select count(*) from public.votes v where v.idea_id = i.id)`;
		console.log(`ideas whose vote_count differs from the votes table: ${drift!.n}`);

		console.log('\nEXPLAIN ANALYZE — map, whole town z13 (the cells the function reads):');
		const plan = async (query: string) => {
			const rows = await sql.begin(async (tx) => {
				await tx`set local role anon`;
				return tx.unsafe(`explain (analyze, buffers, costs off) ${query}`);
			});
			for (const r of rows) console.log('  ' + (r as Record<string, string>)['QUERY PLAN']);
		};
		await plan(
			`select * from public.ideas_in_bbox(${TOWN.min_lat}, ${TOWN.min_lng}, ${TOWN.max_lat}, ${TOWN.max_lng}, 13)`
		);
		const cells = await sql.unsafe(`explain (analyze, buffers, costs off)
			select sum(c.n), sum(c.sum_lat), sum(c.sum_lng) from private.idea_cells c
			where c.zoom = 13 and c.kind = any ('{idea,location_need}')
			and c.cx between floor(${TOWN.min_lng} / private.cell_lng(13))::integer and floor(${TOWN.max_lng} / private.cell_lng(13))::integer
			and c.cy between floor(${TOWN.min_lat} / private.cell_lat(13))::integer and floor(${TOWN.max_lat} / private.cell_lat(13))::integer
			and c.n > 0 group by c.cx, c.cy`);
		for (const r of cells) console.log('  ' + (r as Record<string, string>)['QUERY PLAN']);
		console.log('\nEXPLAIN ANALYZE — map, street level z17 (points query inside the function):');
		const st = await sql.unsafe(`explain (analyze, buffers, costs off)
			select i.id, i.lat, i.lng, i.title from public.ideas i
			where i.location <@ box(point(9.675, 50.552), point(9.681, 50.555))
			and i.status = any ('{published,under_review,accepted,planned,in_progress,implemented}')
			order by i.vote_count desc, i.id limit 1000`);
		for (const r of st) console.log('  ' + (r as Record<string, string>)['QUERY PLAN']);
		console.log(
			'\nEXPLAIN ANALYZE — map with a field filter (the facet cells the function reads):'
		);
		const facet = await sql.unsafe(`explain (analyze, buffers, costs off)
			select sum(c.n), sum(c.sum_lat), sum(c.sum_lng) from private.idea_facet_cells c
			where c.zoom = 13 and c.field_slug = any ('{mobilitaet}')
			and c.kind = any ('{idea,location_need}')
			and c.status = any ('{published,under_review,accepted,planned,in_progress,implemented}')
			and c.cx between floor(${TOWN.min_lng} / private.cell_lng(13))::integer and floor(${TOWN.max_lng} / private.cell_lng(13))::integer
			and c.cy between floor(${TOWN.min_lat} / private.cell_lat(13))::integer and floor(${TOWN.max_lat} / private.cell_lat(13))::integer
			and c.n > 0
			group by c.cx, c.cy`);
		for (const r of facet) console.log('  ' + (r as Record<string, string>)['QUERY PLAN']);
		console.log(
			'\nEXPLAIN ANALYZE — the same aggregated on the fly (need-type and district filters):'
		);
		const agg = await sql.unsafe(`explain (analyze, buffers, costs off)
			select count(*), avg(i.lat), avg(i.lng) from public.ideas i
			where i.location <@ box(point(${TOWN.min_lng}, ${TOWN.min_lat}), point(${TOWN.max_lng}, ${TOWN.max_lat}))
			and i.status = any ('{published,under_review,accepted,planned,in_progress,implemented}')
			and i.field_slug = any ('{mobilitaet}')
			group by floor(i.lat / private.cell_lat(13)), floor(i.lng / private.cell_lng(13))`);
		for (const r of agg) console.log('  ' + (r as Record<string, string>)['QUERY PLAN']);
		console.log('\nEXPLAIN ANALYZE — search, full text (the query inside search_ideas):');
		const search = await sql.unsafe(`explain (analyze, buffers, costs off)
			select i.id, i.title, ts_rank(i.search_vector, q) as rank from public.ideas i,
			       websearch_to_tsquery('german', private.search_text('Radweg')) q
			where i.search_vector @@ q
			and i.status = any ('{published,under_review,accepted,planned,in_progress,implemented,declined}')
			order by rank desc, i.vote_count desc, i.created_at desc, i.id limit 21`);
		for (const r of search) console.log('  ' + (r as Record<string, string>)['QUERY PLAN']);
		console.log(
			'\nEXPLAIN ANALYZE — a typo corrected to the nearest known word (only when full text finds nothing):'
		);
		// The lookup inside private.corrected_query, per word of the query.
		await sql`set pg_trgm.similarity_threshold = 0.4`;
		const typo = await sql.unsafe(`explain (analyze, buffers, costs off)
			select w.word from private.search_words w
			where w.word operator(extensions.%) 'bibliotek'
			order by extensions.similarity(w.word, 'bibliotek') desc, w.word limit 1`);
		for (const r of typo) console.log('  ' + (r as Record<string, string>)['QUERY PLAN']);
		const fixed = await sql`select private.corrected_query(private.search_text('Bibliotek')) as q`;
		console.log(`  → "${fixed[0]?.q}", then the full-text search above`);
	} finally {
		await sql.end();
		await stack.stop();
		if (!keep) await rm(dataDir, { recursive: true, force: true });
	}
}

if (process.argv.includes('--vote-worker')) {
	setPriority(10);
	process.once('message', (job) => {
		void voteLoad(job as VoteJob).then((result) => process.send!(result));
	});
} else {
	main().catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}
