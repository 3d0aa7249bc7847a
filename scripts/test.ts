/**
 * `npm test`: every check the project has, in order, stopping at the first that fails - types
 * (svelte-check), lint, unit, integration (db), browser (e2e). The app is built while the
 * integration tests run (they do not need it), so the browser tests start at once; each phase's
 * time is printed at the end (docs/benchmarks.md, "Test time").
 */
import { spawn } from 'node:child_process';
import { buildIfStale } from './build.ts';

const times: [string, number][] = [];

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
	const started = performance.now();
	try {
		return await work();
	} finally {
		times.push([name, (performance.now() - started) / 1000]);
	}
}

function npmRun(script: string): Promise<void> {
	return timed(`npm run ${script}`, async () => {
		const child = spawn('npm', ['run', script], { stdio: 'inherit' });
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		if (code !== 0) throw new Error(`npm run ${script} failed (exit code ${code})`);
	});
}

function report(): void {
	console.log('\nnpm test, seconds per phase:');
	for (const [name, seconds] of times) console.log(`  ${seconds.toFixed(0).padStart(5)}  ${name}`);
}

try {
	await timed('total', async () => {
		await npmRun('check');
		await npmRun('lint');
		await npmRun('test:unit');
		const build = timed('vite build (beside test:db)', () =>
			buildIfStale((line) => console.log(line))
		);
		// Settled either way before the first failure is reported, so no build outlives the run.
		const [db, built] = await Promise.allSettled([npmRun('test:db'), build]);
		if (db.status === 'rejected') throw db.reason;
		if (built.status === 'rejected') throw built.reason;
		await npmRun('test:e2e');
	});
	report();
} catch (error) {
	report();
	console.error(`\n${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
