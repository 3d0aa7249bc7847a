import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { createUser, insertIdea, sql, type Actor } from './helpers.ts';

/**
 * The triage table's paths that skip a sort over every idea (staff_list_ideas): the support order
 * from private.idea_support followed by the ideas without support, paged across that seam; the
 * support range, tag and typo filters. Each test works on ideas with a tag of its own, so the
 * ideas other test files add never get in the way.
 */

interface Page {
	total: number;
	more: boolean;
	items: { id: string; vote_count: number; tags: string[] }[];
}

let staff: Actor;
let voters: Actor[];

beforeAll(async () => {
	[staff, ...voters] = await Promise.all([
		createUser({ role: 'staff' }),
		createUser(),
		createUser(),
		createUser()
	]);
});

async function list(args: Record<string, unknown>): Promise<Page> {
	const { data, error } = await staff.client.rpc('staff_list_ideas', args);
	expect(error).toBeNull();
	return data as unknown as Page;
}

/** Ideas with a fresh tag, created one second apart (oldest first), with the given supports. */
async function taggedIdeas(
	supports: number[],
	title = 'Triage-Reihenfolge'
): Promise<{
	tag: string;
	ids: string[];
}> {
	const tag = `t${randomUUID().slice(0, 8)}`;
	const ids: string[] = [];
	for (const [n, count] of supports.entries()) {
		const id = await insertIdea({ author: voters[0]!.id, title: `${title} ${n}` });
		await sql`update public.ideas set tags = array[${tag}],
			created_at = now() - make_interval(secs => ${100 - n}) where id = ${id}`;
		for (const voter of voters.slice(0, count)) {
			await sql`insert into public.votes (idea_id, user_id) values (${id}, ${voter.id})`;
		}
		ids.push(id);
	}
	return { tag, ids };
}

describe('staff_list_ideas by support', () => {
	test('most supports first, ties newest first, then ideas without support newest first, on every page', async () => {
		// Index = age (0 oldest); supports per idea.
		const { tag, ids } = await taggedIdeas([2, 0, 3, 2, 0, 1]);
		const expected = [ids[2], ids[3], ids[0], ids[5], ids[4], ids[1]];

		const all = await list({ filters: { tag }, sort: 'vote_count' });
		expect(all.items.map((i) => i.id)).toEqual(expected);
		expect(all.total).toBe(6);

		const pages: string[] = [];
		for (let skip = 0; skip < 6; skip += 4) {
			const page = await list({ filters: { tag }, sort: 'vote_count', page_size: 4, skip });
			pages.push(...page.items.map((i) => i.id));
		}
		expect(pages).toEqual(expected);
		// A page that starts after every supported idea.
		const tail = await list({ filters: { tag }, sort: 'vote_count', page_size: 1, skip: 5 });
		expect(tail.items.map((i) => i.id)).toEqual([ids[1]]);

		const ascending = await list({ filters: { tag }, sort: 'vote_count', descending: false });
		expect(ascending.items.map((i) => i.vote_count)).toEqual([0, 0, 1, 2, 2, 3]);
	});

	test('a support range and the support order agree with the counts on the ideas', async () => {
		const { tag, ids } = await taggedIdeas([1, 3, 0, 2]);
		const range = await list({ filters: { tag, min_support: 2, max_support: 3 } });
		expect(range.items.map((i) => i.id)).toEqual([ids[3], ids[1]]);
		expect(range.total).toBe(2);
		const none = await list({ filters: { tag, max_support: 0 }, sort: 'vote_count' });
		expect(none.items.map((i) => i.id)).toEqual([ids[2]]);
		const some = await list({ filters: { tag, min_support: 1 }, sort: 'vote_count' });
		expect(some.items.map((i) => i.id)).toEqual([ids[1], ids[3], ids[0]]);

		// A withdrawn support moves the idea at once.
		await sql`delete from public.votes where idea_id = ${ids[1]!} and user_id = ${voters[2]!.id}`;
		const after = await list({ filters: { tag }, sort: 'vote_count' });
		expect(after.items.map((i) => i.vote_count)).toEqual([2, 2, 1, 0]);
		expect(after.items.map((i) => i.id).slice(0, 2)).toEqual([ids[3], ids[1]]);
	});
});

describe('staff_list_ideas filters', () => {
	test('a tag matches whatever the case, and only ideas carrying it', async () => {
		const { tag, ids } = await taggedIdeas([0, 0]);
		const page = await list({ filters: { tag: tag.toUpperCase() } });
		expect(new Set(page.items.map((i) => i.id))).toEqual(new Set(ids));
		expect(page.items.every((i) => i.tags.includes(tag))).toBe(true);
	});

	test('a typo finds similar titles once no idea has the words, with the other filters', async () => {
		const word = `Quorx${randomUUID()
			.replace(/[^a-f]/g, '')
			.slice(0, 6)}platz`;
		const { tag, ids } = await taggedIdeas([1, 0], word);
		// One letter missing: no full-text hit, a similar title.
		const typo = word.slice(0, 6) + word.slice(7);
		const page = await list({ filters: { q: typo, tag }, sort: 'vote_count' });
		expect(page.items.map((i) => i.id)).toEqual([ids[0], ids[1]]);
		expect(page.total).toBe(2);
		const narrowed = await list({ filters: { q: typo, tag, min_support: 1 } });
		expect(narrowed.items.map((i) => i.id)).toEqual([ids[0]]);
	});
});
