import { beforeAll, describe, expect, test } from 'vitest';
import { type Actor, createCast, createUser, expectCode, insertIdea, sql } from './helpers.ts';

/**
 * Master data that ideas point at: its impact is shown before it goes (reference_usage, admins
 * only), an idea that loses its department or district by a delete gets a history entry, and an
 * archived department or field of action is given to nothing new.
 */

let admin: Actor;

beforeAll(async () => {
	admin = await createUser({ role: 'admin' });
});

async function newDepartment(slug: string): Promise<number> {
	const [row] = await sql<{ id: number }[]>`insert into public.departments (slug, name)
		values (${slug}, ${`Fachbereich ${slug}`}) returning id`;
	return row!.id;
}

describe('impact', () => {
	test('admins see how many ideas and staff use a department; nobody else', async () => {
		const department = await newDepartment(`impact-${Date.now()}`);
		const idea = await insertIdea({ author: null });
		await sql`update public.ideas set department_id = ${department} where id = ${idea}`;
		const { data, error } = await admin.client.rpc('reference_usage', {
			kind: 'departments',
			ref: department
		});
		expect(error).toBeNull();
		expect(data).toEqual({ ideas: 1, measures: 0, goals: 0, members: 0 });
		const cast = await createCast();
		for (const actor of [cast.anon, cast.citizen, cast.staff]) {
			const refused = await actor.client.rpc('reference_usage', {
				kind: 'departments',
				ref: department
			});
			expect(refused.error, actor.name).not.toBeNull();
		}
		const bad = await admin.client.rpc('reference_usage', { kind: 'ideas', ref: 1 });
		expectCode(bad.error, 'kind_invalid');
	});
});

describe('deleting', () => {
	test('an idea that loses its department by a delete gets an internal history entry', async () => {
		const slug = `gone-${Date.now()}`;
		const department = await newDepartment(slug);
		const idea = await insertIdea({ author: null });
		await sql`update public.ideas set department_id = ${department} where id = ${idea}`;
		const { error, count } = await admin.client
			.from('departments')
			.delete({ count: 'exact' })
			.eq('id', department);
		expect(error).toBeNull();
		expect(count).toBe(1);
		const [row] = await sql`select department_id from public.ideas where id = ${idea}`;
		expect(row!.department_id).toBeNull();
		const events = await sql`select kind, is_internal, actor_id, details from public.idea_events
			where idea_id = ${idea}`;
		expect(events).toEqual([
			{
				kind: 'triage',
				is_internal: true,
				actor_id: admin.id,
				details: { department_id: null, removed_department: `Fachbereich ${slug}` }
			}
		]);
	});
});

describe('deleting a district', () => {
	test('an idea in it keeps a history entry', async () => {
		const slug = `bezirk-${Date.now()}`;
		const [district] = await sql<{ id: number }[]>`insert into public.districts (slug, name, area)
			values (${slug}, ${`Bezirk ${slug}`}, '((9.0,50.0),(9.1,50.0),(9.1,50.1),(9.0,50.1))')
			returning id`;
		const idea = await insertIdea({ author: null });
		await sql`update public.ideas set district_id = ${district!.id} where id = ${idea}`;
		const usage = await admin.client.rpc('reference_usage', {
			kind: 'districts',
			ref: district!.id
		});
		expect(usage.data).toMatchObject({ ideas: 1 });
		const { error } = await admin.client.from('districts').delete().eq('id', district!.id);
		expect(error).toBeNull();
		const events = await sql`select kind, details from public.idea_events where idea_id = ${idea}`;
		expect(events).toEqual([
			{ kind: 'triage', details: { district_id: null, removed_district: `Bezirk ${slug}` } }
		]);
	});
});

describe('archiving', () => {
	test('an archived department keeps its ideas but is given to nothing new', async () => {
		const department = await newDepartment(`archived-${Date.now()}`);
		const kept = await insertIdea({ author: null });
		await sql`update public.ideas set department_id = ${department} where id = ${kept}`;
		const { error } = await admin.client
			.from('departments')
			.update({ archived_at: new Date().toISOString() })
			.eq('id', department);
		expect(error).toBeNull();
		const staff = await createUser({ role: 'staff' });
		const idea = await insertIdea({ author: null });
		const routed = await staff.client.rpc('triage_idea', {
			idea,
			patch: { department_id: department }
		});
		expectCode(routed.error, 'department_archived');
		const member = await admin.client.rpc('set_user_departments', {
			user_id: staff.id,
			departments: [department]
		});
		expectCode(member.error, 'department_archived');
		const [row] = await sql`select department_id from public.ideas where id = ${kept}`;
		expect(row!.department_id).toBe(department);
		const untouched = await staff.client.rpc('triage_idea', {
			idea: kept,
			patch: { priority: 'high' }
		});
		expect(untouched.error).toBeNull();
	});

	test('an archived field of action is given to no idea anew', async () => {
		const slug = `feld_${Date.now()}`;
		await sql`insert into public.fields_of_action (slug, name_de, name_en, archived_at)
			values (${slug}, 'Altes Feld', 'Old field', now())`;
		const staff = await createUser({ role: 'staff' });
		const idea = await insertIdea({ author: null });
		const moved = await staff.client.rpc('triage_idea', { idea, patch: { field_slug: slug } });
		expectCode(moved.error, 'field_archived');
		const [row] = await sql`select field_slug from public.ideas where id = ${idea}`;
		expect(row!.field_slug).toBe('verwaltung');
	});

	test('only admins archive', async () => {
		const department = await newDepartment(`keep-${Date.now()}`);
		const staff = await createUser({ role: 'staff' });
		await staff.client
			.from('departments')
			.update({ archived_at: new Date().toISOString() })
			.eq('id', department);
		const [row] = await sql`select archived_at from public.departments where id = ${department}`;
		expect(row!.archived_at).toBeNull();
	});
});
