/**
 * `npm test`: every check the project has; stops after the first group that fails.
 *
 * 1. the integration tests (db), beside types (svelte-check), lint and unit tests, then the app's
 *    build for the browser tests: the integration tests mostly wait for the database, the others
 *    mostly use the CPU. The build waits for the type check and the unit tests: both write the
 *    generated files under .svelte-kit/ (`svelte-kit sync`) that the build reads;
 * 2. the browser tests (e2e).
 *
 * Output of side-by-side work is printed as each finishes, so it never interleaves. Each phase's
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

/** Runs a command; with `quiet`, its output is kept and printed once it has finished. */
async function run(command: string, args: string[], quiet = false): Promise<void> {
	const child = spawn(command, args, { stdio: quiet ? 'pipe' : 'inherit' });
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	if (quiet) process.stdout.write(output);
	if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit code ${code})`);
}

const npmRun = (script: string, quiet = false) =>
	timed(`npm run ${script}`, () => run('npm', ['run', script], quiet));

/** Runs side by side; waits for all (nothing outlives the run), then fails with the first failure. */
async function together(...work: Promise<unknown>[]): Promise<void> {
	const failed = (await Promise.allSettled(work)).find((result) => result.status === 'rejected');
	if (failed) throw failed.reason;
}

function report(): void {
	console.log('\nnpm test, seconds per phase:');
	for (const [name, seconds] of times) console.log(`  ${seconds.toFixed(0).padStart(5)}  ${name}`);
}

try {
	await timed('total', async () => {
		// The generated types first: lint reads them too (check writes them again, unchanged).
		await timed('svelte-kit sync', () => run('npx', ['svelte-kit', 'sync']));
		await together(
			npmRun('test:db'),
			npmRun('lint', true),
			(async () => {
				await together(npmRun('check', true), npmRun('test:unit', true));
				await timed('vite build', () => buildIfStale((line) => console.log(line)));
			})()
		);
		await npmRun('test:e2e');
	});
	report();
} catch (error) {
	report();
	console.error(`\n${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
