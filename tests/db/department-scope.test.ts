import { beforeAll, describe, expect, test } from 'vitest';
import { type Actor, createUser, expectCode, insertIdea, sql } from './helpers.ts';

/**
 * Roles limited to departments (ADR 015): a scoped staff member sees and changes only the ideas
 * routed to their departments — in the triage list, the staff view, triage, status, answers,
 * notes and bulk changes — whatever the client asks. Unscoped staff and admins are not limited.
 */

let admin: Actor;
let scoped: Actor;
let unscoped: Actor;
let moderator: Actor;
let mine: number;
let other: number;
let ownIdea: string;
let otherIdea: string;
let unrouted: string;

beforeAll(async () => {
	[admin, scoped, unscoped, moderator] = await Promise.all([
		createUser({ role: 'admin' }),
		createUser({ role: 'staff' }),
		createUser({ role: 'staff' }),
		createUser({ role: 'moderator' })
	]);
	const rows = await sql<{ id: number }[]>`select id from public.departments order by id limit 2`;
	[mine, other] = [rows[0]!.id, rows[1]!.id];
	const set = await admin.client.rpc('set_user_departments', {
		user_id: scoped.id,
		departments: [mine]
	});
	expect(set.error).toBeNull();
	const scope = await admin.client.rpc('set_user_department_scope', {
		user_id: scoped.id,
		scoped: true
	});
	expect(scope.error).toBeNull();
	[ownIdea, otherIdea, unrouted] = await Promise.all([
		insertIdea({ author: null, title: 'Idee im eigenen Fachbereich' }),
		insertIdea({ author: null, title: 'Idee eines anderen Fachbereichs' }),
		insertIdea({ author: null, status: 'submitted', title: 'Idee ohne Fachbereich' })
	]);
	await sql`update public.ideas set department_id = ${mine} where id = ${ownIdea}`;
	await sql`update public.ideas set department_id = ${other} where id = ${otherIdea}`;
});

const listed = async (actor: Actor) => {
	const { data, error } = await actor.client.rpc('staff_list_ideas', {
		filters: {},
		page_size: 200
	});
	expect(error).toBeNull();
	return (data as { items: { id: string }[] }).items.map((item) => item.id);
};

describe('setting the scope', () => {
	test('only admins scope, only staff members, audited', async () => {
		const self = await scoped.client.rpc('set_user_department_scope', {
			user_id: scoped.id,
			scoped: false
		});
		expect(self.error?.code).toBe('42501');
		const notStaff = await admin.client.rpc('set_user_department_scope', {
			user_id: moderator.id,
			scoped: true
		});
		expectCode(notStaff.error, 'scope_not_staff');
		const [row] = await sql`select department_scoped from public.profiles where id = ${scoped.id}`;
		expect(row!.department_scoped).toBe(true);
		const [audit] = await sql`select details from public.audit_log
			where action = 'profiles.set_scope' and target_id = ${scoped.id}`;
		expect(audit!.details).toEqual({ old: false, new: true });
		const flag = await scoped.client
			.from('profiles')
			.select('department_scoped')
			.eq('id', scoped.id);
		expect(flag.error).not.toBeNull();
		const lift = await scoped.client
			.from('profiles')
			.update({ department_scoped: false })
			.eq('id', scoped.id);
		expect(lift.error).not.toBeNull();
	});
});

describe('what a scoped staff member sees', () => {
	test('the triage list and the staff view hold only their departments’ ideas', async () => {
		const ids = await listed(scoped);
		expect(ids).toContain(ownIdea);
		expect(ids).not.toContain(otherIdea);
		expect(ids).not.toContain(unrouted);
		const view = await scoped.client
			.from('staff_ideas')
			.select('id')
			.in('id', [ownIdea, otherIdea, unrouted]);
		expect(view.data!.map((row) => row.id)).toEqual([ownIdea]);
		const all = await listed(unscoped);
		expect(all).toEqual(expect.arrayContaining([ownIdea, otherIdea, unrouted]));
	});

	test('a submitted idea of no department is not theirs to read', async () => {
		const { data } = await scoped.client.from('ideas').select('id').eq('id', unrouted);
		expect(data).toEqual([]);
		const seen = await moderator.client.from('ideas').select('id').eq('id', unrouted);
		expect(seen.data).toHaveLength(1);
	});
});

describe('overdue ideas and the export of a view', () => {
	const exported = async (actor: Actor, filters: Record<string, unknown>) => {
		const { data, error } = await actor.client.rpc('staff_export_ideas', {
			filters,
			page_size: 5000
		});
		expect(error).toBeNull();
		return (data as { id: string }[]).map((row) => row.id);
	};

	test('the overdue view, its count and its export keep to a scoped member’s departments', async () => {
		// Ideas of their own, so that the other tests' ideas keep their age.
		const [oldOwn, oldOther, fresh] = await Promise.all([
			insertIdea({ author: null, title: 'Lange wartende Idee im eigenen Fachbereich' }),
			insertIdea({ author: null, title: 'Lange wartende Idee eines anderen Fachbereichs' }),
			insertIdea({ author: null, title: 'Frische Idee eines Fachbereichs' })
		]);
		await sql`update public.ideas set department_id = ${mine} where id = ${oldOwn}`;
		await sql`update public.ideas set department_id = ${other} where id in (${oldOther}, ${fresh})`;
		await sql`update public.ideas set created_at = now() - interval '400 days'
			where id in (${oldOwn}, ${oldOther})`;

		const overdueList = async (actor: Actor) => {
			const { data, error } = await actor.client.rpc('staff_list_ideas', {
				filters: { overdue: true },
				page_size: 200
			});
			expect(error).toBeNull();
			return (data as { items: { id: string }[] }).items.map((item) => item.id);
		};
		const scopedOverdue = await overdueList(scoped);
		expect(scopedOverdue).toContain(oldOwn);
		expect(scopedOverdue).not.toContain(oldOther);
		const departments = await sql<{ department_id: number }[]>`
			select distinct department_id from public.ideas where id = any (${scopedOverdue}::uuid[])`;
		expect(departments.map((row) => row.department_id)).toEqual([mine]);
		expect(await overdueList(unscoped)).toEqual(expect.arrayContaining([oldOwn, oldOther]));

		const [expected] = await sql<{ mine: number }[]>`
			select count(*)::int as mine from public.ideas i
			 where i.department_id = ${mine} and i.status in ('published', 'under_review')
			   and i.created_at <= now() - make_interval(days => (select answer_target_days from public.settings))
			   and not exists (select 1 from public.idea_events e where e.idea_id = i.id and e.kind = 'answer')`;
		const count = await scoped.client.rpc('staff_overdue_count');
		expect(count.data).toBe(expected!.mine);

		const scopedExport = await exported(scoped, { overdue: true });
		expect(scopedExport).toContain(oldOwn);
		expect(scopedExport).not.toContain(oldOther);
		const all = await exported(unscoped, { overdue: true });
		expect(all).toEqual(expect.arrayContaining([oldOwn, oldOther]));
		expect(all).not.toContain(fresh);
		expect(await exported(unscoped, { department: other })).toContain(fresh);
		expect(await exported(scoped, { department: other })).toEqual([]);
		await sql`delete from public.ideas where id in (${oldOwn}, ${oldOther}, ${fresh})`;
	});
});

describe('what a scoped staff member changes', () => {
	test('triage, status, answer, note and save on another department’s idea are refused', async () => {
		const before =
			await sql`select version, status, priority from public.ideas where id = ${otherIdea}`;
		const triage = await scoped.client.rpc('triage_idea', {
			idea: otherIdea,
			patch: { priority: 'high' }
		});
		expectCode(triage.error, 'out_of_scope', '42501');
		const status = await scoped.client.rpc('set_idea_status', {
			idea: otherIdea,
			status: 'under_review'
		});
		expectCode(status.error, 'out_of_scope', '42501');
		const answer = await scoped.client.rpc('respond_to_idea', {
			idea: otherIdea,
			status: 'published',
			answer: 'Eine Antwort.'
		});
		expectCode(answer.error, 'out_of_scope', '42501');
		const note = await scoped.client.rpc('add_idea_note', { idea: otherIdea, body: 'Notiz.' });
		expectCode(note.error, 'out_of_scope', '42501');
		const save = await scoped.client.rpc('staff_save_idea', {
			idea: otherIdea,
			expected_version: before[0]!.version,
			status: 'under_review'
		});
		expectCode(save.error, 'out_of_scope', '42501');
		const after =
			await sql`select version, status, priority from public.ideas where id = ${otherIdea}`;
		expect(after).toEqual(before);
		const [events] =
			await sql`select count(*)::int as n from public.idea_events where idea_id = ${otherIdea}`;
		expect(events!.n).toBe(0);
	});

	test('a bulk change reports the other department’s idea and changes their own', async () => {
		const { data, error } = await scoped.client.rpc('bulk_set_idea_status', {
			ideas: [ownIdea, otherIdea],
			status: 'under_review'
		});
		expect(error).toBeNull();
		const byId = Object.fromEntries(
			(data as { idea_id: string; error: string | null }[]).map((r) => [r.idea_id, r.error])
		);
		expect(byId).toEqual({ [ownIdea]: null, [otherIdea]: 'out_of_scope' });
		const rows =
			await sql`select id, status from public.ideas where id in ${sql([ownIdea, otherIdea])}`;
		expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
			[ownIdea]: 'under_review',
			[otherIdea]: 'published'
		});
	});

	test('their own department’s idea they may hand over to another department', async () => {
		const idea = await insertIdea({ author: null });
		await sql`update public.ideas set department_id = ${mine} where id = ${idea}`;
		const { error } = await scoped.client.rpc('triage_idea', {
			idea,
			patch: { department_id: other }
		});
		expect(error).toBeNull();
		const again = await scoped.client.rpc('triage_idea', { idea, patch: { priority: 'low' } });
		expectCode(again.error, 'out_of_scope', '42501');
	});

	test('unscoped staff still change any idea; lifting the scope lifts the limit', async () => {
		const { error } = await unscoped.client.rpc('triage_idea', {
			idea: otherIdea,
			patch: { priority: 'low' }
		});
		expect(error).toBeNull();
		const member = await createUser({ role: 'staff' });
		await admin.client.rpc('set_user_departments', { user_id: member.id, departments: [mine] });
		await admin.client.rpc('set_user_department_scope', { user_id: member.id, scoped: true });
		expect(await listed(member)).not.toContain(otherIdea);
		await admin.client.rpc('set_user_department_scope', { user_id: member.id, scoped: false });
		expect(await listed(member)).toContain(otherIdea);
	});

	test('who stops being staff is no longer scoped', async () => {
		const member = await createUser({ role: 'staff' });
		await admin.client.rpc('set_user_departments', { user_id: member.id, departments: [mine] });
		await admin.client.rpc('set_user_department_scope', { user_id: member.id, scoped: true });
		const { error } = await admin.client.rpc('set_user_role', {
			user_id: member.id,
			role: 'admin'
		});
		expect(error).toBeNull();
		const [row] = await sql`select department_scoped from public.profiles where id = ${member.id}`;
		expect(row!.department_scoped).toBe(false);
	});
});
