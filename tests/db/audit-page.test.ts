import { beforeAll, describe, expect, test } from 'vitest';
import { type Actor, createCast, createUser, insertIdea } from './helpers.ts';

/**
 * The audit log page's read (admin_audit_log): admins only, filtered by person, object, action and
 * time, newest first, paged by id, with the actor's name and the object's title.
 */

let admin: Actor;
let staff: Actor;
let idea: string;

beforeAll(async () => {
	[admin, staff] = await Promise.all([
		createUser({ role: 'admin' }),
		createUser({ role: 'staff', name: 'Frau Protokoll' })
	]);
	idea = await insertIdea({ author: null, title: 'Eine Bank am Markt' });
	for (const priority of ['low', 'high', 'medium']) {
		const { error } = await staff.client.rpc('triage_idea', { idea, patch: { priority } });
		expect(error).toBeNull();
	}
});

describe('who reads the audit log', () => {
	test('admins only: everyone else is refused, the table stays closed to them', async () => {
		const cast = await createCast();
		for (const actor of [cast.anon, cast.citizen, cast.moderator, cast.staff]) {
			const { error } = await actor.client.rpc('admin_audit_log', {});
			expect(error, actor.name).not.toBeNull();
			const facets = await actor.client.rpc('admin_audit_facets');
			expect(facets.error, actor.name).not.toBeNull();
			const table = await actor.client.from('audit_log').select('id').limit(1);
			expect(table.data ?? [], actor.name).toEqual([]);
		}
	});
});

describe('what admins read', () => {
	test('an idea’s rows by person and object, newest first, with names', async () => {
		const { data, error } = await admin.client.rpc('admin_audit_log', {
			by_actor: staff.id,
			on_table: 'ideas',
			on_id: idea
		});
		expect(error).toBeNull();
		expect(data!.map((row: { details: { priority: string } }) => row.details.priority)).toEqual([
			'medium',
			'high',
			'low'
		]);
		expect(data![0]).toMatchObject({
			actor_name: 'Frau Protokoll',
			actor_role: 'staff',
			action: 'ideas.triage',
			target_label: 'Eine Bank am Markt'
		});
	});

	test('pages by id and filters by action and time', async () => {
		const first = await admin.client.rpc('admin_audit_log', { on_id: idea, page_size: 2 });
		expect(first.data).toHaveLength(2);
		const next = await admin.client.rpc('admin_audit_log', {
			on_id: idea,
			page_size: 2,
			before_id: first.data![1].id
		});
		expect(next.data).toHaveLength(1);
		const none = await admin.client.rpc('admin_audit_log', {
			on_id: idea,
			of_action: 'ideas.set_status'
		});
		expect(none.data).toEqual([]);
		const future = await admin.client.rpc('admin_audit_log', {
			on_id: idea,
			since: new Date(Date.now() + 3_600_000).toISOString()
		});
		expect(future.data).toEqual([]);
		const past = await admin.client.rpc('admin_audit_log', {
			on_id: idea,
			until: new Date(Date.now() - 3_600_000).toISOString()
		});
		expect(past.data).toEqual([]);
	});

	test('the facets name the people and actions of the log', async () => {
		const { data, error } = await admin.client.rpc('admin_audit_facets');
		expect(error).toBeNull();
		const facets = data as { actors: { id: string; name: string }[]; actions: string[] };
		expect(facets.actors).toContainEqual({ id: staff.id, name: 'Frau Protokoll' });
		expect(facets.actions).toContain('ideas.triage');
	});

	test('a filter value that is far too long is refused', async () => {
		const { error } = await admin.client.rpc('admin_audit_log', { on_id: 'x'.repeat(101) });
		expect(error?.message).toBe('filter_invalid');
	});
});
