import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import {
	type Actor,
	anonClient,
	createUser,
	expectCode,
	INSIDE,
	ideaRow,
	insertIdea,
	sql
} from './helpers.ts';

/** Bad input gets a clear code (PostgREST: {code, message, details, hint}) and stores nothing. */

let citizen: Actor;
let other: Actor;
let idea: string;

beforeAll(async () => {
	[citizen, other] = await Promise.all([createUser(), createUser()]);
	idea = await insertIdea({ author: other.id });
});

async function stored(): Promise<{ ideas: number; comments: number; votes: number }> {
	const [row] = await sql`select
		(select count(*)::int from public.ideas where author_id = ${citizen.id}) as ideas,
		(select count(*)::int from public.comments where author_id = ${citizen.id}) as comments,
		(select count(*)::int from public.votes where user_id = ${citizen.id}) as votes`;
	return row as { ideas: number; comments: number; votes: number };
}

const base = {
	title: 'Eine ordentliche Idee',
	body: 'Mit etwas Text.',
	field_slug: 'umwelt',
	...INSIDE
};

const IDEA_CASES: [string, Record<string, unknown>, string, string?][] = [
	[
		'a point outside the boundary (Berlin)',
		{ lat: 52.52, lng: 13.405 },
		'location_outside_boundary',
		'P0001'
	],
	['lat and lng swapped', { lat: INSIDE.lng, lng: INSIDE.lat }, 'location_outside_boundary'],
	['NaN latitude', { lat: 'NaN' }, 'location_invalid'],
	['Infinity longitude', { lng: 'Infinity' }, 'location_invalid'],
	['latitude 91', { lat: 91 }, 'location_invalid'],
	['longitude -181', { lng: -181 }, 'location_invalid'],
	['no point (NaN serialised by JSON as null)', { lat: Number.NaN }, 'location_required'],
	['an empty title', { title: '' }, 'title_too_short'],
	['a title of spaces', { title: '       ' }, 'title_too_short'],
	['a four-letter title', { title: 'WLAN' }, 'title_too_short'],
	['a 121-character title', { title: 'x'.repeat(121) }, 'title_too_long'],
	['a text over 5,000 characters', { body: 'y'.repeat(5001) }, 'body_too_long'],
	['a script tag in the title', { title: '<script>alert(1)</script>' }, 'markup_not_allowed'],
	['HTML in the text', { body: 'Hallo <img src=x onerror=alert(1)>' }, 'markup_not_allowed'],
	['a javascript: link', { body: 'Siehe javascript:alert(1)' }, 'markup_not_allowed'],
	['an unknown field of action', { field_slug: 'raumfahrt' }, 'field_unknown'],
	['no field of action', { field_slug: null }, 'field_required'],
	['a location need without need type', { kind: 'location_need' }, 'need_type_required'],
	['a need type on a plain idea', { need_type: 'breitband' }, 'need_type_not_allowed'],
	[
		'a location need from a resident',
		{ kind: 'location_need', need_type: 'breitband' },
		'business_profile_required'
	]
];

describe('submit_idea refuses bad input', () => {
	test.each(IDEA_CASES)('%s', async (_name, change, message, code) => {
		const before = await stored();
		const { data, error } = await citizen.client.rpc('submit_idea', {
			id: randomUUID(),
			...base,
			...change
		});
		expect(data).toBeNull();
		expectCode(error, message, code);
		expect(error.details).toBeTruthy();
		expect(await stored()).toEqual(before);
	});

	test('a wrong enum value is a 22P02 from PostgreSQL, naming the value', async () => {
		const before = await stored();
		const { error } = await citizen.client.rpc('submit_idea', {
			id: randomUUID(),
			...base,
			kind: 'petition'
		});
		expect(error?.code).toBe('22P02');
		expect(error?.message).toMatch(/petition/);
		expect(await stored()).toEqual(before);
	});

	test('the same rules hold for a direct insert through the REST API', async () => {
		const before = await stored();
		const { error } = await citizen.client
			.from('ideas')
			.insert({ id: randomUUID(), ...base, lat: 48.1, lng: 11.6 });
		expectCode(error, 'location_outside_boundary');
		expect(await stored()).toEqual(before);
	});

	test('a malformed uuid is refused', async () => {
		const { error } = await citizen.client.rpc('submit_idea', { ...base, id: 'not-a-uuid' });
		expect(error?.code).toBe('22P02');
	});
});

describe("another user's id", () => {
	test('voting in the name of another user is refused', async () => {
		const before = await stored();
		const { error } = await citizen.client
			.from('votes')
			.insert({ idea_id: idea, user_id: other.id });
		expect(error?.code).toBe('42501');
		expect(await stored()).toEqual(before);
		const [row] = await sql`select count(*)::int as n from public.votes where idea_id = ${idea}`;
		expect(row!.n).toBe(0);
	});

	test('commenting in the name of another user is refused', async () => {
		const { error } = await citizen.client
			.from('comments')
			.insert({ idea_id: idea, body: 'Hallo', author_id: other.id });
		expect(error?.code).toBe('42501');
		const [row] = await sql`select count(*)::int as n from public.comments where idea_id = ${idea}`;
		expect(row!.n).toBe(0);
	});

	test("editing another user's idea changes nothing", async () => {
		const own = await insertIdea({ author: other.id, status: 'submitted' });
		await citizen.client.from('ideas').update({ title: 'Gekapert!!' }).eq('id', own);
		const [row] = await sql`select title from public.ideas where id = ${own}`;
		expect(row!.title).not.toBe('Gekapert!!');
	});
});

describe('comments, votes, map and search refuse bad input too', () => {
	const COMMENT_CASES: [string, string, string][] = [
		['empty', '', 'comment_empty'],
		['only spaces', '   ', 'comment_empty'],
		['too long', 'z'.repeat(2001), 'comment_too_long'],
		['a script', '<script>steal()</script>', 'markup_not_allowed']
	];
	test.each(COMMENT_CASES)('a comment that is %s', async (_n, body, message) => {
		const before = await stored();
		const { error } = await citizen.client.rpc('add_comment', {
			id: randomUUID(),
			idea_id: idea,
			body
		});
		expectCode(error, message);
		expect(await stored()).toEqual(before);
	});

	test('a comment on an idea that does not exist or is not visible', async () => {
		const hidden = await insertIdea({ author: other.id, status: 'submitted' });
		for (const target of [randomUUID(), hidden]) {
			expectCode(
				(
					await citizen.client.rpc('add_comment', {
						id: randomUUID(),
						idea_id: target,
						body: 'Hallo'
					})
				).error,
				'idea_not_found',
				'PT404'
			);
		}
	});

	test('a reply to a comment of another idea', async () => {
		const parent = randomUUID();
		await other.client.rpc('add_comment', { id: parent, idea_id: idea, body: 'Eltern' });
		const second = await insertIdea({ author: other.id });
		expectCode(
			(
				await citizen.client.rpc('add_comment', {
					id: randomUUID(),
					idea_id: second,
					body: 'Antwort',
					parent_id: parent
				})
			).error,
			'comment_parent_invalid'
		);
	});

	test('a vote without a decision', async () => {
		expectCode(
			(await citizen.client.rpc('set_vote', { idea, supported: null })).error,
			'supported_required'
		);
	});

	test('a bounding box upside down or out of range', async () => {
		const client = anonClient();
		for (const box of [
			{ min_lat: 50.6, min_lng: 9.6, max_lat: 50.5, max_lng: 9.7 },
			{ min_lat: -100, min_lng: 9.6, max_lat: 50.5, max_lng: 9.7 },
			{ min_lat: 'NaN', min_lng: 9.6, max_lat: 50.5, max_lng: 9.7 }
		]) {
			expectCode((await client.rpc('ideas_in_bbox', { ...box, zoom: 13 })).error, 'bbox_invalid');
		}
	});

	test('a search that is too long or sorted by nonsense', async () => {
		const client = anonClient();
		expectCode((await client.rpc('search_ideas', { q: 'a'.repeat(201) })).error, 'query_too_long');
		expectCode(
			(await client.rpc('search_ideas', { q: 'wlan', sort: 'random' })).error,
			'sort_invalid'
		);
	});

	test('a display name with markup', async () => {
		expectCode(
			(await citizen.client.rpc('update_my_profile', { display_name: '<b>Ich</b>' })).error,
			'display_name_invalid'
		);
		expectCode(
			(await citizen.client.rpc('update_my_persona', { kind: 'business' })).error,
			'business_details_required'
		);
	});

	test('markup in a profile written past the functions', async () => {
		const [before] = await sql`select display_name from public.profiles where id = ${citizen.id}`;
		for (const name of ['<b>Ich</b>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)']) {
			const { error } = await citizen.client
				.from('profiles')
				.update({ display_name: name })
				.eq('id', citizen.id!);
			expectCode(error, 'markup_not_allowed');
		}
		// The service role and migrations are held to the same rule.
		const direct = await sql`update public.profiles set organization = '<script>x</script>'
			where id = ${citizen.id}`.then(
			() => null,
			(e: { message: string }) => e.message
		);
		expect(direct).toBe('markup_not_allowed');
		const [after] = await sql`select display_name from public.profiles where id = ${citizen.id}`;
		expect(after).toEqual(before);
	});
});

// The row invariants hold for every writer, also one that goes past the functions (the service
// role, a migration): each bad row is refused with check_violation and the invariant's name.
describe('the invariants of an idea row hold for direct writes too', () => {
	const cases: [string, string][] = [
		["tags = array['Bad Tag']", 'ideas_tags_check'],
		["tags = array['']", 'ideas_tags_check'],
		["status_reason = repeat('x', 2001)", 'ideas_status_reason_check'],
		["status = 'merged', merged_into = id", 'ideas_not_merged_into_self'],
		['vote_count = -1', 'ideas_vote_count_check']
	];
	for (const [set, constraint] of cases) {
		test(`set ${set} → ${constraint}`, async () => {
			const id = await insertIdea({ author: null });
			const before = await ideaRow(id);
			const error = await sql.unsafe(`update public.ideas set ${set} where id = $1`, [id]).then(
				() => null,
				(e: { code: string; constraint_name: string }) => e
			);
			expect(error).toMatchObject({ code: '23514', constraint_name: constraint });
			expect(await ideaRow(id)).toEqual(before);
		});
	}

	test('a new row with a bad tag', async () => {
		const id = randomUUID();
		const error = await sql`insert into public.ideas (id, title, field_slug, lat, lng, tags)
			values (${id}, 'Eine Idee mit Tag', 'verwaltung', ${INSIDE.lat}, ${INSIDE.lng},
			array['<b>'])`.then(
			() => null,
			(e: { code: string; constraint_name: string }) => e
		);
		expect(error).toMatchObject({ code: '23514', constraint_name: 'ideas_tags_check' });
		expect(await ideaRow(id)).toBeUndefined();
	});
});
