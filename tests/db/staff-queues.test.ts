import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { type Actor, createUser, expectCode, insertIdea, sql, withSettings } from './helpers.ts';

/**
 * Queues that show age and bulk triage (issue 24, items 8 and 11; ADR 017): the bulk triage
 * function (who may, per-idea versions, events and audit rows), the canned reasons' RLS, the
 * overdue computation, and the reminder of an overdue idea's assignee — once, however often the
 * worker's step runs.
 */

let admin: Actor;
let staff: Actor;
let assignee: Actor;
let moderator: Actor;
let citizen: Actor;
let department: number;

beforeAll(async () => {
	[admin, staff, assignee, moderator, citizen] = await Promise.all([
		createUser({ role: 'admin' }),
		createUser({ role: 'staff' }),
		createUser({ role: 'staff', name: 'Erinnerte Person' }),
		createUser({ role: 'moderator' }),
		createUser()
	]);
	const [row] = await sql<{ id: number }[]>`select id from public.departments order by id limit 1`;
	department = row!.id;
});

const versionOf = async (id: string) =>
	(await sql<{ version: number }[]>`select version from public.ideas where id = ${id}`)[0]!.version;

describe('bulk triage', () => {
	test('staff assign department, assignee and status to many ideas, each with its events', async () => {
		const ideas = await Promise.all([
			insertIdea({ author: citizen.id }),
			insertIdea({ author: citizen.id })
		]);
		const versions = await Promise.all(ideas.map(versionOf));
		const { data, error } = await staff.client.rpc('bulk_triage_ideas', {
			ideas,
			patch: { department_id: department, assignee_id: assignee.id },
			status: 'under_review',
			versions
		});
		expect(error).toBeNull();
		expect(data).toEqual(
			expect.arrayContaining(ideas.map((idea_id) => ({ idea_id, error: null })))
		);
		const rows = await sql`select department_id, assignee_id, status from public.ideas
			where id in ${sql(ideas)}`;
		expect(rows).toEqual(
			ideas.map(() => ({
				department_id: department,
				assignee_id: assignee.id,
				status: 'under_review'
			}))
		);
		const events = await sql`select idea_id, kind from public.idea_events
			where idea_id in ${sql(ideas)} order by idea_id, id`;
		expect(events.filter((e) => e.kind === 'triage')).toHaveLength(2);
		expect(events.filter((e) => e.kind === 'status_change')).toHaveLength(2);
		const audit = await sql`select target_id from public.audit_log
			where action = 'ideas.triage' and target_id in ${sql(ideas)}`;
		expect(audit).toHaveLength(2);
	});

	test('an idea changed since the list was read is left alone and reported', async () => {
		const [fresh, stale] = await Promise.all([
			insertIdea({ author: citizen.id }),
			insertIdea({ author: citizen.id })
		]);
		const versions = [await versionOf(fresh!), (await versionOf(stale!)) - 1];
		const { data, error } = await staff.client.rpc('bulk_triage_ideas', {
			ideas: [fresh!, stale!],
			patch: { assignee_id: assignee.id },
			versions
		});
		expect(error).toBeNull();
		expect(data).toEqual([
			{ idea_id: fresh, error: null },
			{ idea_id: stale, error: 'version_conflict' }
		]);
		const [row] = await sql`select assignee_id from public.ideas where id = ${stale!}`;
		expect(row!.assignee_id).toBeNull();
	});

	test('an idea that is like that already gets no event, and a bad status changes nothing', async () => {
		const idea = await insertIdea({ author: citizen.id });
		await sql`update public.ideas set assignee_id = ${assignee.id} where id = ${idea}`;
		const same = await staff.client.rpc('bulk_triage_ideas', {
			ideas: [idea],
			patch: { assignee_id: assignee.id }
		});
		expect(same.data).toEqual([{ idea_id: idea, error: 'nothing_to_do' }]);
		const wrong = await staff.client.rpc('bulk_triage_ideas', {
			ideas: [idea],
			patch: { department_id: department },
			status: 'declined'
		});
		// Declining needs a public reason: the whole idea stays as it was, department included.
		expect(wrong.data).toEqual([{ idea_id: idea, error: 'reason_required' }]);
		const [row] = await sql`select department_id, status from public.ideas where id = ${idea}`;
		expect(row).toEqual({ department_id: null, status: 'published' });
		const events = await sql`select 1 from public.idea_events where idea_id = ${idea}`;
		expect(events).toHaveLength(0);
	});

	test('moderators, residents and visitors may not; nor may unknown fields or too many ideas', async () => {
		const idea = await insertIdea({ author: citizen.id });
		for (const actor of [moderator, citizen]) {
			const { error } = await actor.client.rpc('bulk_triage_ideas', {
				ideas: [idea],
				patch: { assignee_id: assignee.id }
			});
			expectCode(error, 'forbidden', '42501');
		}
		const odd = await staff.client.rpc('bulk_triage_ideas', {
			ideas: [idea],
			patch: { title: 'Neu' }
		});
		expectCode(odd.error, 'patch_invalid');
		const many = await staff.client.rpc('bulk_triage_ideas', {
			ideas: Array.from({ length: 201 }, () => randomUUID()),
			patch: { assignee_id: assignee.id }
		});
		expectCode(many.error, 'bulk_invalid');
		const [row] = await sql`select assignee_id from public.ideas where id = ${idea}`;
		expect(row!.assignee_id).toBeNull();
	});
});

describe('canned reasons', () => {
	test('admins write them, moderators and staff read them, residents see nothing', async () => {
		const label = `Werbung ${randomUUID().slice(0, 6)}`;
		const created = await admin.client
			.from('canned_reasons')
			.insert({ purpose: 'hide', label, body: 'Werbung ist hier nicht erlaubt.' })
			.select('id')
			.single();
		expect(created.error).toBeNull();
		const id = created.data!.id;
		for (const reader of [moderator, staff]) {
			const { data } = await reader.client.from('canned_reasons').select('label').eq('id', id);
			expect(data).toEqual([{ label }]);
		}
		const { data: none } = await citizen.client.from('canned_reasons').select('id').eq('id', id);
		expect(none).toEqual([]);

		const written = await staff.client
			.from('canned_reasons')
			.insert({ purpose: 'answer', label: 'Danke', body: 'Danke!' });
		expect(written.error).not.toBeNull();
		await staff.client.from('canned_reasons').update({ body: 'Anders.' }).eq('id', id);
		await staff.client.from('canned_reasons').delete().eq('id', id);
		const [row] = await sql`select body from public.canned_reasons where id = ${id}`;
		expect(row!.body).toBe('Werbung ist hier nicht erlaubt.');

		const changed = await admin.client
			.from('canned_reasons')
			.update({ body: 'Werbung und Spam sind nicht erlaubt.' })
			.eq('id', id);
		expect(changed.error).toBeNull();
		const audit = await sql`select action from public.audit_log
			where target_table = 'canned_reasons' and target_id = ${String(id)} order by id`;
		expect(audit.map((a) => a.action)).toEqual(['canned_reasons.insert', 'canned_reasons.update']);
	});

	test('an empty or overlong text is refused', async () => {
		const empty = await admin.client
			.from('canned_reasons')
			.insert({ purpose: 'answer', label: ' ', body: 'Text' });
		expect(empty.error?.code).toBe('23514');
		const long = await admin.client
			.from('canned_reasons')
			.insert({ purpose: 'answer', label: 'Lang', body: 'x'.repeat(2001) });
		expect(long.error?.code).toBe('23514');
		const odd = await admin.client
			.from('canned_reasons')
			.insert({ purpose: 'merge', label: 'Anders', body: 'Text' });
		expect(odd.error?.code).toBe('23514');
	});
});

/** An idea created `days` ago, assigned to `who` (or nobody). */
async function agedIdea(days: number, who: Actor | null = assignee): Promise<string> {
	const id = await insertIdea({ author: citizen.id, title: `Alt ${randomUUID().slice(0, 6)}` });
	await sql`update public.ideas set created_at = now() - make_interval(days => ${days}),
		assignee_id = ${who?.id ?? null} where id = ${id}`;
	return id;
}

const overdueIds = async () => {
	const { data, error } = await staff.client.rpc('staff_list_ideas', {
		filters: { overdue: true },
		page_size: 200
	});
	expect(error).toBeNull();
	return (data as unknown as { items: { id: string; awaiting: boolean }[] }).items;
};

describe('overdue', () => {
	test('an idea without an answer past the target is overdue; an answer or a decision ends it', async () => {
		const [late, young, answered, accepted] = await Promise.all([
			agedIdea(20),
			agedIdea(3),
			agedIdea(20),
			agedIdea(20)
		]);
		await staff.client.rpc('add_idea_note', {
			idea: answered,
			body: 'Wir prüfen das.',
			is_internal: false
		});
		await sql`update public.ideas set status = 'accepted' where id = ${accepted!}`;
		const ids = (await overdueIds()).map((item) => item.id);
		expect(ids).toContain(late);
		expect(ids).not.toContain(young);
		expect(ids).not.toContain(answered);
		expect(ids).not.toContain(accepted);
		// The target is the town's: at 2 days the young one is overdue too.
		await withSettings({ answer_target_days: 2 }, async () => {
			expect((await overdueIds()).map((item) => item.id)).toContain(young);
		});
		const { data: count } = await staff.client.rpc('staff_overdue_count');
		expect(count).toBeGreaterThanOrEqual(1);
		const { error } = await moderator.client.rpc('staff_overdue_count');
		expectCode(error, 'forbidden', '42501');
	});

	test('the target is 1 to 365 days', async () => {
		const { error } = await admin.client
			.from('settings')
			.update({ answer_target_days: 0 })
			.eq('id', true);
		expect(error?.code).toBe('23514');
	});
});

describe('reminders', () => {
	const reminders = (idea: string) =>
		sql`select recipient_id, details from public.notifications
			where idea_id = ${idea} and kind = 'answer_overdue'`;

	test('the assignee is reminded once per overdue idea, however often the step runs', async () => {
		const [late, young, nobody] = await Promise.all([
			agedIdea(15),
			agedIdea(1),
			agedIdea(30, null)
		]);
		const notifier = postgres(inject('stack').notifierUrl, { max: 2, onnotice: () => {} });
		try {
			// Two workers at once, then again: one reminder.
			await Promise.all([
				notifier`select private.remind_overdue_answers(1000)`,
				notifier`select private.remind_overdue_answers(1000)`
			]);
			await notifier`select private.remind_overdue_answers(1000)`;
			while ((await notifier`select private.fan_out_notifications(100) as n`)[0]!.n > 0);
		} finally {
			await notifier.end();
		}
		const told = await reminders(late!);
		expect(told).toHaveLength(1);
		expect(told[0]!.recipient_id).toBe(assignee.id);
		expect(told[0]!.details.days).toBeGreaterThanOrEqual(15);
		expect(await reminders(young!)).toHaveLength(0);
		expect(await reminders(nobody!)).toHaveLength(0);
		// Nobody else hears of it: not the author, not who follows it.
		const others = await sql`select 1 from public.notifications
			where idea_id = ${late!} and kind = 'answer_overdue' and recipient_id <> ${assignee.id}`;
		expect(others).toHaveLength(0);
	});

	test('an idea assigned once it is overdue is reminded then; an answered one never', async () => {
		const [later, answered] = await Promise.all([agedIdea(40, null), agedIdea(40)]);
		await staff.client.rpc('add_idea_note', {
			idea: answered,
			body: 'Antwort.',
			is_internal: false
		});
		await sql`select private.remind_overdue_answers(1000)`;
		await sql`update public.ideas set assignee_id = ${assignee.id} where id = ${later!}`;
		await sql`select private.remind_overdue_answers(1000)`;
		await sql`select private.remind_overdue_answers(1000)`;
		while ((await sql`select private.fan_out_notifications(100) as n`)[0]!.n > 0);
		expect(await reminders(later!)).toHaveLength(1);
		expect(await reminders(answered!)).toHaveLength(0);
	});
});
