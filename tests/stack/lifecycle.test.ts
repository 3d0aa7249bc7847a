import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import postgres from 'postgres';
import { describe, expect, test } from 'vitest';
import { startStack, type Stack } from '../../stack/index.ts';
import { freePort } from '../../stack/ports.ts';
import { isAlive } from '../../stack/child.ts';
import { projectCopy, ROOT_DIR, tempDir } from '../helpers/temp.ts';

const quiet = () => {};

async function restCount(stack: Stack, table: string): Promise<number> {
	const res = await fetch(`${stack.apiUrl}/rest/v1/${table}?select=*`, {
		headers: { apikey: stack.anonKey, prefer: 'count=exact', range: '0-0' }
	});
	expect(res.status).toBeLessThan(300);
	return Number(res.headers.get('content-range')?.split('/')[1]);
}

async function migrationVersions(dbUrl: string): Promise<string[]> {
	const sql = postgres(dbUrl, { max: 1 });
	try {
		const rows = await sql<{ version: string }[]>`
			select version from supabase_migrations.schema_migrations order by version`;
		return rows.map((r) => r.version);
	} finally {
		await sql.end();
	}
}

// Each test starts whole stacks (initdb, every migration, the seed): minutes on a busy machine.
describe('local stack lifecycle', { timeout: 120_000 }, () => {
	test('a fresh start applies every migration and the seed, and stop leaves no process behind', async () => {
		const data = await tempDir('data');
		const lines: string[] = [];
		const stack = await startStack({
			rootDir: ROOT_DIR,
			dataDir: data.path,
			log: (l) => lines.push(l)
		});
		try {
			expect(await restCount(stack, 'fields_of_action')).toBe(12);
			expect(lines.some((l) => l.includes('seed loaded'))).toBe(true);
			expect(lines.some((l) => /postgres ready/.test(l))).toBe(true);
		} finally {
			await stack.stop();
			await data.remove();
		}
		expect(isAlive(stack.pids.postgrest)).toBe(false);
		expect(isAlive(stack.pids.postgres!)).toBe(false);
	});

	test('a restart keeps the data and applies only new migrations, each once', async () => {
		const project = await projectCopy();
		const data = await tempDir('data');
		try {
			let stack = await startStack({ rootDir: project.path, dataDir: data.path, log: quiet });
			const sql = postgres(stack.dbUrl, { max: 1 });
			await sql`update public.fields_of_action set name_de = 'Geändert' where slug = 'bildung'`;
			await sql.end();
			const before = await migrationVersions(stack.dbUrl);
			await stack.stop();

			await writeFile(
				join(project.path, 'supabase/migrations/29990101000000_probe.sql'),
				'create table public.probe (id int primary key);\ninsert into public.probe values (1);\n'
			);
			const lines: string[] = [];
			stack = await startStack({
				rootDir: project.path,
				dataDir: data.path,
				log: (l) => lines.push(l)
			});
			expect(lines.filter((l) => l.includes('applying'))).toEqual([
				'migrations: applying 29990101000000_probe.sql'
			]);
			expect(lines.some((l) => l.includes('seed'))).toBe(false);
			await stack.stop();

			stack = await startStack({ rootDir: project.path, dataDir: data.path, log: quiet });
			try {
				expect(await migrationVersions(stack.dbUrl)).toEqual([...before, '29990101000000']);
				const check = postgres(stack.dbUrl, { max: 1 });
				const [probe] = await check`select count(*)::int as n from public.probe`;
				const [field] =
					await check`select name_de from public.fields_of_action where slug = 'bildung'`;
				await check.end();
				expect(probe?.n).toBe(1);
				expect(field?.name_de).toBe('Geändert');
			} finally {
				await stack.stop();
			}
		} finally {
			await data.remove();
			await project.remove();
		}
	});

	test('a part that dies is started again, and the data answers again without a restart of the stack', async () => {
		const data = await tempDir('data');
		const lines: string[] = [];
		const stack = await startStack({
			rootDir: ROOT_DIR,
			dataDir: data.path,
			log: (l) => lines.push(l)
		});
		const answersAgain = async () => {
			const deadline = Date.now() + 30_000;
			while (Date.now() < deadline) {
				const ok = await restCount(stack, 'fields_of_action').then(
					(count) => count === 12,
					() => false
				);
				if (ok) return true;
				await new Promise((r) => setTimeout(r, 250));
			}
			return false;
		};
		try {
			const postgrest = stack.pids.postgrest;
			process.kill(postgrest, 'SIGKILL');
			expect(await answersAgain()).toBe(true);
			expect(stack.pids.postgrest).not.toBe(postgrest);
			expect(lines.some((l) => /postgrest ended \(SIGKILL\); starting it again/.test(l))).toBe(
				true
			);

			// Its backends outlive a killed server for a moment: wait until it was started again.
			const postgresPid = stack.pids.postgres!;
			process.kill(postgresPid, 'SIGKILL');
			const deadline = Date.now() + 30_000;
			while (!lines.some((l) => /postgres running again/.test(l)) && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 100));
			}
			expect(stack.pids.postgres).not.toBe(postgresPid);
			expect(await answersAgain()).toBe(true);
		} finally {
			await stack.stop();
			await data.remove();
		}
		expect(isAlive(stack.pids.postgres!)).toBe(false);
		expect(isAlive(stack.pids.postgrest)).toBe(false);
	});
});

describe('npm run stack', { timeout: 120_000 }, () => {
	/** A throw-away data dir and free ports, so the CLI never meets a developer's stack. */
	async function isolated() {
		const data = await tempDir('cli');
		const env = {
			STACK_DATA_DIR: data.path,
			STACK_API_PORT: String(await freePort()),
			STACK_DB_PORT: String(await freePort())
		};
		return { data, env };
	}

	function runCli(args: string[], env: Record<string, string>, viaNpm = false) {
		const [command, argv] = viaNpm
			? ['npm', ['run', '--silent', 'stack', '--', ...args]]
			: [process.execPath, ['--import', 'tsx', 'stack/cli.ts', ...args]];
		return spawn(command, argv, {
			cwd: ROOT_DIR,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
	}

	async function startCli(env: Record<string, string>, viaNpm = false) {
		const proc = runCli(['start'], env, viaNpm);
		let output = '';
		const onData = (chunk: Buffer) => (output += chunk.toString());
		proc.stdout.on('data', onData);
		proc.stderr.on('data', onData);
		const exited = new Promise<number | null>((resolve) => proc.on('close', resolve));
		const deadline = Date.now() + 60_000;
		while (!output.includes('Press Ctrl-C') && Date.now() < deadline) {
			if (proc.exitCode !== null) throw new Error(`stack exited early:\n${output}`);
			await new Promise((r) => setTimeout(r, 100));
		}
		const pid = (part: string) =>
			Number(new RegExp(`${part} ready \\(pid (\\d+)\\)`).exec(output)?.[1]);
		return {
			proc,
			exited,
			output: () => output,
			postgresPid: pid('postgres'),
			postgrestPid: pid('postgrest')
		};
	}

	test('`stop` (SIGTERM) ends every part and the stack exits 0; `status` sees it running', async () => {
		const { data, env } = await isolated();
		try {
			const cli = await startCli(env);
			expect(isAlive(cli.postgresPid)).toBe(true);
			expect(isAlive(cli.postgrestPid)).toBe(true);
			const status = runCli(['status'], env);
			let statusOut = '';
			status.stdout.on('data', (c: Buffer) => (statusOut += c.toString()));
			expect(await new Promise((r) => status.on('close', r))).toBe(0);
			expect(JSON.parse(statusOut)).toMatchObject({ running: true, authHealth: 200 });

			// `stop` sends SIGTERM to the running stack and waits until it is gone.
			const stop = runCli(['stop'], env);
			expect(await new Promise((r) => stop.on('close', r))).toBe(0);
			expect(await cli.exited).toBe(0);
			expect(isAlive(cli.postgresPid)).toBe(false);
			expect(isAlive(cli.postgrestPid)).toBe(false);
		} finally {
			await data.remove();
		}
	});

	test('a crashed part is started again while the stack keeps running, and says so', async () => {
		const { data, env } = await isolated();
		try {
			const cli = await startCli(env);
			process.kill(cli.postgrestPid, 'SIGKILL');
			const deadline = Date.now() + 30_000;
			while (!/postgrest running again/.test(cli.output()) && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 100));
			}
			expect(cli.output()).toMatch(/postgrest ended \(SIGKILL\); starting it again/);
			expect(cli.output()).toMatch(/postgrest running again \(pid \d+\)/);
			expect(cli.proc.exitCode).toBeNull();
			cli.proc.kill('SIGTERM');
			expect(await cli.exited).toBe(0);
			expect(isAlive(cli.postgresPid)).toBe(false);
		} finally {
			await data.remove();
		}
	});

	test('stopping `npm run stack` stops the stack, though npm does not pass the signal on', async () => {
		const { data, env } = await isolated();
		try {
			const cli = await startCli(env, true);
			cli.proc.kill('SIGTERM');
			await cli.exited;
			const deadline = Date.now() + 15_000;
			while ((isAlive(cli.postgresPid) || isAlive(cli.postgrestPid)) && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 200));
			}
			expect(isAlive(cli.postgresPid)).toBe(false);
			expect(isAlive(cli.postgrestPid)).toBe(false);
		} finally {
			await data.remove();
		}
	});
});
