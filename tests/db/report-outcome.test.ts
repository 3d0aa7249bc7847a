import { beforeAll, describe, expect, test } from 'vitest';
import { type Actor, createUser, expectCode, insertIdea, sql } from './helpers.ts';

/**
 * Reports close with the decision they asked for: hiding a reported comment or idea resolves
 * every open report on it in the same transaction (audited like every moderation action), and
 * each reporter — nobody else — hears the outcome, never who decided.
 */

let author: Actor;
let reporter: Actor;
let otherReporter: Actor;
let bystander: Actor;
let moderator: Actor;

beforeAll(async () => {
	[author, reporter, otherReporter, bystander, moderator] = await Promise.all([
		createUser(),
		createUser(),
		createUser(),
		createUser(),
		createUser({ role: 'moderator' })
	]);
});

/** Fans out everything pending, as the worker does. */
async function fanOut(): Promise<void> {
	while ((await sql`select private.fan_out_notifications(100) as n`)[0]!.n > 0);
}

async function commentOn(idea: string, body = 'Ein gemeldeter Kommentar.'): Promise<string> {
	const [row] = await sql<{ id: string }[]>`insert into public.comments (idea_id, author_id, body)
		values (${idea}, ${author.id}, ${body}) returning id`;
	return row!.id;
}

async function report(who: Actor, target: { comment_id: string } | { idea_id: string }) {
	const { error } = await who.client.from('reports').insert({ ...target, reason: 'offensive' });
	expect(error).toBeNull();
}

async function reportsOn(column: 'comment_id' | 'idea_id', id: string) {
	return sql<{ reporter_id: string; status: string; resolved_by: string | null; note: string }[]>`
		select reporter_id, status::text, resolved_by, resolution_note as note from public.reports
		 where ${sql(column)} = ${id} order by reporter_id`;
}

async function toldOfReports(idea: string) {
	return sql<{ recipient_id: string; details: Record<string, unknown> }[]>`
		select recipient_id, details from public.notifications
		 where idea_id = ${idea} and kind = 'report_resolved' order by recipient_id`;
}

/** Dismisses the (one) report on a comment, as the queue's "Verwerfen" does. */
async function dismissReportOn(comment: string): Promise<void> {
	const [row] = await sql<
		{ id: string }[]
	>`select id from public.reports where comment_id = ${comment}`;
	const { error } = await moderator.client.rpc('resolve_report', {
		report: row!.id,
		status: 'dismissed'
	});
	expect(error).toBeNull();
}

describe('hiding closes the reports', () => {
	test('hiding a reported comment resolves every open report on it, each audited', async () => {
		const idea = await insertIdea({ author: author.id });
		const comment = await commentOn(idea);
		const untouched = await commentOn(idea, 'Ein anderer Kommentar.');
		await report(reporter, { comment_id: comment });
		await report(otherReporter, { comment_id: comment });
		await report(reporter, { comment_id: untouched });

		const { error } = await moderator.client.rpc('set_comment_hidden', {
			comment,
			hidden: true,
			reason: 'Beleidigend'
		});
		expect(error).toBeNull();

		const closed = await reportsOn('comment_id', comment);
		expect(closed).toHaveLength(2);
		for (const row of closed) {
			expect(row).toMatchObject({
				status: 'resolved',
				resolved_by: moderator.id,
				note: 'Beleidigend'
			});
		}
		expect((await reportsOn('comment_id', untouched)).map((r) => r.status)).toEqual(['open']);
		// Audited in the order decided: the hide, then each report it closed.
		const audit = await sql`select a.actor_id, a.action from public.audit_log a
			 where a.target_id = ${comment}
			    or a.target_id in (select r.id::text from public.reports r where r.comment_id = ${comment})
			 order by a.id`;
		expect(audit).toEqual([
			{ actor_id: moderator.id, action: 'comments.hide' },
			{ actor_id: moderator.id, action: 'reports.resolved' },
			{ actor_id: moderator.id, action: 'reports.resolved' }
		]);
	});

	test('in the same transaction: a hide that rolls back leaves its reports open', async () => {
		const idea = await insertIdea({ author: author.id });
		const comment = await commentOn(idea);
		await report(reporter, { comment_id: comment });
		await sql
			.begin(async (tx) => {
				await tx`update public.comments set status = 'hidden', hidden_reason = 'Spam'
					where id = ${comment}`;
				// Closed at the end of the transaction (after the hide's audit row); asked for now.
				const [before] =
					await tx`select status::text from public.reports where comment_id = ${comment}`;
				expect(before!.status).toBe('open');
				await tx`set constraints public.comments_hidden_close_reports immediate`;
				const [inside] =
					await tx`select status::text from public.reports where comment_id = ${comment}`;
				expect(inside!.status).toBe('resolved');
				throw new Error('roll back');
			})
			.catch((error: Error) => expect(error.message).toBe('roll back'));
		expect((await reportsOn('comment_id', comment)).map((r) => r.status)).toEqual(['open']);

		// A refused hide (no reason) closes nothing either.
		const { error } = await moderator.client.rpc('set_comment_hidden', { comment, hidden: true });
		expectCode(error, 'reason_required');
		expect((await reportsOn('comment_id', comment)).map((r) => r.status)).toEqual(['open']);
	});

	test('hiding a reported idea resolves its reports, from the queue and in bulk', async () => {
		const one = await insertIdea({ author: author.id });
		const two = await insertIdea({ author: author.id });
		await report(reporter, { idea_id: one });
		await report(reporter, { idea_id: two });
		await report(otherReporter, { idea_id: two });

		const single = await moderator.client.rpc('set_idea_status', {
			idea: one,
			status: 'hidden',
			reason: 'Werbung'
		});
		expect(single.error).toBeNull();
		const bulk = await moderator.client.rpc('bulk_set_idea_status', {
			ideas: [two],
			status: 'hidden',
			reason: 'Doppelt'
		});
		expect(bulk.error).toBeNull();

		expect(await reportsOn('idea_id', one)).toEqual([
			{ reporter_id: reporter.id, status: 'resolved', resolved_by: moderator.id, note: 'Werbung' }
		]);
		expect((await reportsOn('idea_id', two)).map((r) => [r.status, r.note])).toEqual([
			['resolved', 'Doppelt'],
			['resolved', 'Doppelt']
		]);
	});

	test('dismissing resolves as before, and a report closed by a hide is not closed twice', async () => {
		const idea = await insertIdea({ author: author.id });
		const kept = await commentOn(idea);
		const hidden = await commentOn(idea, 'Ausgeblendet.');
		await report(reporter, { comment_id: kept });
		await report(otherReporter, { comment_id: hidden });
		await dismissReportOn(kept);
		expect((await reportsOn('comment_id', kept)).map((r) => r.status)).toEqual(['dismissed']);

		await moderator.client.rpc('set_comment_hidden', {
			comment: hidden,
			hidden: true,
			reason: 'Spam'
		});
		await dismissReportOn(hidden);
		expect((await reportsOn('comment_id', hidden)).map((r) => r.status)).toEqual(['resolved']);
		await fanOut();
		expect((await toldOfReports(idea)).map((n) => n.details)).toEqual(
			[
				{ reporter_id: reporter.id, target: 'comment', outcome: 'visible' },
				{ reporter_id: otherReporter.id, target: 'comment', outcome: 'hidden' }
			].sort((a, b) => (String(a.reporter_id) < String(b.reporter_id) ? -1 : 1))
		);
	});
});

describe('the reporter is told the outcome', () => {
	test('each reporter hears it; the author, bystanders and the moderator do not', async () => {
		const idea = await insertIdea({ author: author.id });
		await sql`insert into public.follows (user_id, idea_id) values (${bystander.id}, ${idea})`;
		const comment = await commentOn(idea);
		await report(reporter, { comment_id: comment });
		await report(otherReporter, { comment_id: comment });
		await moderator.client.rpc('set_comment_hidden', { comment, hidden: true, reason: 'Spam' });
		await fanOut();

		const told = await toldOfReports(idea);
		expect(told.map((n) => n.recipient_id)).toEqual([reporter.id, otherReporter.id].sort());
		for (const n of told) {
			expect(n.details).toMatchObject({ target: 'comment', outcome: 'hidden' });
			// Never who decided.
			expect(JSON.stringify(n.details)).not.toContain(moderator.id);
		}
		const others = await sql`select 1 from public.notifications where kind = 'report_resolved'
			and recipient_id in ${sql([author.id, bystander.id, moderator.id])}`;
		expect(others).toEqual([]);
	});

	test('a reporter reads only their own outcome (RLS)', async () => {
		const idea = await insertIdea({ author: author.id });
		const comment = await commentOn(idea);
		await report(reporter, { comment_id: comment });
		await report(otherReporter, { comment_id: comment });
		await moderator.client.rpc('set_comment_hidden', { comment, hidden: true, reason: 'Spam' });
		await fanOut();

		for (const who of [reporter, otherReporter]) {
			const { data, error } = await who.client
				.from('notifications')
				.select('kind, details')
				.eq('idea_id', idea);
			expect(error).toBeNull();
			expect(data).toEqual([
				{
					kind: 'report_resolved',
					details: { reporter_id: who.id, target: 'comment', outcome: 'hidden' }
				}
			]);
		}
		for (const who of [author, bystander, moderator]) {
			const { data } = await who.client
				.from('notifications')
				.select('id')
				.eq('kind', 'report_resolved')
				.eq('idea_id', idea);
			expect(data).toEqual([]);
		}
	});

	test('a reporter of a hidden idea hears that it was hidden, and keeps a mail choice for it', async () => {
		const idea = await insertIdea({ author: author.id });
		await report(reporter, { idea_id: idea });
		await moderator.client.rpc('set_idea_status', { idea, status: 'hidden', reason: 'Werbung' });
		await fanOut();
		expect((await toldOfReports(idea)).map((n) => [n.recipient_id, n.details])).toEqual([
			[reporter.id, { reporter_id: reporter.id, target: 'idea', outcome: 'hidden' }]
		]);
		const { error } = await reporter.client
			.from('notification_preferences')
			.upsert({ user_id: reporter.id, kind: 'report_resolved', mail: 'off' });
		expect(error).toBeNull();
	});
});
