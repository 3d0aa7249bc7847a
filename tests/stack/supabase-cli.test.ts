import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { expect, inject, test } from 'vitest';
import { applyPlatformSql, migrate } from '../../stack/migrate.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { ROOT_DIR } from '../helpers/temp.ts';

// The real Supabase CLI, pinned as a dev dependency (package.json): it runs without Docker for
// `db push`, and nothing is fetched while the tests run.
const CLI = join(ROOT_DIR, 'node_modules/.bin/supabase');
const run = promisify(execFile);

async function supabase(args: string[]): Promise<string> {
	const { stdout, stderr } = await run(CLI, args, {
		cwd: ROOT_DIR,
		timeout: 300_000
	});
	return stdout + stderr;
}

function withDatabase(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	u.searchParams.set('sslmode', 'disable');
	return u.toString();
}

test(
	'the Supabase CLI finds nothing to push after our stack started',
	{ timeout: 300_000 },
	async () => {
		const { dbUrl } = inject('stack');
		const out = await supabase([
			'db',
			'push',
			'--db-url',
			withDatabase(dbUrl, 'postgres'),
			'--include-seed',
			'--dry-run'
		]);
		expect(out).toContain('Remote database is up to date.');
		expect(out).not.toMatch(/Would push|Would seed/);
	}
);

test(
	'a fresh database built by `supabase db push` equals one built by our stack',
	{ timeout: 300_000 },
	async () => {
		const { dbUrl } = inject('stack');
		const admin = postgres(dbUrl, { max: 1, onnotice: () => {} });
		for (const name of ['cli_fresh', 'stack_fresh']) {
			await admin.unsafe(`drop database if exists ${name}`);
			await admin.unsafe(`create database ${name}`);
		}
		await admin.end();

		const cliUrl = withDatabase(dbUrl, 'cli_fresh');
		const cli = postgres(cliUrl, { max: 1, onnotice: () => {} });
		const ours = postgres(withDatabase(dbUrl, 'stack_fresh'), { max: 1, onnotice: () => {} });
		try {
			// What a Supabase project has before any migration; our bootstrap and auth schema stand in.
			await applyPlatformSql(cli, join(ROOT_DIR, 'stack'));
			const out = await supabase(['db', 'push', '--db-url', cliUrl, '--include-seed', '--yes']);
			expect(out).toContain('Finished supabase db push.');

			await applyPlatformSql(ours, join(ROOT_DIR, 'stack'));
			await migrate(ours, join(ROOT_DIR, 'supabase'), () => {});

			const [theirs, mine] = await Promise.all([fingerprint(cli), fingerprint(ours)]);
			expect(theirs.migrations.length).toBeGreaterThan(0);
			expect(theirs.rows.some((r) => !r.endsWith(': 0 rows'))).toBe(true);
			expect(mine).toEqual(theirs);
		} finally {
			await cli.end();
			await ours.end();
		}
	}
);
