/**
 * npm run bench:session -- [--requests 300]
 *
 * What checking the session costs a signed-in page: starts a throw-away stack with the demo data,
 * builds the app if stale and starts it (adapter-node, as in production), signs a demo resident in
 * through the sign-in form, then loads an idea page --requests times one after another (after a
 * warm-up) and prints p50/p95 of the response time and how many requests reached the auth server
 * per page (the gateway's log). The numbers go into docs/benchmarks.md by hand.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_DIR } from '../stack/cli.ts';
import { startStack } from '../stack/index.ts';
import { freePort } from '../stack/ports.ts';
import { signInCookie, startBuiltApp } from './bench-app.ts';
import { buildIfStale } from './build.ts';

const at = process.argv.indexOf('--requests');
const REQUESTS = at >= 0 ? Number(process.argv[at + 1]) : 300;
const WARM_UP = 30;
const PAGE = '/ideen/00000000-0000-4000-b000-000000000001';
const DEMO = { email: 'buergerin@musterstadt.example', password: 'stadtidee-demo' };

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
	const dataDir = await mkdtemp(join(tmpdir(), 'stadtidee-bench-session-'));
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	let authCalls = 0;
	const [stack] = await Promise.all([
		startStack({
			rootDir: ROOT_DIR,
			dataDir,
			siteUrl: origin,
			log: (line) => {
				if (line.startsWith('gateway: ') && line.includes(' /auth/v1/')) authCalls++;
			}
		}),
		buildIfStale((line) => console.error(line))
	]);
	const app = await startBuiltApp(stack, port);
	try {
		const cookie = await signInCookie(origin, DEMO.email, DEMO.password);
		const load = async () => {
			const started = performance.now();
			const response = await fetch(`${origin}${PAGE}`, { headers: { cookie } });
			const html = await response.text();
			if (!response.ok || !html.includes('Abmelden')) {
				throw new Error(`the page did not come signed in: ${response.status}`);
			}
			return performance.now() - started;
		};
		for (let i = 0; i < WARM_UP; i++) await load();
		authCalls = 0;
		const times: number[] = [];
		for (let i = 0; i < REQUESTS; i++) times.push(await load());
		times.sort((a, b) => a - b);
		console.log(
			`bench:session — ${cpus().length} CPUs, ${REQUESTS} signed-in loads of ${PAGE} after ${WARM_UP} to warm up`
		);
		console.log(
			`p50 ${percentile(times, 50).toFixed(1)} ms · p95 ${percentile(times, 95).toFixed(1)} ms · ` +
				`auth server requests per page ${(authCalls / REQUESTS).toFixed(2)}`
		);
	} finally {
		await app.stop();
		await stack.stop();
		await rm(dataDir, { recursive: true, force: true });
	}
}

await main();
