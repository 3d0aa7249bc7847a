import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { anonClient, createUser, expectCode, INSIDE, sql, type Actor } from './helpers.ts';

/**
 * The list's trending and nearest orders, the total, and paging across the full-text and typo
 * phases. Each test works on ideas of a field of action of its own (or a made-up word), so the
 * ideas other test files add to the shared stack never get in the way.
 */

interface Row {
	id: string;
	title: string;
	vote_count: number;
	rank: number;
	distance_m: number | null;
}

const letters = () =>
	randomUUID()
		.replace(/[^a-f]/g, '')
		.slice(0, 6)
		.padEnd(6, 'k');

async function newField(): Promise<string> {
	const slug = `test_${letters()}`;
	await sql`insert into public.fields_of_action (slug, name_de, name_en)
		values (${slug}, ${`Test ${slug}`}, ${`Test ${slug}`})`;
	return slug;
}

async function idea(field: string, title: string, at = INSIDE): Promise<string> {
	const id = randomUUID();
	await sql`insert into public.ideas (id, title, field_slug, lat, lng, status)
		values (${id}, ${title}, ${field}, ${at.lat}, ${at.lng}, 'published')`;
	return id;
}

async function vote(ideaId: string, user: Actor, daysAgo: number): Promise<void> {
	await sql`insert into public.votes (idea_id, user_id, created_at)
		values (${ideaId}, ${user.id}, now() - make_interval(days => ${daysAgo}))`;
}

async function search(args: Record<string, unknown>): Promise<Row[]> {
	const { data, error } = await anonClient().rpc('search_ideas', args);
	expect(error).toBeNull();
	return data as Row[];
}

let voters: Actor[];
beforeAll(async () => {
	voters = await Promise.all([createUser(), createUser(), createUser()]);
});

describe('trending', () => {
	test('recent support outranks more but older support; ideas without any come last', async () => {
		const field = await newField();
		const old = await idea(field, 'Alte Liebe mit drei Stimmen');
		const fresh = await idea(field, 'Frische Idee mit einer Stimme');
		const none = await idea(field, 'Noch ohne Unterstützung');
		for (const voter of voters) await vote(old, voter, 30);
		await vote(fresh, voters[0]!, 0);

		const filters = { field };
		const trending = await search({ filters, sort: 'trending' });
		expect(trending.map((r) => r.id)).toEqual([fresh, old, none]);
		const byVotes = await search({ filters, sort: 'votes' });
		expect(byVotes.map((r) => r.id)).toEqual([old, fresh, none]);
		// With a search text too.
		const withQ = await search({ q: 'Stimme', filters, sort: 'trending' });
		expect(withQ.map((r) => r.id)).toEqual([fresh, old]);

		// Withdrawing the fresh support leaves the old idea on top.
		await sql`delete from public.votes where idea_id = ${fresh}`;
		const after = await search({ filters, sort: 'trending' });
		expect(after[0]!.id).toBe(old);
		expect(after.map((r) => r.id)).toEqual(expect.arrayContaining([fresh, none]));
	});

	test('the trigger keeps count and score equal to a recomputation from the votes', async () => {
		const field = await newField();
		const id = await idea(field, 'Punktzahl wie neu berechnet');
		await vote(id, voters[0]!, 20);
		await vote(id, voters[1]!, 3);
		await vote(id, voters[2]!, 0);
		await sql`delete from public.votes where idea_id = ${id} and user_id = ${voters[1]!.id}`;
		const [row] = await sql<{ kept: number; fresh: number; count: number }[]>`
			select t.score as kept, t.vote_count as count,
			       (select ln(sum(exp(private.trend_weight(v.created_at)))) from public.votes v
			         where v.idea_id = ${id}) as fresh
			  from private.idea_support t where t.idea_id = ${id}`;
		expect(row!.kept).toBeCloseTo(row!.fresh, 9);
		expect(row!.count).toBe(2);
		await sql`delete from public.votes where idea_id = ${id}`;
		const gone = await sql`select 1 from private.idea_support where idea_id = ${id}`;
		expect(gone.length).toBe(0);
	});

	test('pages join the supported and the unsupported ideas without gaps or repeats', async () => {
		const field = await newField();
		const ids: string[] = [];
		for (let i = 0; i < 7; i++) ids.push(await idea(field, `Seitenweise Idee Nummer ${i + 1}`));
		// Three with support (different ages), four without.
		await vote(ids[0]!, voters[0]!, 9);
		await vote(ids[1]!, voters[0]!, 1);
		await vote(ids[2]!, voters[0]!, 5);
		const all = await search({ filters: { field }, sort: 'trending', max_results: 100 });
		expect(all.slice(0, 3).map((r) => r.id)).toEqual([ids[1], ids[2], ids[0]]);
		expect(new Set(all.map((r) => r.id))).toEqual(new Set(ids));
		for (const size of [1, 2, 3, 4]) {
			const pages: string[] = [];
			for (let skip = 0; skip < 9; skip += size) {
				const page = await search({
					filters: { field },
					sort: 'trending',
					max_results: size,
					skip
				});
				pages.push(...page.map((r) => r.id));
			}
			expect(pages, `page size ${size}`).toEqual(all.map((r) => r.id));
		}
	});
});

describe('nearest', () => {
	test('orders by distance in metres, exactly, and pages through it', async () => {
		const field = await newField();
		const here = { lat: 50.55, lng: 9.68 };
		// A degree of longitude is about 0.64 of a degree of latitude here: east at 0.010° lng is
		// ~707 m away, north at 0.008° lat ~890 m. Plain degrees would put north first.
		const east = await idea(field, 'Im Osten gelegen', { lat: here.lat, lng: here.lng + 0.01 });
		const north = await idea(field, 'Im Norden gelegen', { lat: here.lat + 0.008, lng: here.lng });
		const close = await idea(field, 'Gleich um die Ecke', { lat: here.lat + 0.001, lng: here.lng });
		const far = await idea(field, 'Am anderen Ende', {
			lat: here.lat - 0.04,
			lng: here.lng - 0.05
		});
		const args = { filters: { field }, sort: 'nearest', near_lat: here.lat, near_lng: here.lng };

		const rows = await search(args);
		expect(rows.map((r) => r.id)).toEqual([close, east, north, far]);
		expect(rows.map((r) => r.distance_m)).toEqual(
			[...rows.map((r) => r.distance_m!)].sort((a, b) => a - b)
		);
		expect(rows[0]!.distance_m).toBeGreaterThan(100);
		expect(rows[0]!.distance_m).toBeLessThan(120);
		expect(rows[1]!.distance_m).toBeGreaterThan(690);
		expect(rows[1]!.distance_m).toBeLessThan(720);

		expect((await search({ ...args, max_results: 1 })).map((r) => r.id)).toEqual([close]);
		expect((await search({ ...args, max_results: 1, skip: 1 })).map((r) => r.id)).toEqual([east]);
		expect((await search({ ...args, max_results: 2, skip: 2 })).map((r) => r.id)).toEqual([
			north,
			far
		]);
		expect(await search({ ...args, skip: 4 })).toEqual([]);
		// With a search text: the matches by distance.
		const withQ = await search({ ...args, q: 'gelegen' });
		expect(withQ.map((r) => r.id)).toEqual([east, north]);
	});

	test('other orders give the distance too when a point is given, and none without', async () => {
		const field = await newField();
		await idea(field, 'Mit Abstand die beste Idee');
		const [withPoint] = await search({ filters: { field }, near_lat: 50.55, near_lng: 9.68 });
		expect(withPoint!.distance_m).toEqual(expect.any(Number));
		const [without] = await search({ filters: { field } });
		expect(without!.distance_m).toBeNull();
	});

	test('needs a valid point', async () => {
		const client = anonClient();
		expectCode(
			(await client.rpc('search_ideas', { sort: 'nearest' })).error,
			'near_required',
			'P0001'
		);
		expectCode(
			(await client.rpc('search_ideas', { sort: 'nearest', near_lat: 50.5 })).error,
			'near_invalid',
			'P0001'
		);
		expectCode(
			(await client.rpc('search_ideas', { sort: 'nearest', near_lat: 91, near_lng: 9 })).error,
			'near_invalid'
		);
		expectCode(
			(await client.rpc('search_ideas', { near_lat: 50, near_lng: -181 })).error,
			'near_invalid'
		);
	});
});

describe('full text, typos and the total', () => {
	test('typo search only when full text finds nothing; pages never mix the two', async () => {
		const word = `zentralwerk${letters()}`;
		const field = await newField();
		for (let i = 0; i < 3; i++) await idea(field, `Das ${word} Projekt ${i + 1}`);
		// A title with a word merely similar to it: not a full-text hit for the word.
		const neighbour = await idea(field, `Das ${word.slice(0, -1)}x Projekt`);

		const hits = await search({ q: word, filters: { field } });
		expect(hits.length).toBe(3);
		expect(hits.every((r) => r.rank > 0.01)).toBe(true);
		// Past the end of the full-text hits: nothing, not the similar titles.
		expect((await search({ q: word, filters: { field }, max_results: 2, skip: 2 })).length).toBe(1);
		expect(await search({ q: word, filters: { field }, max_results: 2, skip: 4 })).toEqual([]);

		// A typo: no full-text hit, so the word is corrected to the nearest known word (the
		// original, not its neighbour) and searched as usual.
		const typo = word.slice(0, 4) + word.slice(5);
		const similar = await search({ q: typo, filters: { field } });
		expect(similar.map((r) => r.id).sort()).toEqual(hits.map((r) => r.id).sort());
		expect(similar.map((r) => r.id)).not.toContain(neighbour);
		const paged = [
			...(await search({ q: typo, filters: { field }, max_results: 2 })),
			...(await search({ q: typo, filters: { field }, max_results: 2, skip: 2 }))
		];
		expect(paged.map((r) => r.id)).toEqual(similar.map((r) => r.id));
	});

	test('typos are corrected against the words of texts too, after an edit; search syntax stays', async () => {
		const word = `gleiswerk${letters()}`;
		const field = await newField();
		const id = await idea(field, `Ein Vorschlag ${letters()}`);
		await sql`update public.ideas set body = ${`Im Text steht ${word} und sonst wenig.`}
			where id = ${id}`;
		const typo = word.slice(0, 5) + word.slice(6);
		expect((await search({ q: typo, filters: { field } })).map((r) => r.id)).toEqual([id]);
		// Only plain words are corrected: an excluded word stays an exclusion.
		expect(
			(await search({ q: `${typo} -nirgendwo`, filters: { field } })).map((r) => r.id)
		).toEqual([id]);
		expect(await search({ q: `${typo} -vorschlag`, filters: { field } })).toEqual([]);
	});

	test('count_ideas counts what search_ideas lists, capped', async () => {
		const word = `zaehlwerk${letters()}`;
		const field = await newField();
		for (let i = 0; i < 3; i++) await idea(field, `Ein ${word} Nummer ${i + 1}`);
		const client = anonClient();
		const count = async (args: Record<string, unknown>) => {
			const { data, error } = await client.rpc('count_ideas', args);
			expect(error).toBeNull();
			return data as { count: number; capped: boolean };
		};
		expect(await count({ q: word })).toEqual({ count: 3, capped: false });
		expect(await count({ filters: { field } })).toEqual({ count: 3, capped: false });
		expect(await count({ q: word, max_count: 2 })).toEqual({ count: 2, capped: true });
		const typo = word.slice(0, 3) + word.slice(4);
		expect(await count({ q: typo, filters: { field } })).toEqual({
			count: (await search({ q: typo, filters: { field } })).length,
			capped: false
		});
		expect(await count({ q: word, filters: { status: 'hidden' } })).toEqual({
			count: 0,
			capped: false
		});
		const all = await count({});
		expect(all.count).toBeGreaterThan(3);
		expectCode((await client.rpc('count_ideas', { q: 'a'.repeat(201) })).error, 'query_too_long');
	});
});
