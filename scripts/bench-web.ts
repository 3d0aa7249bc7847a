/**
 * npm run bench:web -- [--runs 3] — the citizen app's budgets, measured against the
 * built app on a throw-away stack (like the e2e server): first-load JavaScript of `/` in gzip
 * bytes, and Lighthouse (mobile profile, Debian's Chromium) for `/`, an idea page and `/anmelden`,
 * each page --runs times (the median counts). Exits non-zero when a budget is missed.
 * BENCH_REPORTS=<dir> keeps each page's median Lighthouse JSON. Nothing leaves this machine:
 * Chromium resolves every host but localhost to nothing, so map tiles (and anything else foreign)
 * are never fetched.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type RunnerResult } from 'lighthouse';
import postgres from 'postgres';
import { buildIfStale } from './build.ts';
import { superviseChild } from '../stack/child.ts';
import { ROOT_DIR } from '../stack/cli.ts';
import { startStack } from '../stack/index.ts';
import { freePort } from '../stack/ports.ts';
import { tempDir } from '../stack/temp.ts';

const JS_BUDGET_GZIP = 120 * 1024;
const MIN_SCORE = 95;
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 3;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const PAGES = ['/', '/ideen/00000000-0000-4000-b000-000000000001', '/anmelden'];
const CHROME_FLAGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'
];

/** The page's static module graph (SvelteKit's modulepreload Link header), gzip level 9. */
async function firstLoadJs(origin: string): Promise<{ modules: number; gzipBytes: number }> {
	const page = await fetch(`${origin}/`);
	const links = [...(page.headers.get('link') ?? '').matchAll(/<([^>]+)>;\s*rel="modulepreload"/g)];
	let gzipBytes = 0;
	for (const [, href] of links) {
		const body = Buffer.from(await (await fetch(new URL(href!, origin))).arrayBuffer());
		gzipBytes += gzipSync(body, { level: 9 }).length;
	}
	return { modules: links.length, gzipBytes };
}

/** PNG's chunk checksum (zlib.crc32 needs Node 22). */
function crc32(bytes: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of bytes) {
		crc ^= byte;
		for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const checksum = Buffer.alloc(4);
	checksum.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, checksum]);
}

/** A transparent 256×256 PNG: a tile of the real size, so no audit sees a stretched image. */
function blankTile(): Buffer {
	const size = 256;
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA
	// Each row: filter byte 0, then 256 transparent pixels.
	const pixels = deflateSync(Buffer.alloc(size * (1 + size * 4)));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', pixels),
		pngChunk('IEND', Buffer.alloc(0))
	]);
}

/**
 * A local tile server, set as the town's tile URL: the maps load tiles as they would in
 * production, instead of logging a failed request per tile (which Lighthouse counts against
 * best practices) because nothing foreign resolves here.
 */
async function localTiles(dbUrl: string): Promise<Server> {
	const tile = blankTile();
	const server = createServer((_request, response) => {
		response.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=86400' });
		response.end(tile);
	});
	const port = await freePort();
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
	try {
		await sql`update public.settings set tile_url = ${`http://localhost:${port}/{z}/{x}/{y}.png`}`;
	} finally {
		await sql.end();
	}
	return server;
}

type Scores = Record<(typeof CATEGORIES)[number], number>;

/** The middle value (the lower middle of an even count). */
function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * Lighthouse's scores vary from run to run (its own guidance: take the median of several), so
 * each page runs RUNS times; the report and failing audits shown are those of the run with the
 * median performance score.
 */
async function lighthouseScores(origin: string): Promise<Record<string, Scores[]>> {
	const chrome = await chromeLauncher.launch({
		chromePath: '/usr/bin/chromium',
		chromeFlags: CHROME_FLAGS
	});
	const scores: Record<string, Scores[]> = {};
	try {
		for (const path of PAGES) {
			const runs: { scores: Scores; result: RunnerResult }[] = [];
			for (let run = 0; run < RUNS; run++) {
				// The default config is the mobile profile (Moto G Power, simulated slow 4G).
				const result = await lighthouse(`${origin}${path}`, {
					port: chrome.port,
					output: 'json',
					logLevel: 'error',
					onlyCategories: [...CATEGORIES]
				});
				if (!result) throw new Error(`lighthouse: no result for ${path}`);
				const { categories } = result.lhr;
				runs.push({
					result,
					scores: Object.fromEntries(
						CATEGORIES.map((id) => [id, Math.round((categories[id]?.score ?? 0) * 100)])
					) as Scores
				});
			}
			scores[path] = runs.map((run) => run.scores);
			const middle = median(runs.map((run) => run.scores.performance));
			const { result } = runs.find((run) => run.scores.performance === middle)!;
			// The full report, for reading the failing audits' details (BENCH_REPORTS=some/dir).
			if (process.env.BENCH_REPORTS) {
				const name = path.replace(/\W+/g, '_').replace(/^_|_$/g, '') || 'start';
				await mkdir(process.env.BENCH_REPORTS, { recursive: true });
				await writeFile(join(process.env.BENCH_REPORTS, `${name}.json`), result.report as string);
			}
			const failing = Object.values(result.lhr.audits).filter(
				(audit) =>
					audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative'
			);
			for (const audit of failing) console.error(`  ${path}: ${audit.id} (${audit.score})`);
		}
	} finally {
		chrome.kill();
	}
	return scores;
}

async function main(): Promise<number> {
	const dataDir = await tempDir('bench-web');
	const port = Number(process.env.BENCH_PORT) || (await freePort());
	const origin = `http://localhost:${port}`;
	const [stack] = await Promise.all([
		startStack({ rootDir: ROOT_DIR, dataDir: dataDir.path, siteUrl: origin, log: () => {} }),
		buildIfStale((line) => console.error(line))
	]);
	const tiles = await localTiles(stack.dbUrl);
	const app = superviseChild('app', process.execPath, [join(ROOT_DIR, 'build', 'index.js')], {
		cwd: ROOT_DIR,
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: origin,
			PUBLIC_SUPABASE_URL: stack.apiUrl,
			PUBLIC_SUPABASE_PUBLISHABLE_KEY: stack.publishableKey
		}
	});
	try {
		for (let i = 0; i < 100; i++) {
			if (
				await fetch(`${origin}/healthz`).then(
					(r) => r.ok,
					() => false
				)
			)
				break;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		const js = await firstLoadJs(origin);
		console.log(
			`first-load JS of /: ${js.modules} modules, ${(js.gzipBytes / 1024).toFixed(1)} KB gzip (budget ${JS_BUDGET_GZIP / 1024} KB)`
		);
		const scores = await lighthouseScores(origin);
		console.log(
			`\nLighthouse (mobile), median of ${RUNS} runs  ${CATEGORIES.join('  ')}  (performance per run)`
		);
		const medians = Object.entries(scores).map(([path, runs]) => {
			const byCategory = CATEGORIES.map((id) => median(runs.map((run) => run[id])));
			const performance = runs.map((run) => run.performance).join(' ');
			console.log(`${path}  ${byCategory.join('  ')}  (${performance})`);
			return byCategory;
		});
		const missed =
			js.gzipBytes > JS_BUDGET_GZIP ||
			medians.some((byCategory) => byCategory.some((score) => score < MIN_SCORE));
		if (missed)
			console.error(`\nA budget is missed (JS ≤ 120 KB gzip, every median score ≥ ${MIN_SCORE}).`);
		return missed ? 1 : 0;
	} finally {
		await app.stop();
		tiles.close();
		await stack.stop();
		await dataDir.remove();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
		process.exit(1);
	}
);
