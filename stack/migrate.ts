import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sql } from 'postgres';

const MIGRATION_FILE = /^(\d+)_(.+)\.sql$/;

export interface MigrationFile {
	version: string;
	name: string;
	path: string;
}

/** `supabase/migrations/<timestamp>_<name>.sql`, ordered by version as the Supabase CLI orders them. */
export async function listMigrations(supabaseDir: string): Promise<MigrationFile[]> {
	const dir = join(supabaseDir, 'migrations');
	const files = await readdir(dir).catch(() => [] as string[]);
	return files
		.map((file) => {
			const match = MIGRATION_FILE.exec(file);
			return match ? { version: match[1]!, name: match[2]!, path: join(dir, file) } : undefined;
		})
		.filter((m): m is MigrationFile => m !== undefined)
		.sort((a, b) => a.version.localeCompare(b.version));
}

/** Runs the compatibility bootstrap, the auth and the storage schema: idempotent, every start. */
export async function applyPlatformSql(sql: Sql, stackDir: string): Promise<void> {
	for (const file of ['sql/bootstrap.sql', 'auth/schema.sql', 'storage/schema.sql']) {
		await sql.unsafe(await readFile(join(stackDir, file), 'utf8'));
	}
}

/**
 * Applies pending migrations and, on a database that had none yet, the seed. Bookkeeping lives in
 * the tables the Supabase CLI uses (`supabase_migrations.schema_migrations` and `.seed_files`, same
 * columns), so `supabase db push` and `supabase migration list` agree with us.
 */
export async function migrate(
	sql: Sql,
	supabaseDir: string,
	log: (line: string) => void
): Promise<{ applied: string[]; seeded: boolean }> {
	await sql.unsafe(`
		create schema if not exists supabase_migrations;
		create table if not exists supabase_migrations.schema_migrations (
			version text not null primary key, statements text[], name text
		);
		create table if not exists supabase_migrations.seed_files (
			path text not null primary key, hash text not null
		);
	`);
	const done = new Set(
		(
			await sql<{ version: string }[]>`select version from supabase_migrations.schema_migrations`
		).map((row) => row.version)
	);
	const fresh = done.size === 0;
	const applied: string[] = [];
	for (const migration of await listMigrations(supabaseDir)) {
		if (done.has(migration.version)) continue;
		const text = await readFile(migration.path, 'utf8');
		log(`migrations: applying ${migration.version}_${migration.name}.sql`);
		try {
			await sql.begin(async (tx) => {
				await tx.unsafe(text);
				await tx`insert into supabase_migrations.schema_migrations (version, name, statements)
					values (${migration.version}, ${migration.name}, ${[text]})`;
			});
		} catch (error) {
			throw new Error(
				`migration ${migration.version}_${migration.name}.sql failed: ${String(error)}`,
				{ cause: error }
			);
		}
		applied.push(migration.version);
	}

	let seeded = false;
	const seedPath = join(supabaseDir, 'seed.sql');
	const seed = fresh ? await readFile(seedPath, 'utf8').catch(() => undefined) : undefined;
	if (seed !== undefined) {
		log('migrations: applying seed.sql (fresh database)');
		const hash = createHash('sha256').update(seed).digest('hex');
		await sql.begin(async (tx) => {
			await tx.unsafe(seed);
			await tx`insert into supabase_migrations.seed_files (path, hash)
				values ('supabase/seed.sql', ${hash})
				on conflict (path) do update set hash = excluded.hash`;
		});
		seeded = true;
	}
	if (applied.length > 0) await sql`notify pgrst, 'reload schema'`;
	return { applied, seeded };
}
