/**
 * npm run stack -- start|stop|status|reset
 * Runs the local Supabase-compatible stack for this project (data in .data/). See stack/README.md.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive } from './child.ts';
import { startStack, type Stack } from './index.ts';
import { superviseUntilExit } from './lifecycle.ts';

export const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));
// Overridable so tests can run a second, throw-away stack beside a developer's.
export const DATA_DIR = process.env.STACK_DATA_DIR || join(ROOT_DIR, '.data');
const STATE_FILE = join(DATA_DIR, 'stack.json');
const envPort = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

interface StackState {
	pid: number;
	apiUrl: string;
	anonKey: string;
	pids: Stack['pids'];
}

async function readState(): Promise<StackState | undefined> {
	const text = await readFile(STATE_FILE, 'utf8').catch(() => undefined);
	const state = text ? (JSON.parse(text) as StackState) : undefined;
	return state && isAlive(state.pid) ? state : undefined;
}

/** Starts the developer stack (config.toml ports, .data/) and records it for stop/status. */
export async function startDevStack(options: { siteUrl?: string } = {}): Promise<Stack> {
	const running = await readState();
	if (running) {
		throw new Error(
			`the stack is already running (pid ${running.pid}, ${running.apiUrl}); npm run stack -- stop`
		);
	}
	const stack = await startStack({
		rootDir: ROOT_DIR,
		dataDir: DATA_DIR,
		useConfigPorts: true,
		ports: { api: envPort('STACK_API_PORT'), db: envPort('STACK_DB_PORT') },
		databaseUrl: process.env.DATABASE_URL || undefined,
		siteUrl: options.siteUrl
	});
	const state: StackState = {
		pid: process.pid,
		apiUrl: stack.apiUrl,
		anonKey: stack.anonKey,
		pids: stack.pids
	};
	await writeFile(STATE_FILE, JSON.stringify(state, null, 2));
	return {
		...stack,
		stop: async () => {
			await stack.stop();
			await rm(STATE_FILE, { force: true });
		}
	};
}

async function main(command: string | undefined): Promise<number> {
	switch (command) {
		case 'start': {
			const stack = await startDevStack();
			console.log(
				`\nSupabase API  ${stack.apiUrl}\nanon key      ${stack.anonKey}\nservice key   ${stack.serviceRoleKey}`
			);
			console.log(`mail outbox   ${stack.apiUrl}/_dev/outbox\nPress Ctrl-C to stop.`);
			superviseUntilExit([stack.exited], stack.stop, console.log);
			return -1;
		}
		case 'stop': {
			const state = await readState();
			if (!state) {
				console.log('The stack is not running.');
				return 0;
			}
			process.kill(state.pid, 'SIGTERM');
			const deadline = Date.now() + 30_000;
			while (isAlive(state.pid) && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 100));
			if (isAlive(state.pid)) {
				console.error(`The stack (pid ${state.pid}) did not stop within 30 s.`);
				return 1;
			}
			console.log('Stack stopped.');
			return 0;
		}
		case 'status': {
			const state = await readState();
			if (!state) {
				console.log('The stack is not running.');
				return 3;
			}
			const health = await fetch(`${state.apiUrl}/auth/v1/health`, {
				headers: { apikey: state.anonKey }
			}).then(
				(res) => res.status,
				() => 'unreachable'
			);
			const { anonKey: _key, ...shown } = state;
			console.log(JSON.stringify({ running: true, ...shown, authHealth: health }, null, 2));
			return 0;
		}
		case 'reset': {
			const state = await readState();
			if (state) {
				console.error(`Stop the stack first (pid ${state.pid}): npm run stack -- stop`);
				return 1;
			}
			if (existsSync(DATA_DIR)) await rm(DATA_DIR, { recursive: true, force: true });
			console.log('Local data removed (.data/). The next start creates a fresh, seeded database.');
			return 0;
		}
		default:
			console.error('usage: npm run stack -- start|stop|status|reset');
			return 2;
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	main(process.argv[2]).then(
		(code) => {
			if (code >= 0) process.exit(code);
		},
		(error: unknown) => {
			console.error(`stack: ${error instanceof Error ? error.message : String(error)}`);
			process.exit(1);
		}
	);
}
