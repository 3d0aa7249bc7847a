import { beforeAll, describe, expect, test } from 'vitest';
import { type Actor, createUser, expectCode, ideaRow, insertIdea, sql } from './helpers.ts';

let staff: Actor;
let author: Actor;

beforeAll(async () => {
	[staff, author] = await Promise.all([createUser({ role: 'staff' }), createUser()]);
});

async function voters(id: string): Promise<string[]> {
	const rows = await sql`select user_id from public.votes where idea_id = ${id} order by user_id`;
	return rows.map((r) => r.user_id as string);
}

describe('merge_ideas', () => {
	test('moves supports without counting anyone twice, moves follows, keeps counts right', async () => {
		const [a, b, c] = await Promise.all([createUser(), createUser(), createUser()]);
		const source = await insertIdea({ author: author.id });
		const target = await insertIdea({ author: author.id, status: 'under_review' });
		await a.client.rpc('set_vote', { idea: source, supported: true });
		await b.client.rpc('set_vote', { idea: source, supported: true });
		await b.client.rpc('set_vote', { idea: target, supported: true });
		await c.client.rpc('set_vote', { idea: target, supported: true });
		await a.client.from('follows').insert({ idea_id: source });
		await b.client.from('follows').insert({ idea_id: target });

		const { data, error } = await staff.client.rpc('merge_ideas', {
			source,
			target,
			reason: 'Gleiches Anliegen.'
		});
		expect(error).toBeNull();
		expect(data).toMatchObject({
			status: 'merged',
			merged_into: target,
			status_reason: 'Gleiches Anliegen.'
		});

		expect(await voters(source)).toEqual([]);
		expect(await voters(target)).toEqual([a.id, b.id, c.id].sort());
		expect((await ideaRow(target))!.vote_count).toBe(3);
		expect((await ideaRow(source))!.vote_count).toBe(0);
		const follows =
			await sql`select user_id from public.follows where idea_id = ${target} order by user_id`;
		expect(follows.map((r) => r.user_id)).toEqual([a.id, b.id].sort());

		const audit =
			await sql`select action, details from public.audit_log where target_id = ${source}`;
		expect(audit).toEqual([
			{
				action: 'ideas.merge',
				details: { into: target, votes_moved: 1, reason: 'Gleiches Anliegen.' }
			}
		]);
		const events =
			await sql`select idea_id, kind from public.idea_events where idea_id in (${source}, ${target})`;
		expect(events).toHaveLength(2);
	});

	test('earlier duplicates follow along: a chain always points at the surviving idea', async () => {
		const first = await insertIdea({ author: author.id });
		const second = await insertIdea({ author: author.id });
		const survivor = await insertIdea({ author: author.id });
		expect(
			(await staff.client.rpc('merge_ideas', { source: first, target: second })).error
		).toBeNull();
		expect(
			(await staff.client.rpc('merge_ideas', { source: second, target: survivor })).error
		).toBeNull();
		expect((await ideaRow(first))!.merged_into).toBe(survivor);
		expect((await ideaRow(second))!.merged_into).toBe(survivor);
	});

	test('refuses what makes no sense', async () => {
		const open = await insertIdea({ author: author.id });
		expectCode(
			(await staff.client.rpc('merge_ideas', { source: open, target: open })).error,
			'merge_invalid'
		);
		for (const status of ['submitted', 'hidden', 'declined']) {
			const target = await insertIdea({ author: author.id, status });
			expectCode(
				(await staff.client.rpc('merge_ideas', { source: open, target })).error,
				'merge_target_invalid'
			);
		}
		const done = await insertIdea({ author: author.id, status: 'implemented' });
		expectCode(
			(await staff.client.rpc('merge_ideas', { source: done, target: open })).error,
			'invalid_status_transition'
		);
		expectCode(
			(await staff.client.rpc('merge_ideas', { source: open, target: crypto.randomUUID() })).error,
			'idea_not_found',
			'PT404'
		);
		expectCode(
			(await author.client.rpc('merge_ideas', { source: open, target: done })).error,
			'forbidden',
			'42501'
		);
		expect((await ideaRow(open))!.status).toBe('published');
	});

	test('a stale editor gets version_conflict', async () => {
		const source = await insertIdea({ author: author.id });
		const target = await insertIdea({ author: author.id });
		await sql`update public.ideas set priority = 'low' where id = ${source}`;
		expectCode(
			(await staff.client.rpc('merge_ideas', { source, target, expected_version: 1 })).error,
			'version_conflict',
			'PT409'
		);
	});
});
