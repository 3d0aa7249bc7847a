/**
 * node --import tsx scripts/schema-diff.ts <superuser-url> <supabase-dir-a> <supabase-dir-b>
 *
 * Builds one database from each migrations directory (with its seed) on the given server, as the
 * local stack does (bootstrap, auth schema, migrations, seed), and compares their catalogs fact by
 * fact. Prints every difference; exit 1 if there is one.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres, { type Sql } from 'postgres';
import { applyPlatformSql, migrate } from '../stack/migrate.ts';

const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));
const SCHEMAS = `('public', 'private', 'auth', 'extensions')`;

/** A function body without `--` comments and with whitespace collapsed. */
export function normaliseBody(src: string): string {
	return src
		.split('\n')
		.map((line) => line.replace(/--.*$/, ''))
		.join(' ')
		.replace(/\s+/g, ' ')
		.trim();
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

export async function catalog(sql: Sql): Promise<Record<string, string[]>> {
	const list = async (query: string) =>
		(await sql.unsafe<{ v: string }[]>(query)).map((row) => row.v).sort();
	const facts: Record<string, string[]> = {
		schemas: await list(`select n.nspname || ' owner=' || pg_get_userbyid(n.nspowner) || ' acl=' ||
			coalesce(n.nspacl::text, '') || ' comment=' || coalesce(obj_description(n.oid, 'pg_namespace'), '') as v
			from pg_namespace n where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'`),
		extensions: await list(`select e.extname || ' ' || n.nspname || ' ' || e.extversion as v
			from pg_extension e join pg_namespace n on n.oid = e.extnamespace`),
		relations: await list(`select n.nspname || '.' || c.relname || ' kind=' || c.relkind::text ||
			' owner=' || pg_get_userbyid(c.relowner) || ' acl=' || coalesce(c.relacl::text, '') ||
			' options=' || coalesce(c.reloptions::text, '') || ' rls=' || c.relrowsecurity || '/' ||
			c.relforcerowsecurity || ' persistence=' || c.relpersistence::text || ' replident=' || c.relreplident::text ||
			' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '') as v
			from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname in ${SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f', 'c')`),
		relationAclsExploded: await list(`select n.nspname || '.' || c.relname || ' ' ||
			coalesce(pg_get_userbyid(a.grantee), 'PUBLIC') || ' ' || a.privilege_type || ' by ' ||
			pg_get_userbyid(a.grantor) || ' grantable=' || a.is_grantable as v
			from pg_class c join pg_namespace n on n.oid = c.relnamespace, aclexplode(c.relacl) a
			where n.nspname in ${SCHEMAS}`),
		columns:
			await list(`select n.nspname || '.' || c.relname || ' #' || a.attnum || ' ' || a.attname || ' ' ||
			format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull ||
			' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' generated=' || a.attgenerated::text ||
			' identity=' || a.attidentity::text || ' dropped=' || a.attisdropped || ' collation=' || a.attcollation ||
			' acl=' || coalesce(a.attacl::text, '') || ' options=' || coalesce(a.attoptions::text, '') ||
			' comment=' || coalesce(col_description(c.oid, a.attnum), '') as v
			from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
			left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
			where n.nspname in ${SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm', 'f', 'c') and a.attnum > 0`),
		columnAclsExploded:
			await list(`select n.nspname || '.' || c.relname || '.' || a.attname || ' ' ||
			coalesce(pg_get_userbyid(x.grantee), 'PUBLIC') || ' ' || x.privilege_type as v
			from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace,
			aclexplode(a.attacl) x where n.nspname in ${SCHEMAS}`),
		constraints:
			await list(`select n.nspname || '.' || coalesce(c.relname, t.typname) || ' ' || k.conname ||
			' ' || k.contype::text || ' ' || pg_get_constraintdef(k.oid) || ' deferrable=' || k.condeferrable ||
			'/' || k.condeferred || ' valid=' || k.convalidated as v
			from pg_constraint k join pg_namespace n on n.oid = k.connamespace
			left join pg_class c on c.oid = k.conrelid left join pg_type t on t.oid = k.contypid
			where n.nspname in ${SCHEMAS}`),
		indexes: await list(`select pg_get_indexdef(i.indexrelid) || ' options=' ||
			coalesce(c.reloptions::text, '') as v
			from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
			where n.nspname in ${SCHEMAS}`),
		policies:
			await list(`select schemaname || '.' || tablename || ' "' || policyname || '" ' || permissive ||
			' ' || roles::text || ' ' || cmd || ' using=' || coalesce(qual, '') || ' check=' ||
			coalesce(with_check, '') as v from pg_policies where schemaname in ${SCHEMAS}`),
		triggers: await list(`select pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text ||
			' comment=' || coalesce(obj_description(t.oid, 'pg_trigger'), '') as v
			from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
			where not t.tgisinternal and n.nspname in ${SCHEMAS}`),
		functions: await list(`select n.nspname || '.' || p.proname || '(' ||
			pg_get_function_identity_arguments(p.oid) || ') args=' || pg_get_function_arguments(p.oid) ||
			' returns=' || pg_get_function_result(p.oid) || ' kind=' || p.prokind::text || ' lang=' || l.lanname ||
			' definer=' || p.prosecdef || ' volatile=' || p.provolatile::text || ' parallel=' || p.proparallel::text ||
			' strict=' || p.proisstrict || ' leakproof=' || p.proleakproof || ' cost=' || p.procost ||
			' rows=' || p.prorows || ' config=' || coalesce(p.proconfig::text, '') ||
			' owner=' || pg_get_userbyid(p.proowner) || ' acl=' || coalesce(p.proacl::text, '') ||
			' comment=' || coalesce(obj_description(p.oid, 'pg_proc'), '') as v
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
			where n.nspname in ('public', 'private', 'auth')`),
		functionBodiesNormalised: (
			await sql.unsafe<
				{ name: string; src: string }[]
			>(`select n.nspname || '.' || p.proname || '(' ||
				pg_get_function_identity_arguments(p.oid) || ')' as name, p.prosrc as src
				from pg_proc p join pg_namespace n on n.oid = p.pronamespace
				where n.nspname in ('public', 'private', 'auth')`)
		)
			.map((r) => `${r.name} ${md5(normaliseBody(r.src))}`)
			.sort(),
		functionBodiesExact: (
			await sql.unsafe<
				{ name: string; src: string }[]
			>(`select n.nspname || '.' || p.proname || '(' ||
				pg_get_function_identity_arguments(p.oid) || ')' as name, p.prosrc as src
				from pg_proc p join pg_namespace n on n.oid = p.pronamespace
				where n.nspname in ('public', 'private', 'auth')`)
		)
			.map((r) => `${r.name} ${md5(r.src)}`)
			.sort(),
		types:
			await list(`select n.nspname || '.' || t.typname || ' type=' || t.typtype::text || ' owner=' ||
			pg_get_userbyid(t.typowner) || ' acl=' || coalesce(t.typacl::text, '') || ' labels=' ||
			coalesce((select string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_enum e
			          where e.enumtypid = t.oid), '') ||
			' attributes=' || coalesce((select string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod),
			          ', ' order by a.attnum) from pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0), '') ||
			' base=' || coalesce(format_type(t.typbasetype, t.typtypmod), '') ||
			' comment=' || coalesce(obj_description(t.oid, 'pg_type'), '') as v
			from pg_type t join pg_namespace n on n.oid = t.typnamespace
			left join pg_class c on c.oid = t.typrelid
			where n.nspname in ${SCHEMAS} and (t.typtype in ('e', 'd') or (t.typtype = 'c' and c.relkind = 'c'))`),
		views: await list(`select schemaname || '.' || viewname || ' ' || definition as v
			from pg_views where schemaname in ${SCHEMAS}`),
		sequences:
			await list(`select n.nspname || '.' || c.relname || ' ' || format_type(s.seqtypid, null) ||
			' start=' || s.seqstart || ' inc=' || s.seqincrement || ' max=' || s.seqmax || ' min=' || s.seqmin ||
			' cache=' || s.seqcache || ' cycle=' || s.seqcycle || ' owned_by=' ||
			coalesce((select d.refobjid::regclass || '.' || d.refobjsubid from pg_depend d
			          where d.objid = c.oid and d.deptype in ('a', 'i') and d.refobjsubid > 0), '') as v
			from pg_sequence s join pg_class c on c.oid = s.seqrelid join pg_namespace n on n.oid = c.relnamespace
			where n.nspname in ${SCHEMAS}`),
		publications: await list(`select p.pubname || ' all=' || p.puballtables || ' ' ||
			coalesce((select string_agg(t.schemaname || '.' || t.tablename, ',' order by 1)
			          from pg_publication_tables t where t.pubname = p.pubname), '') as v from pg_publication p`),
		defaultAcls:
			await list(`select coalesce(n.nspname, '*') || ' ' || d.defaclobjtype::text || ' ' ||
			d.defaclacl::text as v from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace`),
		tableGrants: await list(`select table_schema || '.' || table_name || ' ' || grantee || ' ' ||
			privilege_type || ' ' || is_grantable as v from information_schema.role_table_grants
			where table_schema in ${SCHEMAS}`),
		columnGrants:
			await list(`select table_schema || '.' || table_name || '.' || column_name || ' ' ||
			grantee || ' ' || privilege_type as v from information_schema.column_privileges
			where table_schema in ${SCHEMAS}`),
		routineGrants:
			await list(`select routine_schema || '.' || regexp_replace(specific_name, '_[0-9]+$', '') || ' ' || grantee || ' ' ||
			privilege_type as v from information_schema.routine_privileges
			where routine_schema in ('public', 'private', 'auth')`),
		rules: await list(`select schemaname || '.' || tablename || ' ' || definition as v from pg_rules
			where schemaname in ${SCHEMAS}`),
		migrations: await list(
			`select version || ' ' || name as v from supabase_migrations.schema_migrations`
		)
	};

	// Row counts of every table, and the rows themselves minus timestamps (the seed stamps now()).
	const tables = await sql.unsafe<
		{ name: string }[]
	>(`select format('%I.%I', n.nspname, c.relname) as name
		from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname in ('public', 'private') and c.relkind = 'r'`);
	const rows: string[] = [];
	for (const { name } of tables) {
		const [r] = await sql.unsafe<{ n: number; h: string }[]>(`select count(*)::int as n,
			md5(coalesce(string_agg(j::text, E'\\n' order by j::text), '')) as h
			from (select (select jsonb_object_agg(k, v) from jsonb_each(to_jsonb(t)) e(k, v)
			              where k !~ '(_at|score|^id)$' and k <> 'details') as j from ${name} t) x`);
		rows.push(`${name}: ${r?.n} rows, content ${r?.h}`);
	}
	facts.rows = rows.sort();
	return facts;
}

function diff(a: Record<string, string[]>, b: Record<string, string[]>): string[] {
	const out: string[] = [];
	for (const key of Object.keys(a)) {
		const left = new Set(a[key]);
		const right = new Set(b[key] ?? []);
		const onlyA = [...left].filter((x) => !right.has(x));
		const onlyB = [...right].filter((x) => !left.has(x));
		if (onlyA.length || onlyB.length) {
			out.push(`## ${key}`);
			for (const x of onlyA) out.push(`- ${x}`);
			for (const x of onlyB) out.push(`+ ${x}`);
		}
	}
	return out;
}

async function build(serverUrl: string, database: string, supabaseDir: string): Promise<Sql> {
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`drop database if exists ${database}`);
	await admin.unsafe(`create database ${database}`);
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = `/${database}`;
	const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
	await applyPlatformSql(sql, join(ROOT_DIR, 'stack'));
	await migrate(sql, supabaseDir, () => {});
	return sql;
}

async function main(): Promise<number> {
	const [serverUrl, dirA, dirB] = process.argv.slice(2);
	if (!serverUrl || !dirA || !dirB) {
		console.error(
			'usage: scripts/schema-diff.ts <superuser-url> <supabase-dir-a> <supabase-dir-b>'
		);
		return 2;
	}
	const a = await build(serverUrl, 'schema_diff_a', dirA);
	const b = await build(serverUrl, 'schema_diff_b', dirB);
	try {
		const [ca, cb] = await Promise.all([catalog(a), catalog(b)]);
		const out = diff(ca, cb);
		for (const [key, lines] of Object.entries(ca)) console.log(`${key}: ${lines.length} facts`);
		console.log(out.length ? out.join('\n') : 'no differences');
		return out.length ? 1 : 0;
	} finally {
		await a.end();
		await b.end();
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	main().then(
		(code) => process.exit(code),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		}
	);
}
