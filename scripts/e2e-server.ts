/**
 * Playwright's webServer: an isolated stack (free ports, a throw-away data directory, never .data/)
 * and the built app served by adapter-node on E2E_PORT. The stack's URL and keys go to
 * E2E_STACK_FILE for the tests. SIGTERM/SIGINT stop everything this process started, by PID.
 *
 * E2E_LOG=1 also prints the stack's and the app's info lines (request log); errors always show.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildIfStale } from './build.ts';
import { superviseChild, type ChildExit } from '../stack/child.ts';
import { startStack, type Stack } from '../stack/index.ts';
import { startNotificationWorker } from './worker.ts';
import { superviseUntilExit } from '../stack/lifecycle.ts';
import { ROOT_DIR } from '../stack/cli.ts';
import { tempDir } from '../stack/temp.ts';
import { startFakePushService } from '../tests/helpers/push-service.ts';

const port = Number(process.env.E2E_PORT);
const stackFile = process.env.E2E_STACK_FILE;
const verbose = Boolean(process.env.E2E_LOG);
const appOrigin = `http://localhost:${port}`;

/** Everything started so far, in order; stopped newest first. */
const running: (() => Promise<unknown>)[] = [];

async function stopAll(): Promise<void> {
	for (const stop of running.reverse()) await stop().catch(() => undefined);
	running.length = 0;
}

const info = (line: string) => {
	if (verbose) console.log(line);
};

/** JSON lines from the app at level info are routine; anything else (errors, traces) is shown. */
function appLine(line: string): void {
	if (line.startsWith('{') && line.includes('"level":"info"')) info(`app: ${line}`);
	else console.error(`app: ${line}`);
}

async function start(): Promise<void> {
	if (!port || !stackFile)
		throw new Error('E2E_PORT and E2E_STACK_FILE must be set (playwright.config.ts does)');

	const dataDir = await tempDir('e2e');
	running.push(() => dataDir.remove());
	running.push(() => rm(stackFile, { force: true }));

	// The stack boots while the app builds; whichever started is stopped if the other fails.
	const [stackResult, buildResult] = await Promise.allSettled([
		startStack({ rootDir: ROOT_DIR, dataDir: dataDir.path, siteUrl: appOrigin, log: info }),
		buildIfStale((line) => console.error(line))
	]);
	if (stackResult.status === 'fulfilled') running.push(() => stackResult.value.stop());
	if (stackResult.status === 'rejected') throw stackResult.reason;
	if (buildResult.status === 'rejected') throw buildResult.reason;
	const stack: Stack = stackResult.value;
	// Browsers' push services are out of reach here: the tests' devices subscribe at one of ours.
	const pushService = await startFakePushService();
	running.push(() => pushService.close());
	const worker = startNotificationWorker({
		databaseUrl: stack.notifierUrl,
		mail: { smtpUrl: stack.mail.url, appUrl: appOrigin, sender: 'Stadtidee <no-reply@localhost>' },
		push: { ...stack.vapid, subject: 'mailto:no-reply@localhost', agent: pushService.agent },
		storage: { url: stack.apiUrl, secretKey: stack.secretKey },
		log: info
	});
	running.push(() => worker.stop());

	await mkdir(dirname(stackFile), { recursive: true });
	await writeFile(
		stackFile,
		JSON.stringify({
			appOrigin,
			apiUrl: stack.apiUrl,
			publishableKey: stack.publishableKey,
			serviceRoleKey: stack.serviceRoleKey,
			dbUrl: stack.dbUrl,
			pushService: { origin: pushService.origin, certificate: pushService.certificate }
		})
	);

	// Served as `npm start` serves it (no ORIGIN): the tests meet the app as a newcomer does.
	const app = superviseChild(
		'app',
		process.execPath,
		[join(ROOT_DIR, 'scripts', 'serve-http.js')],
		{
			cwd: ROOT_DIR,
			env: {
				MALLOC_ARENA_MAX: '2',
				...process.env,
				HOST: '127.0.0.1',
				PORT: String(port),
				PUBLIC_SUPABASE_URL: stack.apiUrl,
				PUBLIC_SUPABASE_PUBLISHABLE_KEY: stack.publishableKey,
				SUPABASE_SECRET_KEY: stack.secretKey,
				PUBLIC_VAPID_KEY: stack.vapid.publicKey
			},
			onLine: appLine
		}
	);
	running.push(() => app.stop());
	void Promise.race([stack.exited, app.exited]).then(crash);
	console.error(`e2e: app on ${appOrigin}, Supabase API on ${stack.apiUrl}`);
}

// Signals are handled from the first moment: a stop during start-up waits for start-up to settle,
// so everything it started is registered in `running` and stopped.
let crash: (exit: ChildExit) => void = () => undefined;
const crashed = new Promise<ChildExit>((resolve) => (crash = resolve));
const starting = start();
superviseUntilExit(
	[crashed],
	async () => {
		await starting.catch(() => undefined);
		await stopAll();
	},
	(line) => console.error(line)
);
starting.catch(async (error: unknown) => {
	console.error(`e2e: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
	await stopAll();
	process.exit(1);
});
