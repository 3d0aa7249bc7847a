/**
 * npm start      — the local stack (unless the environment points at a Supabase project), the app
 *                  built if needed and served by adapter-node on http://localhost:3000.
 * npm run dev    — the same with Vite's dev server on http://localhost:5173.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import postgres from 'postgres';
import { buildIfStale } from './build.ts';
import { superviseChild, type ChildExit } from '../stack/child.ts';
import { ROOT_DIR, startDevStack } from '../stack/cli.ts';
import { superviseUntilExit } from '../stack/lifecycle.ts';
import {
	mailOptionsFromEnv,
	pushOptionsFromEnv,
	startNotificationWorker,
	storageOptionsFromEnv,
	type PushOptions
} from './worker.ts';

const DEMO_PASSWORD = 'stadtidee-demo';
const dev = process.argv.includes('--dev');
const appPort = Number(process.env.PORT ?? (dev ? 5173 : 3000));
const appUrl = `http://localhost:${appPort}`;
const started = Date.now();

async function demoAccounts(dbUrl: string): Promise<string[]> {
	const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
	try {
		const rows = await sql<{ email: string; role: string; kind: string }[]>`
			select u.email, p.role, p.kind from auth.users u join public.profiles p on p.id = u.id
			where u.email like '%@musterstadt.example' order by p.role, u.email`;
		return rows.map((r) => `  ${r.email.padEnd(34)} ${r.role} (${r.kind})`);
	} finally {
		await sql.end();
	}
}

/** supabase-js needs Node 22 or newer; npm's scripts bring the project's own Node 24. */
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
if (NODE_MAJOR < 22) {
	console.error(
		`start: Node ${process.versions.node} is too old for supabase-js (it needs Node 22 or newer).\n` +
			"Run it as `npm start` (npm uses the project's Node 24 from node_modules) or install Node 22 or 24."
	);
	process.exit(1);
}

async function main(): Promise<void> {
	const external = process.env.PUBLIC_SUPABASE_URL;
	const env: Record<string, string> = {};
	const crashes: Promise<ChildExit>[] = [];
	let accounts: string[] = [];

	let localNotifierUrl: string | undefined;
	let localSmtpUrl: string | undefined;
	let localPush: PushOptions | undefined;
	// The app's server uploads photos with the service role (ADR 020); never in .env.local.
	const serverSecrets: Record<string, string> = {};

	if (external) {
		console.log(`Using the Supabase project at ${external} (PUBLIC_SUPABASE_URL); no local stack.`);
	} else {
		const stack = await startDevStack({ siteUrl: appUrl });
		localNotifierUrl = stack.notifierUrl;
		localSmtpUrl = stack.mail.url;
		localPush = { ...stack.vapid, subject: 'mailto:no-reply@localhost' };
		serverSecrets.SUPABASE_SECRET_KEY = stack.secretKey;
		running.push(stack.stop);
		crashes.push(stack.exited);
		Object.assign(env, {
			PUBLIC_SUPABASE_URL: stack.apiUrl,
			PUBLIC_SUPABASE_PUBLISHABLE_KEY: stack.publishableKey,
			PUBLIC_VAPID_KEY: stack.vapid.publicKey
		});
		// For the developer's own stack only: one started on a data directory of its own (a test,
		// a second checkout's) must not point the developer's tools at itself.
		if (!process.env.STACK_DATA_DIR)
			await writeFile(
				join(ROOT_DIR, '.env.local'),
				'# Written by npm start for the local stack; delete it to point the app elsewhere.\n' +
					Object.entries(env)
						.map(([key, value]) => `${key}=${value}`)
						.join('\n') +
					'\n'
			);
		accounts = await demoAccounts(stack.dbUrl);
	}
	// The notification worker (ADR 011): against the local stack and its mail sink, or a project's
	// database and SMTP when NOTIFIER_DATABASE_URL and SMTP_URL say where.
	const notifierUrl = process.env.NOTIFIER_DATABASE_URL || localNotifierUrl;
	if (notifierUrl) {
		const mail =
			mailOptionsFromEnv({ APP_URL: appUrl, ...process.env }) ??
			(localSmtpUrl
				? { smtpUrl: localSmtpUrl, appUrl, sender: 'Stadtidee <no-reply@localhost>' }
				: undefined);
		const push = pushOptionsFromEnv(process.env) ?? localPush;
		const storage = storageOptionsFromEnv({ ...process.env, ...env, ...serverSecrets });
		const worker = startNotificationWorker({ databaseUrl: notifierUrl, mail, push, storage });
		running.unshift(() => worker.stop());
	}

	if (!dev) await buildIfStale(console.log);
	const app = dev
		? superviseChild(
				'app',
				join(ROOT_DIR, 'node_modules/.bin/vite'),
				['dev', '--port', String(appPort), '--strictPort'],
				{
					cwd: ROOT_DIR,
					env: { ...process.env, ...env, ...serverSecrets },
					onLine: (line) => console.log(`app: ${line}`)
				}
			)
		: superviseChild('app', process.execPath, [join(ROOT_DIR, 'scripts', 'serve-http.js')], {
				cwd: ROOT_DIR,
				// glibc's per-thread arenas would keep what sharp freed (ADR 021, bench:photo).
				env: {
					MALLOC_ARENA_MAX: '2',
					...process.env,
					...env,
					...serverSecrets,
					PORT: String(appPort)
				},
				onLine: (line) => console.log(`app: ${line}`)
			});
	crashes.push(app.exited);
	running.unshift(() => app.stop().then(() => undefined));
	superviseUntilExit(crashes, stopAll, console.log);

	await waitForApp();
	console.log(
		`\nStadtidee is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s):`
	);
	console.log(`  app          ${appUrl}`);
	if (!external) {
		console.log(`  Supabase API ${env.PUBLIC_SUPABASE_URL}`);
		console.log(`  mail outbox  ${env.PUBLIC_SUPABASE_URL}/_dev/outbox`);
		console.log(`\nDemo accounts (password: ${DEMO_PASSWORD}):\n${accounts.join('\n')}`);
	}
	console.log('\nPress Ctrl-C to stop.');
}

async function waitForApp(): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		const ok = await fetch(`http://127.0.0.1:${appPort}/healthz`).then(
			(r) => r.status < 500,
			() => false
		);
		if (ok) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`the app did not answer on port ${appPort} within 60 s`);
}

/** What this process started, newest first: nothing may outlive it, even a failed start-up. */
const running: (() => Promise<void>)[] = [];

async function stopAll(): Promise<void> {
	for (const stop of running) await stop().catch(() => undefined);
}

main().catch(async (error: unknown) => {
	console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
	await stopAll();
	process.exit(1);
});
