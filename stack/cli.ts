/**
 * npm run stack -- start|stop|status|reset|rotate-signing-key
 * Runs the local Supabase-compatible stack for this project (data in .data/). See stack/README.md.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAuthConfig } from './auth/index.ts';
import { isAlive } from './child.ts';
import { readProjectConfig } from './config.ts';
import { startStack, type Stack } from './index.ts';
import { rotateSigningKey } from './keys.ts';
import { superviseUntilExit } from './lifecycle.ts';

export const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));
// Overridable so tests can run a second, throw-away stack beside a developer's.
export const DATA_DIR = process.env.STACK_DATA_DIR || join(ROOT_DIR, '.data');
const STATE_FILE = join(DATA_DIR, 'stack.json');
const envPort = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

interface StackState {
	pid: number;
	apiUrl: string;
	publishableKey: string;
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
		publishableKey: stack.publishableKey,
		pids: stack.pids
	};
	await writeFile(STATE_FILE, JSON.stringify(state, null, 2));
	// `rotate-signing-key` from another shell: take up the new key without a restart.
	process.on('SIGUSR2', () => {
		stack.reloadKeys().catch((error: unknown) => {
			console.error(`stack: the signing keys were not reloaded: ${String(error)}`);
		});
	});
	return {
		...stack,
		stop: async () => {
			await stack.stop();
			await rm(STATE_FILE, { force: true });
		}
	};
}

/** Whether the running stack's JWKS leads with `kid` (its signer) within 15 s. */
async function servesKey(state: StackState, kid: string): Promise<boolean> {
	const deadline = Date.now() + 15_000;
	while (Date.now() < deadline) {
		const jwks = await fetch(`${state.apiUrl}/auth/v1/.well-known/jwks.json`, {
			headers: { apikey: state.publishableKey }
		})
			.then((res) => res.json() as Promise<{ keys: { kid: string }[] }>)
			.catch(() => undefined);
		if (jwks?.keys[0]?.kid === kid) return true;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return false;
}

async function main(command: string | undefined): Promise<number> {
	switch (command) {
		case 'start': {
			const stack = await startDevStack();
			console.log(
				`\nSupabase API     ${stack.apiUrl}\npublishable key  ${stack.publishableKey}\n` +
					`secret key       ${stack.secretKey}\nanon key         ${stack.anonKey} (legacy)\n` +
					`service key      ${stack.serviceRoleKey} (legacy)`
			);
			if (stack.storageUrl) console.log(`storage          ${stack.storageUrl}`);
			console.log(`mail outbox      ${stack.apiUrl}/_dev/outbox\nPress Ctrl-C to stop.`);
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
				headers: { apikey: state.publishableKey }
			}).then(
				(res) => res.status,
				() => 'unreachable'
			);
			console.log(JSON.stringify({ running: true, ...state, authHealth: health }, null, 2));
			return 0;
		}
		case 'rotate-signing-key': {
			const config = await readProjectConfig(join(ROOT_DIR, 'supabase'));
			const { jwtExpiry } = readAuthConfig(config.raw);
			const { kid } = await rotateSigningKey(DATA_DIR, jwtExpiry);
			console.log(`New signing key ${kid}; the previous one verifies until its tokens expire.`);
			const state = await readState();
			if (!state) return 0;
			process.kill(state.pid, 'SIGUSR2');
			if (!(await servesKey(state, kid))) {
				console.error(`The running stack (pid ${state.pid}) did not take up the new key.`);
				return 1;
			}
			console.log(`The running stack (pid ${state.pid}) signs with it now.`);
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
			console.error('usage: npm run stack -- start|stop|status|reset|rotate-signing-key');
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
