/**
 * npm run bench:pwa -- [--runs 7]
 *
 * Repeat visit of `/` offline, as an installed app opens on the tram: starts the e2e server
 * (isolated stack, built app), visits `/` once online so the service worker installs and caches,
 * then goes offline and reloads `/` --runs times, each with a cold page (new tab), measuring
 * first contentful paint from the browser's paint timing. Mobile conditions through the DevTools
 * protocol, as Lighthouse's mobile profile sets them: a 412×823 viewport at 1.75× (Moto G Power),
 * touch, and the CPU slowed down 4×. (The network throttle does not apply: the device is offline.)
 * Budget: median FCP under 1000 ms. Results go into docs/benchmarks.md by hand.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { ROOT_DIR } from '../stack/cli.ts';
import { freePort } from '../stack/ports.ts';
import { tempDir } from '../stack/temp.ts';

const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 7;
const BUDGET_MS = 1000;

const port = await freePort();
const origin = `http://localhost:${port}`;
const scratch = await tempDir('bench-pwa');
const server = spawn(
	process.execPath,
	['--import', 'tsx', join(ROOT_DIR, 'scripts/e2e-server.ts')],
	{
		cwd: ROOT_DIR,
		env: {
			...process.env,
			E2E_PORT: String(port),
			E2E_STACK_FILE: join(scratch.path, 'stack.json')
		},
		stdio: ['ignore', 'inherit', 'inherit']
	}
);
const serverExited = new Promise((resolve) => server.on('exit', resolve));

async function healthy(deadline: number): Promise<void> {
	while (Date.now() < deadline) {
		const ok = await fetch(`${origin}/healthz`).then(
			(r) => r.ok,
			() => false
		);
		if (ok) return;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error('bench: the app did not start in time');
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
};

try {
	await healthy(Date.now() + 300_000);
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run']
	});
	const context = await browser.newContext({
		viewport: { width: 412, height: 823 },
		deviceScaleFactor: 1.75,
		isMobile: true,
		hasTouch: true,
		locale: 'de-DE'
	});
	const first = await context.newPage();
	await first.goto(`${origin}/`);
	await first.waitForFunction(async () => {
		await navigator.serviceWorker.ready;
		return navigator.serviceWorker.controller !== null;
	});
	// Once more while controlled: the page and its data go through the worker into the cache.
	await first.reload();
	await first.close();

	const fcps: number[] = [];
	const pageAnswered: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		const page = await context.newPage();
		// Set per page: Playwright applies it to the pages that exist.
		await context.setOffline(true);
		const cdp = await context.newCDPSession(page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
		await page.goto(`${origin}/`);
		const fcp = await page.evaluate(
			() =>
				new Promise<number>((resolve) => {
					new PerformanceObserver((list) => {
						const entry = list.getEntriesByName('first-contentful-paint')[0];
						if (entry) resolve(entry.startTime);
					}).observe({ type: 'paint', buffered: true });
				})
		);
		// Really offline, and the start page came from the cache (not the offline fallback).
		const reachable = await page.evaluate(() =>
			fetch('/healthz', { cache: 'no-store' }).then(
				() => true,
				() => false
			)
		);
		if (reachable) throw new Error('bench: the page is not offline');
		// Its content, whenever it arrives: a check of what was painted, not of time.
		await page.getByRole('heading', { level: 1, name: /Gemeinsam/ }).waitFor({ timeout: 10_000 });
		// When the worker handed over the page: the rest of FCP is the browser's own work.
		const answered = await page.evaluate(
			() =>
				(performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd
		);
		fcps.push(Math.round(fcp));
		pageAnswered.push(Math.round(answered));
		await page.close();
		await context.setOffline(false);
	}
	await browser.close();
	const result = median(fcps);
	console.log(
		`PWA repeat visit of / offline, mobile emulation (412×823 @1.75, 4× CPU), ${RUNS} runs:\n` +
			`  page answered by the worker, ms: ${pageAnswered.join(', ')}\n` +
			`  FCP ms: ${fcps.join(', ')}\n  median ${result} ms (budget ${BUDGET_MS} ms): ${result < BUDGET_MS ? 'OK' : 'OVER BUDGET'}`
	);
	process.exitCode = result < BUDGET_MS ? 0 : 1;
} finally {
	server.kill('SIGTERM');
	await serverExited;
	await scratch.remove();
}
