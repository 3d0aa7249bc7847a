import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { startNotificationWorker } from '../../scripts/worker.ts';
import { type Actor, createUser, insertIdea, sql } from './helpers.ts';

/**
 * Notifications: events are written by triggers in the transaction of what happened, fanned out
 * by the worker's step to the people who should hear of them — and to nobody else — exactly once.
 */

let author: Actor;
let follower: Actor;
let supporter: Actor;
let quiet: Actor; // supports, but asked not to be kept informed
let bystander: Actor;
let staff: Actor;

beforeAll(async () => {
	[author, follower, supporter, quiet, bystander, staff] = await Promise.all([
		createUser(),
		createUser(),
		createUser(),
		createUser(),
		createUser(),
		createUser({ role: 'staff' })
	]);
});

/** Fans out everything pending, as the worker does. */
async function fanOut(): Promise<void> {
	while ((await sql`select private.fan_out_notifications(100) as n`)[0]!.n > 0);
}

async function told(ideaId: string): Promise<Record<string, string[]>> {
	const rows = await sql<{ recipient_id: string; kind: string }[]>`
		select recipient_id, kind::text from public.notifications where idea_id = ${ideaId}
		and kind <> 'idea_new' order by id`;
	const byKind: Record<string, string[]> = {};
	for (const row of rows) (byKind[row.kind] ??= []).push(row.recipient_id);
	for (const list of Object.values(byKind)) list.sort();
	return byKind;
}

const sorted = (...actors: Actor[]) => actors.map((a) => a.id).sort();

async function ideaWithAudience(): Promise<string> {
	const idea = await insertIdea({ author: author.id, status: 'published' });
	await sql`insert into public.follows (user_id, idea_id) values (${follower.id}, ${idea})`;
	await sql`insert into public.votes (idea_id, user_id) values (${idea}, ${supporter.id})`;
	await sql`insert into public.votes (idea_id, user_id, notify) values (${idea}, ${quiet.id}, false)`;
	return idea;
}

describe('the outbox', () => {
	test('an event is written in the transaction of what happened, and goes with it', async () => {
		const idea = await insertIdea({ author: author.id, status: 'published' });
		await sql
			.begin(async (tx) => {
				await tx`insert into public.idea_events (idea_id, kind, from_status, to_status)
					values (${idea}, 'status_change', 'published', 'under_review')`;
				const [inside] = await tx`select count(*)::int as n from private.notification_events
					where idea_id = ${idea} and kind = 'status_changed'`;
				expect(inside!.n).toBe(1);
				throw new Error('roll back');
			})
			.catch((error: Error) => expect(error.message).toBe('roll back'));
		const [after] = await sql`select count(*)::int as n from private.notification_events
			where idea_id = ${idea} and kind = 'status_changed'`;
		expect(after!.n).toBe(0);
	});

	test('API users can neither read the outbox nor write notifications', async () => {
		const idea = await ideaWithAudience();
		await staff.client.rpc('set_idea_status', { idea, status: 'under_review' });
		await fanOut();
		const [row] = await sql<{ id: number }[]>`select id from public.notifications
			where idea_id = ${idea} and recipient_id = ${supporter.id}`;
		const write = await supporter.client
			.from('notifications')
			.insert({ recipient_id: supporter.id, event_id: 1, kind: 'answered', idea_id: idea });
		expect(write.error).not.toBeNull();
		await supporter.client.from('notifications').update({ kind: 'hidden' }).eq('id', row!.id);
		await supporter.client.from('notifications').delete().eq('id', row!.id);
		const [still] = await sql`select kind::text from public.notifications where id = ${row!.id}`;
		expect(still).toEqual({ kind: 'status_changed' });
		for (const role of ['anon', 'authenticated']) {
			const refused = await sql
				.begin(async (tx) => {
					await tx.unsafe(`set local role ${role}`);
					await tx`select id from private.notification_events limit 1`;
				})
				.then(
					() => null,
					(error: { code?: string }) => error.code
				);
			expect(refused, role).toBe('42501');
		}
	});
});

describe('who is told', () => {
	test('a status change and an answer: author, followers and supporters who asked; not who did it, not the quiet supporter', async () => {
		const idea = await ideaWithAudience();
		expect(
			(await staff.client.rpc('set_idea_status', { idea, status: 'under_review' })).error
		).toBeNull();
		expect(
			(
				await staff.client.rpc('add_idea_note', {
					idea,
					body: 'Wir prüfen das.',
					is_internal: false
				})
			).error
		).toBeNull();
		expect(
			(await staff.client.rpc('add_idea_note', { idea, body: 'Intern.', is_internal: true })).error
		).toBeNull();
		await fanOut();
		expect(await told(idea)).toEqual({
			status_changed: sorted(author, follower, supporter),
			answered: sorted(author, follower, supporter)
		});
	});

	test('a new comment tells the author only, and not when the author wrote it', async () => {
		const idea = await ideaWithAudience();
		await bystander.client.rpc('add_comment', {
			id: randomUUID(),
			idea_id: idea,
			body: 'Gute Idee!'
		});
		await author.client.rpc('add_comment', { id: randomUUID(), idea_id: idea, body: 'Danke!' });
		await fanOut();
		expect(await told(idea)).toEqual({ comment_added: [author.id] });
	});

	test('moderation tells the author how their submission fared', async () => {
		const approved = await insertIdea({ author: author.id, status: 'submitted' });
		const hidden = await insertIdea({ author: author.id, status: 'submitted' });
		await staff.client.rpc('set_idea_status', { idea: approved, status: 'published' });
		await staff.client.rpc('set_idea_status', {
			idea: hidden,
			status: 'hidden',
			reason: 'Werbung.'
		});
		await fanOut();
		expect(await told(approved)).toEqual({ published: [author.id] });
		expect(await told(hidden)).toEqual({ hidden: [author.id] });
	});

	test('an assignment tells the assignee', async () => {
		const idea = await ideaWithAudience();
		const colleague = await createUser({ role: 'staff' });
		const { error } = await staff.client.rpc('triage_idea', {
			idea,
			patch: { assignee_id: colleague.id }
		});
		expect(error).toBeNull();
		await fanOut();
		expect(await told(idea)).toEqual({ assigned: [colleague.id] });
	});

	test('a measure an idea went into moves on: its status, or progress past a quarter, tells the idea’s audience', async () => {
		const idea = await ideaWithAudience();
		const [measure] = await sql<{ id: string }[]>`
			insert into public.measures (title, field_slug, progress) values ('Glasfaser für alle Schulen', 'bildung', 10)
			returning id`;
		await sql`insert into public.measure_ideas (measure_id, idea_id) values (${measure!.id}, ${idea})`;
		const changed = async () => {
			await fanOut();
			return (await told(idea)).measure_changed?.length ?? 0;
		};
		// 10 → 20 %: a small step, no news.
		await sql`update public.measures set progress = 20 where id = ${measure!.id}`;
		expect(await changed()).toBe(0);
		// Past a quarter: news for the author, the follower and the supporter who asked.
		await sql`update public.measures set progress = 30 where id = ${measure!.id}`;
		expect(await changed()).toBe(3);
		expect((await told(idea)).measure_changed).toEqual(sorted(author, follower, supporter));
		// A new status, by a staff member: everyone but them hears of it again.
		const { error } = await staff.client.rpc('update_measure', {
			measure: measure!.id,
			patch: { status: 'in_progress' }
		});
		expect(error).toBeNull();
		expect(await changed()).toBe(6);
		const [latest] = await sql<{ details: Record<string, unknown> }[]>`
			select details from public.notifications where idea_id = ${idea} and kind = 'measure_changed'
			order by id desc limit 1`;
		expect(latest!.details).toMatchObject({
			measure_title: 'Glasfaser für alle Schulen',
			measure_status: 'in_progress',
			progress: 30
		});
	});

	test('a supporter turns "keep me informed" off for their own support, and for nobody else’s', async () => {
		const idea = await ideaWithAudience();
		const own = await supporter.client
			.from('votes')
			.update({ notify: false })
			.eq('idea_id', idea)
			.select('notify');
		expect(own.data).toEqual([{ notify: false }]);
		await bystander.client.from('votes').update({ notify: true }).eq('idea_id', idea);
		const rows = await sql`select user_id, notify from public.votes where idea_id = ${idea}
			order by notify, user_id`;
		expect(rows.every((r) => r.notify === false)).toBe(true);
	});
});

describe('the centre', () => {
	test('each person reads and marks read only their own', async () => {
		const idea = await ideaWithAudience();
		await staff.client.rpc('set_idea_status', { idea, status: 'under_review' });
		await fanOut();
		const mine = await supporter.client
			.from('notifications')
			.select('id, kind, read_at')
			.eq('idea_id', idea);
		expect(mine.data).toEqual([expect.objectContaining({ kind: 'status_changed', read_at: null })]);
		const others = await bystander.client.from('notifications').select('id').eq('idea_id', idea);
		expect(others.data).toEqual([]);

		const theirs = await sql<{ id: number }[]>`select id from public.notifications
			where idea_id = ${idea} and recipient_id = ${follower.id}`;
		const foreign = await supporter.client.rpc('mark_notifications_read', { ids: [theirs[0]!.id] });
		expect(foreign.data).toBe(0);
		const all = await supporter.client.rpc('mark_notifications_read', {});
		expect(all.data).toBeGreaterThanOrEqual(1);
		const [read] = await sql`select count(*)::int as n from public.notifications
			where idea_id = ${idea} and read_at is not null`;
		expect(read!.n).toBe(1);
	});
});

describe('the worker', () => {
	test('two workers at once, and a step repeated after a crash, tell each person once', async () => {
		const ideas = await Promise.all(Array.from({ length: 6 }, () => ideaWithAudience()));
		for (const idea of ideas)
			await staff.client.rpc('set_idea_status', { idea, status: 'under_review' });
		const { dbUrl } = inject('stack');
		const [one, two] = [postgres(dbUrl, { max: 1 }), postgres(dbUrl, { max: 1 })];
		try {
			await Promise.all(
				[one, two].map(async (worker) => {
					while ((await worker`select private.fan_out_notifications(2) as n`)[0]!.n > 0);
				})
			);
		} finally {
			await Promise.all([one.end(), two.end()]);
		}
		// A worker that died after writing the notifications but before marking its events.
		await sql`update private.notification_events set fanned_out_at = null
			where idea_id in ${sql(ideas)}`;
		await fanOut();
		const [counts] = await sql`select count(*)::int as rows,
				count(distinct (event_id, recipient_id))::int as distinct_rows
			from public.notifications where idea_id in ${sql(ideas)} and kind <> 'idea_new'`;
		expect(counts).toEqual({ rows: 6 * 3, distinct_rows: 6 * 3 });
	});
});

describe('the worker process', () => {
	test('woken by the event, it tells people without being asked', async () => {
		const idea = await ideaWithAudience();
		const worker = startNotificationWorker({
			databaseUrl: inject('stack').notifierUrl,
			log: () => {}
		});
		try {
			await staff.client.rpc('set_idea_status', { idea, status: 'under_review' });
			await expect
				.poll(async () => (await told(idea)).status_changed, { timeout: 5000 })
				.toEqual(sorted(author, follower, supporter));
		} finally {
			await worker.stop();
		}
	});

	test('its role may fan out and nothing else', async () => {
		const notifier = postgres(inject('stack').notifierUrl, { max: 1, onnotice: () => {} });
		try {
			const refused = (query: Promise<unknown>) =>
				query.then(
					() => 'allowed',
					(error: { code?: string }) => error.code
				);
			expect(await refused(notifier`select id from public.profiles limit 1`)).toBe('42501');
			expect(await refused(notifier`select id from public.notifications limit 1`)).toBe('42501');
			expect(await refused(notifier`delete from private.notification_events`)).toBe('42501');
			expect(await refused(notifier`select private.fan_out_notifications(1)`)).toBe('allowed');
		} finally {
			await notifier.end();
		}
	});
});
