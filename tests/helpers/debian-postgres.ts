import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { superviseChild } from '../../stack/child.ts';
import { freePort } from '../../stack/ports.ts';
import { tempDir } from './temp.ts';

/** The newest PostgreSQL server from Debian's packages (`apt-get install postgresql`). */
function debianBin(): string {
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
	const found = versions
		.map((v) => join(base, v, 'bin'))
		.find((dir) => existsSync(join(dir, 'postgres')));
	if (!found) {
		throw new Error(
			"Debian's PostgreSQL server is missing; the DATABASE_URL test needs it: apt-get install -y postgresql"
		);
	}
	return found;
}

/**
 * A separate PostgreSQL server from Debian's packages, standing in for "an existing Postgres" a
 * developer points DATABASE_URL at. Trust auth on loopback only; gone after stop().
 */
export async function startDebianPostgres(): Promise<{
	url: string;
	version: string;
	stop(): Promise<void>;
}> {
	const bin = debianBin();
	const dir = await tempDir('debian-pg');
	const pgdata = join(dir.path, 'db');
	const owner =
		userInfo().uid === 0
			? {
					uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
					gid: Number(execFileSync('id', ['-g', 'postgres']).toString())
				}
			: undefined;
	await mkdir(pgdata, { mode: 0o700 });
	if (owner) await chown(pgdata, owner.uid, owner.gid);
	execFileSync(
		join(bin, 'initdb'),
		['-D', pgdata, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'],
		{
			...owner,
			stdio: 'pipe'
		}
	);
	const port = await freePort();
	const child = superviseChild(
		'debian-postgres',
		join(bin, 'postgres'),
		[
			'-D',
			pgdata,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'unix_socket_directories='
		],
		{ ...owner }
	);
	const version = execFileSync(join(bin, 'postgres'), ['--version']).toString().trim();
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		version,
		async stop() {
			await child.stop('SIGINT');
			await dir.remove();
		}
	};
}
