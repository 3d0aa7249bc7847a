import postgres from 'postgres';
import { expect, inject, test } from 'vitest';
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

		// A second start on the same server changes no privilege: the API roles' grants are exactly
		// those of the test stack (itself on its second start), on which the RLS matrix runs.
		const again = await startStack({
			rootDir: ROOT_DIR,
			dataDir: data.path,
			databaseUrl: server.url,
			log: () => {}
		});
		await again.stop();
		const reference = postgres(inject('stack').dbUrl, { max: 1, onnotice: () => {} });
		const restarted = postgres(server.url, { max: 1, onnotice: () => {} });
		try {
			const [expected, actual] = await Promise.all([privileges(reference), privileges(restarted)]);
			expect(actual.length).toBeGreaterThan(100);
			expect(actual).toEqual(expected);
		} finally {
			await Promise.all([reference.end(), restarted.end()]);
		}
	} finally {
		await data.remove();
		await server.stop();
	}
});

/** Every table, column and function privilege anon and authenticated hold in public. */
async function privileges(sql: postgres.Sql): Promise<string[]> {
	const rows = await sql<{ v: string }[]>`
		select format('table %s %s %s', table_name, grantee, privilege_type) as v
		from information_schema.role_table_grants
		where table_schema = 'public' and grantee in ('anon', 'authenticated')
		union all
		select format('column %s.%s %s %s', table_name, column_name, grantee, privilege_type)
		from information_schema.column_privileges
		where table_schema = 'public' and grantee in ('anon', 'authenticated')
		union all
		select format('function %s %s', p.oid::regprocedure, r.rolname)
		from pg_proc p cross join pg_roles r
		where p.pronamespace = 'public'::regnamespace and r.rolname in ('anon', 'authenticated')
			and has_function_privilege(r.oid, p.oid, 'execute')
		order by 1`;
	return rows.map((row) => row.v);
}
