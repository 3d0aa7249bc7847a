import postgres from 'postgres';
import { expect, test } from 'vitest';
import { startStack } from '../../stack/index.ts';
import { startDebianPostgres } from '../helpers/debian-postgres.ts';
import { isAlive } from '../../stack/child.ts';
import { ROOT_DIR, tempDir } from '../helpers/temp.ts';

test('DATABASE_URL runs the stack on an existing PostgreSQL and leaves that server running', async () => {
	const server = await startDebianPostgres();
	const data = await tempDir('data');
	try {
		// The server may need a moment to accept connections; the stack waits for it itself.
		const stack = await startStack({
			rootDir: ROOT_DIR,
			dataDir: data.path,
			databaseUrl: server.url,
			log: () => {}
		});
		try {
			expect(stack.pids.postgres).toBeUndefined();
			const res = await fetch(
				`${stack.apiUrl}/rest/v1/fields_of_action?select=slug&order=position`,
				{
					headers: { apikey: stack.anonKey }
				}
			);
			expect(res.status).toBe(200);
			const rows = (await res.json()) as { slug: string }[];
			expect(rows[0]?.slug).toBe('verwaltung');
			expect(rows).toHaveLength(12);
		} finally {
			await stack.stop();
		}
		expect(isAlive(stack.pids.postgrest)).toBe(false);
		const sql = postgres(server.url, { max: 1 });
		const [row] = await sql`select count(*)::int as n from supabase_migrations.schema_migrations`;
		await sql.end();
		expect(row?.n).toBeGreaterThan(0);
	} finally {
		await data.remove();
		await server.stop();
	}
});
