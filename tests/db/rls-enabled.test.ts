import { describe, expect, test } from 'vitest';
import { anonClient, sql } from './helpers.ts';

const TABLES = [
	'settings',
	'districts',
	'fields_of_action',
	'departments',
	'profiles',
	'ideas',
	'votes',
	'comments',
	'reports',
	'follows',
	'idea_events',
	'goals',
	'measures',
	'measure_ideas',
	'audit_log',
	'notifications',
	'notification_preferences',
	'mail_settings',
	'place_alerts',
	'push_subscriptions',
	'department_members',
	'participation_rounds',
	'participation_round_fields'
];

describe('the schema protects itself', () => {
	test('every table the issue names exists in public', async () => {
		const rows = await sql<{ relname: string }[]>`select c.relname from pg_class c
			where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')`;
		expect(rows.map((r) => r.relname)).toEqual(expect.arrayContaining(TABLES));
	});

	test('row-level security is enabled on every table in public', async () => {
		const rows = await sql<{ relname: string }[]>`select c.relname from pg_class c
			where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
			and not c.relrowsecurity`;
		expect(rows).toEqual([]);
	});

	test('every table has a comment saying what it is', async () => {
		const rows = await sql<{ relname: string }[]>`select c.relname from pg_class c
			where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
			and obj_description(c.oid, 'pg_class') is null`;
		expect(rows).toEqual([]);
	});

	test('every function in public and private pins its search_path', async () => {
		const rows = await sql<{ name: string }[]>`select p.oid::regprocedure::text as name
			from pg_proc p
			where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
			and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')`;
		expect(rows).toEqual([]);
	});

	test('no API role may truncate a table (TRUNCATE bypasses row-level security)', async () => {
		const rows = await sql<{ v: string }[]>`select table_name || ' ' || grantee as v
			from information_schema.role_table_grants
			where table_schema = 'public' and privilege_type = 'TRUNCATE'
			and grantee in ('anon', 'authenticated')`;
		expect(rows).toEqual([]);
	});

	test('anon may execute only the public read functions', async () => {
		const rows = await sql<{ name: string }[]>`select p.proname::text as name from pg_proc p
			where p.pronamespace = 'public'::regnamespace
			and has_function_privilege('anon', p.oid, 'execute')
			and p.prorettype <> 'trigger'::regtype
			order by 1`;
		expect(rows.map((r) => r.name)).toEqual([
			'count_ideas',
			'has_role',
			'idea_transition_allowed',
			'ideas_in_bbox',
			'my_permissions',
			'priority_score',
			// Aggregates only (agenda accountability figures).
			'response_figures',
			// A participation round's state (draft, planned, open, closed), a computed column.
			'round_state',
			'search_ideas',
			'similar_ideas',
			// Whether submissions are closed now, told on the wizard's first step.
			'submission_window',
			'support_count',
			// The one-click unsubscribe of a mail (RFC 8058): its token, no sign-in.
			'unsubscribe_email'
		]);
	});

	test('anon reaches nothing private through the API', async () => {
		const client = anonClient();
		for (const table of ['votes', 'reports', 'follows', 'audit_log']) {
			const { data, error } = await client.from(table).select('*').limit(5);
			expect(error).toBeNull();
			expect(data, table).toEqual([]);
		}
		const ideas = await client.from('ideas').select('status');
		expect(ideas.data!.length).toBeGreaterThan(0);
		expect(ideas.data!.some((r) => r.status === 'submitted' || r.status === 'hidden')).toBe(false);
		const events = await client.from('idea_events').select('is_internal');
		expect(events.data!.some((r) => r.is_internal)).toBe(false);
		const comments = await client.from('comments').select('status');
		expect(comments.data!.every((r) => r.status === 'visible')).toBe(true);
	});

	test('no table in public has a column that holds an e-mail address of a user', async () => {
		const rows = await sql<{ v: string }[]>`select table_name || '.' || column_name as v
			from information_schema.columns where table_schema = 'public' and column_name ilike '%email%'`;
		// Only the municipality's and departments' public office addresses.
		expect(rows.map((r) => r.v).sort()).toEqual([
			'departments.email',
			'settings.accessibility_contact_email',
			'settings.contact_email'
		]);
	});
});
