import type { Sql } from 'postgres';

/**
 * A comparable description of everything a migration can create in the public schema — tables,
 * columns, constraints, indexes, policies, RLS flags, functions, triggers, types, grants — and of
 * how many rows each table holds (not their content: seeds may stamp now() or random ids). Two
 * databases with equal fingerprints are, for our purposes, the same.
 */
export async function fingerprint(sql: Sql) {
	const list = async (query: string) =>
		(await sql.unsafe<{ v: string }[]>(query)).map((row) => row.v);
	const tables =
		await list(`select c.relname as v from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`);
	const rows: string[] = [];
	for (const table of tables) {
		const [row] = await sql.unsafe<{ n: number }[]>(
			`select count(*)::int as n from public."${table}"`
		);
		rows.push(`${table}: ${row?.n} rows`);
	}
	return {
		tables,
		rows,
		columns:
			await list(`select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
			coalesce(column_default, '') || ' ' || coalesce(generation_expression, '') as v
			from information_schema.columns where table_schema = 'public' order by 1`),
		constraints:
			await list(`select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) as v
			from pg_constraint where connamespace = 'public'::regnamespace order by 1`),
		indexes: await list(
			`select indexdef as v from pg_indexes where schemaname = 'public' order by 1`
		),
		rls: await list(`select relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity as v from pg_class
			where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') order by 1`),
		policies:
			await list(`select tablename || ' ' || policyname || ' ' || permissive || ' ' || roles::text || ' ' ||
			cmd || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '') as v
			from pg_policies where schemaname = 'public' order by 1`),
		functions:
			await list(`select pg_get_functiondef(p.oid) || coalesce(array_to_string(p.proacl, ','), '') as v
			from pg_proc p where p.pronamespace = 'public'::regnamespace order by 1`),
		triggers:
			await list(`select pg_get_triggerdef(t.oid) as v from pg_trigger t join pg_class c on c.oid = t.tgrelid
			where not t.tgisinternal and c.relnamespace in ('public'::regnamespace, 'auth'::regnamespace) order by 1`),
		types:
			await list(`select t.typname || ' ' || coalesce(string_agg(e.enumlabel, ',' order by e.enumsortorder), '') as v
			from pg_type t left join pg_enum e on e.enumtypid = t.oid
			where t.typnamespace = 'public'::regnamespace and t.typtype in ('e', 'd', 'c') and t.typrelid = 0
			group by t.typname order by 1`),
		grants: await list(`select table_name || ' ' || grantee || ' ' || privilege_type as v
			from information_schema.role_table_grants where table_schema = 'public' order by 1`),
		columnGrants:
			await list(`select table_name || '.' || column_name || ' ' || grantee || ' ' || privilege_type as v
			from information_schema.column_privileges where table_schema = 'public'
			and grantee in ('anon', 'authenticated', 'service_role') order by 1`),
		migrations: await list(`select version || ' ' || coalesce(name, '') as v
			from supabase_migrations.schema_migrations order by 1`)
	};
}
