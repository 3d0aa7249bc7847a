import { beforeAll, describe, expect, test } from 'vitest';
import {
	type Actor,
	anonClient,
	createAnonymousUser,
	createUnconfirmedUser,
	createUser,
	expectCode,
	ideaRow,
	insertIdea,
	sql,
	withSettings
} from './helpers.ts';

let author: Actor;
let voter: Actor;

beforeAll(async () => {
	[author, voter] = await Promise.all([createUser(), createUser()]);
});

async function votesFor(id: string): Promise<number> {
	const [row] = await sql`select count(*)::int as n from public.votes where idea_id = ${id}`;
	return row!.n as number;
}

describe('set_vote', () => {
	test('is idempotent: a replayed request never flips a vote', async () => {
		const id = await insertIdea({ author: author.id });
		for (let i = 0; i < 3; i++) {
			const { data, error } = await voter.client.rpc('set_vote', { idea: id, supported: true });
			expect(error).toBeNull();
			expect(data).toEqual({ idea_id: id, supported: true, vote_count: 1 });
		}
		for (let i = 0; i < 2; i++) {
			const { data } = await voter.client.rpc('set_vote', { idea: id, supported: false });
			expect(data.vote_count).toBe(0);
		}
		expect(await votesFor(id)).toBe(0);
	});

	test('50 concurrent calls by one user, alternating true/false, leave count = rows', async () => {
		const id = await insertIdea({ author: author.id });
		const results = await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				voter.client.rpc('set_vote', { idea: id, supported: i % 2 === 0 })
			)
		);
		expect(results.filter((r) => r.error)).toEqual([]);
		const rows = await votesFor(id);
		expect(rows).toBeLessThanOrEqual(1);
		expect((await ideaRow(id))!.vote_count).toBe(rows);
	});

	// Thirty sign-ups (password hashing) come first.
	test('30 users supporting one idea at once count 30', { timeout: 90_000 }, async () => {
		const id = await insertIdea({ author: author.id });
		const users = await Promise.all(Array.from({ length: 30 }, () => createUser()));
		const results = await Promise.all(
			users.map((u) => u.client.rpc('set_vote', { idea: id, supported: true }))
		);
		expect(results.filter((r) => r.error)).toEqual([]);
		expect(await votesFor(id)).toBe(30);
		expect((await ideaRow(id))!.vote_count).toBe(30);
	});

	test('only ideas open for support take votes; withdrawing is always possible', async () => {
		for (const status of ['accepted', 'implemented', 'declined']) {
			const id = await insertIdea({ author: author.id, status });
			const { error } = await voter.client.rpc('set_vote', { idea: id, supported: true });
			expectCode(error, 'idea_closed_for_votes', 'P0001');
			expect(await votesFor(id)).toBe(0);
		}
		const id = await insertIdea({ author: author.id, status: 'under_review' });
		await voter.client.rpc('set_vote', { idea: id, supported: true });
		await sql`update public.ideas set status = 'accepted' where id = ${id}`;
		const withdraw = await voter.client.rpc('set_vote', { idea: id, supported: false });
		expect(withdraw.error).toBeNull();
		expect((await ideaRow(id))!.vote_count).toBe(0);
	});

	test('an idea the voter cannot see is not found', async () => {
		const id = await insertIdea({ author: author.id, status: 'submitted' });
		const hidden = await voter.client.rpc('set_vote', { idea: id, supported: true });
		expectCode(hidden.error, 'idea_not_found', 'PT404');
		// Through the API a missing row is a 404, not a server error.
		expect(hidden.status).toBe(404);
		expectCode(
			(await voter.client.rpc('set_vote', { idea: crypto.randomUUID(), supported: true })).error,
			'idea_not_found'
		);
	});

	test('default rule: signed in, not anonymous, e-mail confirmed', async () => {
		const id = await insertIdea({ author: author.id });
		const anonymous = await createAnonymousUser();
		expectCode(
			(await anonymous.client.rpc('set_vote', { idea: id, supported: true })).error,
			'anonymous_not_allowed',
			'42501'
		);
		const unconfirmed = await createUnconfirmedUser();
		expectCode(
			(await unconfirmed.client.rpc('set_vote', { idea: id, supported: true })).error,
			'email_not_confirmed',
			'42501'
		);
		const direct = await unconfirmed.client.from('votes').insert({ idea_id: id });
		expect(direct.error?.code).toBe('42501');
		const nobody = await anonClient().rpc('set_vote', { idea: id, supported: true });
		expect(nobody.error).not.toBeNull();
		expect(await votesFor(id)).toBe(0);
	});

	test('the voting rule in settings widens who may vote', async () => {
		const id = await insertIdea({ author: author.id });
		const unconfirmed = await createUnconfirmedUser();
		const anonymous = await createAnonymousUser();
		await withSettings({ voting_rule: 'registered' }, async () => {
			expect(
				(await unconfirmed.client.rpc('set_vote', { idea: id, supported: true })).error
			).toBeNull();
			expectCode(
				(await anonymous.client.rpc('set_vote', { idea: id, supported: true })).error,
				'anonymous_not_allowed'
			);
		});
		await withSettings({ voting_rule: 'signed_in' }, async () => {
			expect(
				(await anonymous.client.rpc('set_vote', { idea: id, supported: true })).error
			).toBeNull();
		});
		expect((await ideaRow(id))!.vote_count).toBe(2);
	});

	test('nobody learns who supported what: only counts are public', async () => {
		const id = await insertIdea({ author: author.id });
		await voter.client.rpc('set_vote', { idea: id, supported: true });
		const admin = await createUser({ role: 'admin' });
		expect((await admin.client.from('votes').select('*').eq('idea_id', id)).data).toEqual([]);
		expect((await author.client.from('votes').select('*').eq('idea_id', id)).data).toEqual([]);
		expect(
			(await anonClient().from('ideas').select('vote_count').eq('id', id).single()).data
		).toEqual({ vote_count: 1 });
	});
});

describe('counts kept by triggers', () => {
	test('comment_count follows inserts, hides, restores and deletes', async () => {
		const id = await insertIdea({ author: author.id });
		const moderator = await createUser({ role: 'moderator' });
		const c1 = crypto.randomUUID();
		const c2 = crypto.randomUUID();
		await voter.client.rpc('add_comment', { id: c1, idea_id: id, body: 'Erster Kommentar' });
		await voter.client.rpc('add_comment', { id: c2, idea_id: id, body: 'Zweiter Kommentar' });
		expect((await ideaRow(id))!.comment_count).toBe(2);
		await moderator.client.rpc('set_comment_hidden', {
			comment: c1,
			hidden: true,
			reason: 'Off-Topic'
		});
		expect((await ideaRow(id))!.comment_count).toBe(1);
		await moderator.client.rpc('set_comment_hidden', { comment: c1, hidden: false });
		expect((await ideaRow(id))!.comment_count).toBe(2);
		await voter.client.from('comments').delete().eq('id', c2);
		expect((await ideaRow(id))!.comment_count).toBe(1);
	});

	test('vote_count equals the votes table for every idea after all of the above', async () => {
		const rows = await sql`select i.id from public.ideas i
			where i.vote_count <> (select count(*) from public.votes v where v.idea_id = i.id)
			   or i.comment_count <> (select count(*) from public.comments c where c.idea_id = i.id and c.status = 'visible')`;
		expect(rows).toEqual([]);
	});
});
