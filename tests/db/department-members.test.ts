import { beforeAll, describe, expect, test } from 'vitest';
import { type Actor, createUser, expectCode, insertIdea, sql } from './helpers.ts';

/**
 * Who works in which department: set by admins, seen by staff, and whoever works in a department
 * hears when an idea is routed to it — whichever way its department is set.
 */

let admin: Actor;
let routing: Actor;
let member: Actor;
let elsewhere: Actor;
let citizen: Actor;
let departments: [number, number];

beforeAll(async () => {
	[admin, routing, member, elsewhere, citizen] = await Promise.all([
		createUser({ role: 'admin' }),
		createUser({ role: 'staff' }),
		createUser({ role: 'staff' }),
		createUser({ role: 'staff' }),
		createUser()
	]);
	const rows = await sql<{ id: number }[]>`select id from public.departments order by id limit 2`;
	departments = [rows[0]!.id, rows[1]!.id];
	await admin.client.rpc('set_user_departments', {
		user_id: member.id,
		departments: [departments[0]]
	});
	await admin.client.rpc('set_user_departments', {
		user_id: elsewhere.id,
		departments: [departments[1]]
	});
});

const membersOf = async (actor: Actor) =>
	(
		await sql<{ department_id: number }[]>`
			select department_id from public.department_members where user_id = ${actor.id}
			order by department_id`
	).map((row) => row.department_id);

describe('membership', () => {
	test('admins set it, audited; staff see it; residents see nothing', async () => {
		expect(await membersOf(member)).toEqual([departments[0]]);
		const [audit] = await sql`select action from public.audit_log
			where action = 'department_members.set' and target_id = ${member.id}`;
		expect(audit).toBeDefined();
		const seen = await routing.client.from('department_members').select('user_id');
		expect(seen.data!.map((row) => row.user_id)).toEqual(
			expect.arrayContaining([member.id, elsewhere.id])
		);
		const hidden = await citizen.client.from('department_members').select('user_id');
		expect(hidden.data).toEqual([]);
	});

	test('nobody but an admin sets it, and nobody writes the table directly', async () => {
		const { error } = await routing.client.rpc('set_user_departments', {
			user_id: routing.id,
			departments: [departments[0]]
		});
		expect(error?.code).toBe('42501');
		const direct = await admin.client
			.from('department_members')
			.insert({ user_id: routing.id, department_id: departments[0] });
		expect(direct.error?.code).toBe('42501');
		expect(await membersOf(routing)).toEqual([]);
	});

	test('only staff work in a department, and only in one that exists', async () => {
		const notStaff = await admin.client.rpc('set_user_departments', {
			user_id: citizen.id,
			departments: [departments[0]]
		});
		expectCode(notStaff.error, 'member_not_staff');
		const unknown = await admin.client.rpc('set_user_departments', {
			user_id: routing.id,
			departments: [32000]
		});
		expectCode(unknown.error, 'department_unknown');
		expect(await membersOf(citizen)).toEqual([]);
		expect(await membersOf(routing)).toEqual([]);
	});

	test('who stops being staff leaves their departments', async () => {
		const leaving = await createUser({ role: 'staff' });
		await admin.client.rpc('set_user_departments', {
			user_id: leaving.id,
			departments: [...departments]
		});
		expect(await membersOf(leaving)).toEqual([...departments].sort((a, b) => a - b));
		await admin.client.rpc('set_user_role', { user_id: leaving.id, role: 'citizen' });
		expect(await membersOf(leaving)).toEqual([]);
	});
});

describe('an idea routed to a department', () => {
	async function fanOut(): Promise<void> {
		while ((await sql`select private.fan_out_notifications(100) as n`)[0]!.n > 0);
	}

	async function routed(idea: string): Promise<string[]> {
		await fanOut();
		// Only this file's people (the demo staff member works in a department too).
		const ours = [admin, routing, member, elsewhere, citizen].map((actor) => actor.id!);
		const rows = await sql<{ recipient_id: string }[]>`
			select recipient_id from public.notifications where idea_id = ${idea} and kind = 'routed'
			   and recipient_id = any (${ours}::uuid[])
			order by recipient_id`;
		return rows.map((row) => row.recipient_id);
	}

	test('is told to the department’s staff, not to whoever routed it, nor the author', async () => {
		const idea = await insertIdea({ author: citizen.id!, status: 'published' });
		const { error } = await routing.client.rpc('triage_idea', {
			idea,
			patch: { department_id: departments[0] }
		});
		expect(error).toBeNull();
		expect(await routed(idea)).toEqual([member.id]);
		const [told] = await sql<{ details: { department: string } }[]>`
			select details from public.notifications
			 where idea_id = ${idea} and kind = 'routed' and recipient_id = ${member.id}`;
		const [name] = await sql<{ name: string }[]>`
			select name from public.departments where id = ${departments[0]}`;
		expect(told!.details.department).toBe(name!.name);
	});

	test('moving it tells the new department; clearing it, or a triage that leaves it, tells nobody', async () => {
		const idea = await insertIdea({ author: citizen.id!, status: 'published' });
		await routing.client.rpc('triage_idea', { idea, patch: { department_id: departments[0] } });
		await routing.client.rpc('triage_idea', { idea, patch: { department_id: departments[1] } });
		expect(await routed(idea)).toEqual([member.id, elsewhere.id].sort());
		await routing.client.rpc('triage_idea', { idea, patch: { priority: 'high' } });
		await routing.client.rpc('triage_idea', { idea, patch: { department_id: null } });
		expect(await routed(idea)).toEqual([member.id, elsewhere.id].sort());
	});

	test('a member who routes an idea to their own department is not told of it', async () => {
		const idea = await insertIdea({ author: citizen.id!, status: 'published' });
		await member.client.rpc('triage_idea', { idea, patch: { department_id: departments[0] } });
		expect(await routed(idea)).toEqual([]);
	});
});
