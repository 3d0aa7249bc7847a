/**
 * npm run bench:photo -- [--runs 20] [--burst 4] [--rounds 3]
 *
 * Budget of the photo pipeline (issue 22): a 12-megapixel phone JPEG processed in < 1.5 s, with
 * the server's memory bounded by one sharp job per core. Makes a phone-like JPEG (4,032 × 3,024,
 * gradients, texture and sensor grain, EXIF with GPS and orientation, a Display P3 profile; about
 * 4-5 MB), then measures in fresh Node processes, so each peak is its own:
 * - `single`: the photo processed --runs times one after another: median and p95 time, the three
 *   WebP sizes, peak resident memory (the kernel's VmHWM) over the process's baseline;
 * - `burst`: --burst uploads at once, --rounds times, with the default job limit (one per core);
 * - `burst, no limit`: the same with as many jobs as uploads, to show what the limit saves;
 * - `largest`: the largest photo taken (8,192 × 6,144, progressive, ~13 MB), --rounds times: what
 *   one job costs at the pixel limit.
 * Each runs twice: with glibc's default malloc arenas (one per thread that allocates, which keep
 * freed memory) and with MALLOC_ARENA_MAX=2, as sharp's documentation advises for glibc Linux.
 * Prints a table; the numbers go into docs/benchmarks.md ("Photos") by hand. Exits non-zero when
 * the single photo's median misses the budget.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import {
	PHOTO_JOBS,
	PHOTO_MAX_PIXELS,
	photoJobs,
	processPhoto
} from '../src/lib/server/photos/process.ts';
import { jpegWithMetadata, photoLike, raw } from '../tests/helpers/images.ts';

const BUDGET_MS = 1500;
const WIDTH = 4032;
const HEIGHT = 3024;
const LARGEST = { width: 8192, height: PHOTO_MAX_PIXELS / 8192 };

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Resident and peak resident memory of this process in MB (Linux /proc). */
async function memory(): Promise<{ rss: number; hwm: number }> {
	const status = await readFile('/proc/self/status', 'utf8');
	const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

interface Result {
	mode: string;
	jobs: number;
	photos: number;
	times: number[];
	wall: number;
	sizes: Record<string, string>;
	baseline: number;
	peak: number;
}

/** Runs in a child process: one measurement, printed as JSON. */
async function child(mode: string, file: string): Promise<void> {
	const input = await readFile(file);
	const runs = arg('runs', 20);
	const burst = arg('burst', 4);
	const rounds = arg('rounds', 3);
	if (mode === 'burst-unlimited') photoJobs(burst);
	// Warm-up on a small image, so libvips' and V8's one-off costs are in the baseline.
	await processPhoto(
		await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } })
			.jpeg()
			.toBuffer()
	);
	const baseline = (await memory()).rss;
	const times: number[] = [];
	let sizes: Record<string, string> = {};
	const start = performance.now();
	if (mode === 'single' || mode === 'largest') {
		for (let i = 0; i < (mode === 'single' ? runs : rounds); i++) {
			const t = performance.now();
			const photo = await processPhoto(input);
			times.push(performance.now() - t);
			sizes = Object.fromEntries(
				Object.entries(photo.files).map(([size, f]) => [
					size,
					`${f.width}×${f.height}, ${(f.data.length / 1024).toFixed(0)} KB`
				])
			);
		}
	} else {
		for (let r = 0; r < rounds; r++) {
			await Promise.all(
				Array.from({ length: burst }, async () => {
					const t = performance.now();
					await processPhoto(input);
					times.push(performance.now() - t);
				})
			);
		}
	}
	const wall = performance.now() - start;
	const result: Result = {
		mode,
		jobs: photoJobs(),
		photos: times.length,
		times: times.sort((a, b) => a - b),
		wall,
		sizes,
		baseline,
		peak: (await memory()).hwm
	};
	process.stdout.write(JSON.stringify(result));
}

async function main(): Promise<void> {
	const dir = await mkdtemp(join(tmpdir(), 'stadtidee-bench-photo-'));
	try {
		const file = join(dir, 'phone.jpg');
		const jpeg = await jpegWithMetadata(photoLike(WIDTH, HEIGHT), WIDTH, HEIGHT, 88);
		await writeFile(file, jpeg);
		console.log(
			`bench:photo — ${cpus().length} CPUs (${availableParallelism()} available, ${PHOTO_JOBS} photo jobs), ` +
				`${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, load ${loadavg()[0]?.toFixed(2)}, sharp ${sharp.versions.sharp}, ` +
				`libvips ${sharp.versions.vips}`
		);
		console.log(
			`input: ${WIDTH}×${HEIGHT} JPEG (orientation 6, EXIF+GPS, XMP, P3 profile), ${(jpeg.length / 2 ** 20).toFixed(2)} MB`
		);
		const largest = join(dir, 'largest.jpg');
		const big = await sharp(
			photoLike(LARGEST.width, LARGEST.height, 7),
			raw(LARGEST.width, LARGEST.height)
		)
			.jpeg({ quality: 80, progressive: true })
			.toBuffer();
		await writeFile(largest, big);
		console.log(
			`largest: ${LARGEST.width}×${LARGEST.height} progressive JPEG (the pixel limit), ${(big.length / 2 ** 20).toFixed(2)} MB`
		);
		const results: (Result & { arenas: string })[] = [];
		const runs: [string, string][] = [
			['single', ''],
			['single', '2'],
			['burst', ''],
			['burst', '2'],
			['burst-unlimited', ''],
			['burst-unlimited', '2'],
			['largest', ''],
			['largest', '2']
		];
		for (const [mode, arenas] of runs) {
			const input = mode === 'largest' ? largest : file;
			const env = { ...process.env };
			delete env.MALLOC_ARENA_MAX;
			if (arenas) env.MALLOC_ARENA_MAX = arenas;
			const out = execFileSync(
				process.execPath,
				[
					'--import',
					'tsx',
					fileURLToPath(import.meta.url),
					'--child',
					mode,
					input,
					...process.argv.slice(2)
				],
				{ encoding: 'utf8', maxBuffer: 1 << 20, env }
			);
			results.push({ ...(JSON.parse(out) as Result), arenas: arenas || 'default' });
		}
		console.log('');
		console.log(
			'| run | malloc arenas | jobs | photos | median | p95 | max | photos/s | RSS before | peak RSS (VmHWM) |'
		);
		console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
		for (const r of results) {
			const name = {
				single: '12 MP, one after another',
				burst: `12 MP, ${arg('burst', 4)} at once`,
				'burst-unlimited': `12 MP, ${arg('burst', 4)} at once, no job limit`,
				largest: '50 MP, one after another'
			}[r.mode];
			console.log(
				`| ${name} | ${r.arenas} | ${r.jobs} | ${r.photos} | ${percentile(r.times, 50).toFixed(0)} ms | ` +
					`${percentile(r.times, 95).toFixed(0)} ms | ${r.times.at(-1)?.toFixed(0)} ms | ` +
					`${((r.photos / r.wall) * 1000).toFixed(2)} | ${r.baseline.toFixed(0)} MB | ` +
					`${r.peak.toFixed(0)} MB (+${(r.peak - r.baseline).toFixed(0)}) |`
			);
		}
		const single = results.find((r) => r.mode === 'single' && r.arenas === 'default');
		console.log('');
		console.log(
			'output:',
			Object.entries(single?.sizes ?? {})
				.map(([k, v]) => `${k} ${v}`)
				.join(' · ')
		);
		const median = percentile(single?.times ?? [], 50);
		const met = median < BUDGET_MS;
		console.log(
			`budget: median ${median.toFixed(0)} ms per 12 MP photo, < ${BUDGET_MS} ms: ${met ? 'met' : 'MISSED'}`
		);
		if (!met) process.exitCode = 1;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0)
	await child(process.argv[childAt + 1] ?? 'single', process.argv[childAt + 2] ?? '');
else await main();
