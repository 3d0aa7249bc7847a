import { beforeAll, describe, expect, test } from 'vitest';
import { type Cast, createCast, expectCode, insertIdea, sql } from './helpers.ts';

/**
 * The staff console's database side, through supabase-js as each caller: the console's RPCs and
 * staff-only rows are refused to anon, anonymous sign-ins, citizens and businesses (and the
 * staff-only ones to moderators); the right role gets them, with events and audit rows written.
 */

let cast: Cast;
const OUTSIDERS = ['anon', 'anonymous', 'citizen', 'business'] as const;

beforeAll(async () => {
	cast = await createCast();
});

async function auditRows(targetId: string, action: string) {
	return sql`select actor_id, action, details from public.audit_log
		where target_id = ${targetId} and action = ${action}`;
}

describe('staff_list_ideas', () => {
	test.each([...OUTSIDERS, 'moderator'] as const)('refused for %s', async (who) => {
		const { data, error } = await cast[who].client.rpc('staff_list_ideas', {});
		expect(data).toBeNull();
		expect(error?.message).toMatch(/^(forbidden|not_signed_in|permission denied.*)$/);
	});

	test.each(['staff', 'admin'] as const)('lists every status for %s, filtered', async (who) => {
		const title = `Triagetest ${crypto.randomUUID().slice(0, 8)}`;
		const ids = await Promise.all(
			['submitted', 'hidden', 'declined', 'published'].map((status) =>
				insertIdea({ author: cast.citizen.id, status, title: `${title} ${status}` })
			)
		);
		const { data, error } = await cast[who].client.rpc('staff_list_ideas', {
			filters: { q: title },
			sort: 'title',
			descending: false
		});
		expect(error).toBeNull();
		const result = data as { total: number; items: { id: string; status: string }[] };
		expect(new Set(result.items.map((i) => i.id))).toEqual(new Set(ids));
		expect(result.items.map((i) => i.status)).toEqual([
			'declined',
			'hidden',
			'published',
			'submitted'
		]);

		const filtered = await cast[who].client.rpc('staff_list_ideas', {
			filters: { q: title, statuses: ['hidden', 'submitted'], department: 'none' }
		});
		expect((filtered.data as { total: number }).total).toBe(2);
	});

	test('refuses a bad sort or filter value with a clear code', async () => {
		expectCode(
			(await cast.staff.client.rpc('staff_list_ideas', { sort: 'body' })).error,
			'sort_invalid'
		);
		expectCode(
			(await cast.staff.client.rpc('staff_list_ideas', { filters: { min_support: 'many' } })).error,
			'filter_invalid'
		);
	});
});

describe('respond_to_idea', () => {
	test.each([...OUTSIDERS, 'moderator'] as const)(
		'refused for %s, nothing changes',
		async (who) => {
			const id = await insertIdea({ author: cast.citizen.id, status: 'published' });
			const { error } = await cast[who].client.rpc('respond_to_idea', {
				idea: id,
				status: 'under_review',
				answer: 'Wir prüfen das.'
			});
			expect(error).not.toBeNull();
			const [row] = await sql`select status, version from public.ideas where id = ${id}`;
			expect(row).toMatchObject({ status: 'published', version: 1 });
			const events = await sql`select 1 from public.idea_events where idea_id = ${id}`;
			expect(events).toHaveLength(0);
		}
	);

	test('staff change the status with a public answer; events and audit rows are written', async () => {
		const id = await insertIdea({ author: cast.citizen.id, status: 'published' });
		const { data, error } = await cast.staff.client.rpc('respond_to_idea', {
			idea: id,
			status: 'under_review',
			answer: 'Der Fachbereich prüft die Idee bis Ende des Monats.',
			expected_version: 1
		});
		expect(error).toBeNull();
		expect(data).toMatchObject({ status: 'under_review', version: 2 });
		const events = await sql`select kind, is_internal, to_status, body from public.idea_events
			where idea_id = ${id} order by id`;
		expect(events).toEqual([
			{ kind: 'status_change', is_internal: false, to_status: 'under_review', body: null },
			{
				kind: 'answer',
				is_internal: false,
				to_status: null,
				body: 'Der Fachbereich prüft die Idee bis Ende des Monats.'
			}
		]);
		expect(await auditRows(id, 'ideas.set_status')).toHaveLength(1);
		const [answer] = await auditRows(id, 'ideas.answer');
		expect(answer?.actor_id).toBe(cast.staff.id);

		// The author (and anyone) reads the answer through the public timeline.
		const seen = await cast.anon.client
			.from('idea_events')
			.select('kind, body')
			.eq('idea_id', id)
			.eq('kind', 'answer');
		expect(seen.data).toHaveLength(1);
	});

	test('declining needs the answer as its public reason', async () => {
		const id = await insertIdea({ author: cast.citizen.id, status: 'under_review' });
		expectCode(
			(await cast.staff.client.rpc('respond_to_idea', { idea: id, status: 'declined' })).error,
			'reason_required'
		);
		const { data } = await cast.staff.client.rpc('respond_to_idea', {
			idea: id,
			status: 'declined',
			answer: 'Dafür ist der Landkreis zuständig.'
		});
		expect(data).toMatchObject({
			status: 'declined',
			status_reason: 'Dafür ist der Landkreis zuständig.'
		});
	});

	test('a stale version is refused and nothing is written', async () => {
		const id = await insertIdea({ author: cast.citizen.id, status: 'published' });
		// Someone else triaged the idea first: version 1 → 2.
		expect(
			(
				await cast.admin.client.rpc('triage_idea', {
					idea: id,
					patch: { priority: 'high' },
					expected_version: 1
				})
			).error
		).toBeNull();
		const stale = await cast.staff.client.rpc('respond_to_idea', {
			idea: id,
			status: 'accepted',
			answer: 'Angenommen.',
			expected_version: 1
		});
		expectCode(stale.error, 'version_conflict', 'PT409');
		const [row] = await sql`select status, priority, version from public.ideas where id = ${id}`;
		expect(row).toMatchObject({ status: 'published', priority: 'high', version: 2 });
		expect(
			await sql`select 1 from public.idea_events where idea_id = ${id} and kind = 'answer'`
		).toHaveLength(0);
	});
});

describe('bulk_set_idea_status', () => {
	test.each(OUTSIDERS)('refused for %s', async (who) => {
		const id = await insertIdea({ author: cast.citizen.id, status: 'submitted' });
		const { error } = await cast[who].client.rpc('bulk_set_idea_status', {
			ideas: [id],
			status: 'published'
		});
		expect(error).not.toBeNull();
		expect((await sql`select status from public.ideas where id = ${id}`)[0]?.status).toBe(
			'submitted'
		);
	});

	test('a moderator approves several at once; one audit row each', async () => {
		const ids = await Promise.all(
			[1, 2, 3].map(() => insertIdea({ author: cast.citizen.id, status: 'submitted' }))
		);
		const { data, error } = await cast.moderator.client.rpc('bulk_set_idea_status', {
			ideas: ids,
			status: 'published'
		});
		expect(error).toBeNull();
		expect(data).toHaveLength(3);
		expect((data ?? []).every((row: { error: string | null }) => row.error === null)).toBe(true);
		const rows = await sql`select status from public.ideas where id = any(${ids}::uuid[])`;
		expect(rows.map((r) => r.status)).toEqual(['published', 'published', 'published']);
		for (const id of ids) expect(await auditRows(id, 'ideas.moderate')).toHaveLength(1);
	});

	test('a moderator hides with a reason the author then reads', async () => {
		const id = await insertIdea({ author: cast.citizen.id, status: 'submitted' });
		const refused = await cast.moderator.client.rpc('bulk_set_idea_status', {
			ideas: [id],
			status: 'hidden'
		});
		expect(refused.data).toEqual([{ idea_id: id, error: 'reason_required' }]);
		await cast.moderator.client.rpc('bulk_set_idea_status', {
			ideas: [id],
			status: 'hidden',
			reason: 'Enthält eine Telefonnummer.'
		});
		const own = await cast.citizen.client
			.from('ideas')
			.select('status, status_reason')
			.eq('id', id)
			.single();
		expect(own.data).toEqual({ status: 'hidden', status_reason: 'Enthält eine Telefonnummer.' });
		expect(await auditRows(id, 'ideas.moderate')).toHaveLength(1);
	});

	test('a moderator cannot use it for triage statuses; refused ideas are reported per idea', async () => {
		const id = await insertIdea({ author: cast.citizen.id, status: 'published' });
		expectCode(
			(await cast.moderator.client.rpc('bulk_set_idea_status', { ideas: [id], status: 'accepted' }))
				.error,
			'forbidden'
		);
		const done = await insertIdea({ author: cast.citizen.id, status: 'implemented' });
		const { data } = await cast.staff.client.rpc('bulk_set_idea_status', {
			ideas: [id, done],
			status: 'under_review'
		});
		const byId = new Map(
			(data ?? []).map((r: { idea_id: string; error: string | null }) => [r.idea_id, r.error])
		);
		expect(byId.get(id)).toBeNull();
		expect(byId.get(done)).toBe('invalid_status_transition');
	});
});

describe('staff-only rows through the raw REST API', () => {
	test.each(OUTSIDERS)(
		'%s reads no audit log, no internal note, no one else’s report',
		async (who) => {
			const id = await insertIdea({ author: cast.business.id, status: 'published' });
			await cast.staff.client.rpc('add_idea_note', { idea: id, body: 'Intern: Kosten prüfen.' });
			await sql`insert into public.reports (reporter_id, idea_id, reason) values (${cast.moderator.id}, ${id}, 'spam')`;
			const client = cast[who].client;
			const audit = await client.from('audit_log').select('*').eq('target_id', id);
			expect(audit.data ?? []).toEqual([]);
			const notes = await client
				.from('idea_events')
				.select('*')
				.eq('idea_id', id)
				.eq('is_internal', true);
			expect(notes.data ?? []).toEqual([]);
			const reports = await client.from('reports').select('*').eq('idea_id', id);
			expect(reports.data ?? []).toEqual([]);
			const submitted = await insertIdea({ author: cast.moderator.id, status: 'submitted' });
			const queue = await client.from('ideas').select('id').eq('id', submitted);
			expect(queue.data ?? []).toEqual([]);
		}
	);

	test.each(['moderator', 'staff'] as const)(
		'%s sees the moderation queue and open reports',
		async (who) => {
			const id = await insertIdea({ author: cast.citizen.id, status: 'submitted' });
			await sql`insert into public.reports (reporter_id, idea_id, reason) values (${cast.business.id}, ${id}, 'offensive')`;
			const queue = await cast[who].client.from('ideas').select('id').eq('id', id);
			expect(queue.data).toEqual([{ id }]);
			const reports = await cast[who].client.from('reports').select('reason').eq('idea_id', id);
			expect(reports.data).toEqual([{ reason: 'offensive' }]);
		}
	);

	test.each([...OUTSIDERS, 'moderator'] as const)(
		'%s cannot triage, note or merge',
		async (who) => {
			const id = await insertIdea({ author: cast.citizen.id, status: 'published' });
			const other = await insertIdea({ author: cast.citizen.id, status: 'published' });
			const client = cast[who].client;
			expect(
				(await client.rpc('triage_idea', { idea: id, patch: { priority: 'high' } })).error
			).not.toBeNull();
			expect((await client.rpc('add_idea_note', { idea: id, body: 'x' })).error).not.toBeNull();
			expect((await client.rpc('merge_ideas', { source: id, target: other })).error).not.toBeNull();
			const [row] = await sql`select status, priority, version from public.ideas where id = ${id}`;
			expect(row).toMatchObject({ status: 'published', priority: null, version: 1 });
		}
	);

	test.each(OUTSIDERS)('%s cannot hide comments, close reports or restore ideas', async (who) => {
		const id = await insertIdea({ author: cast.citizen.id, status: 'hidden' });
		const [comment] = await sql`insert into public.comments (idea_id, author_id, body)
			select ${await insertIdea({ author: cast.citizen.id })}, ${cast.citizen.id}, 'Ein Kommentar.' returning id`;
		const [report] = await sql`insert into public.reports (reporter_id, comment_id, reason)
			values (${cast.business.id}, ${comment!.id}, 'spam') returning id`;
		const client = cast[who].client;
		expect((await client.rpc('restore_idea', { idea: id })).error).not.toBeNull();
		expect(
			(
				await client.rpc('set_comment_hidden', {
					comment: comment!.id,
					hidden: true,
					reason: 'Spam'
				})
			).error
		).not.toBeNull();
		expect(
			(await client.rpc('resolve_report', { report: report!.id, status: 'resolved' })).error
		).not.toBeNull();
		const [state] = await sql`select
			(select status from public.ideas where id = ${id}) as idea,
			(select status from public.comments where id = ${comment!.id}) as comment,
			(select status from public.reports where id = ${report!.id}) as report`;
		expect(state).toEqual({ idea: 'hidden', comment: 'visible', report: 'open' });
	});

	test('a moderator hides a reported comment, closes the report and restores an idea; all audited', async () => {
		const hidden = await insertIdea({ author: cast.citizen.id, status: 'hidden' });
		const [comment] = await sql`insert into public.comments (idea_id, author_id, body)
			select ${await insertIdea({ author: cast.citizen.id })}, ${cast.citizen.id}, 'Werbung!' returning id`;
		const [report] = await sql`insert into public.reports (reporter_id, comment_id, reason)
			values (${cast.business.id}, ${comment!.id}, 'spam') returning id`;
		const client = cast.moderator.client;
		expect((await client.rpc('restore_idea', { idea: hidden })).error).toBeNull();
		expect(
			(
				await client.rpc('set_comment_hidden', {
					comment: comment!.id,
					hidden: true,
					reason: 'Werbung'
				})
			).error
		).toBeNull();
		expect(
			(await client.rpc('resolve_report', { report: report!.id, status: 'resolved' })).error
		).toBeNull();
		expect(await auditRows(hidden, 'ideas.restore')).toHaveLength(1);
		expect(await auditRows(comment!.id, 'comments.hide')).toHaveLength(1);
		expect(await auditRows(report!.id, 'reports.resolved')).toHaveLength(1);
	});
});
