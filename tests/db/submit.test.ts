import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import {
	type Actor,
	anonClient,
	createUser,
	expectCode,
	ideaRow,
	INSIDE,
	insertIdea,
	sql,
	withSettings
} from './helpers.ts';

let citizen: Actor;

beforeAll(async () => {
	citizen = await createUser();
});

const submit = (a: Actor, id: string, extra: Record<string, unknown> = {}) =>
	a.client.rpc('submit_idea', {
		id,
		title: 'Digitale Sprechstunde im Rathaus',
		body: 'Eine Videosprechstunde für Menschen, die nicht ins Rathaus kommen können.',
		field_slug: 'verwaltung',
		...INSIDE,
		...extra
	});

describe('submit_idea', () => {
	test('20 concurrent calls with the same id create exactly one idea', async () => {
		const writer = await createUser();
		const id = randomUUID();
		const results = await Promise.all(Array.from({ length: 20 }, () => submit(writer, id)));
		expect(results.filter((r) => r.error)).toEqual([]);
		expect(new Set(results.map((r) => r.data.id))).toEqual(new Set([id]));
		const [row] =
			await sql`select count(*)::int as n from public.ideas where author_id = ${writer.id}`;
		expect(row!.n).toBe(1);
	});

	test('a retry returns the stored row, whatever it sends', async () => {
		const id = randomUUID();
		const first = await submit(citizen, id);
		const retry = await submit(citizen, id, { title: 'Ganz anderer Titel' });
		expect(retry.error).toBeNull();
		expect(retry.data).toEqual(first.data);
	});

	test("another user's id is refused with idea_id_taken and changes nothing", async () => {
		const other = await createUser();
		const id = randomUUID();
		await submit(other, id);
		const { error } = await submit(citizen, id, { title: 'Übernahmeversuch' });
		expectCode(error, 'idea_id_taken', 'PT409');
		expect((await ideaRow(id))!.author_id).toBe(other.id);
		const seeded = await submit(citizen, '00000000-0000-4000-b000-000000000001');
		expectCode(seeded.error, 'idea_id_taken');
	});

	test('the database derives district, author, status and normalises the text', async () => {
		const id = randomUUID();
		const { data, error } = await submit(citizen, id, { title: '  Mehr   Bänke  am Markt ' });
		expect(error).toBeNull();
		const [district] = await sql`select slug from public.districts where id = ${data.district_id}`;
		expect(district!.slug).toBe('altstadt');
		expect(data).toMatchObject({
			author_id: citizen.id,
			title: 'Mehr Bänke am Markt',
			vote_count: 0,
			version: 1
		});
		expect(['submitted', 'published']).toContain(data.status);
	});

	test('the place hint is a column of its own: normalised, public, searchable, edited by its author', async () => {
		const id = randomUUID();
		const { data, error } = await submit(citizen, id, {
			title: 'Ladesäule für Lastenräder',
			place_hint: '  Hinter dem   Wasserturm '
		});
		expect(error).toBeNull();
		expect(data).toMatchObject({
			body: 'Eine Videosprechstunde für Menschen, die nicht ins Rathaus kommen können.',
			place_hint: 'Hinter dem Wasserturm'
		});
		expectCode(
			(await submit(citizen, randomUUID(), { place_hint: '<b>Markt</b>' })).error,
			'markup_not_allowed'
		);

		const edited = await citizen.client
			.from('ideas')
			.update({ place_hint: 'Am Wasserturm, Eingang Nord' })
			.eq('id', id)
			.select('place_hint, version');
		expect(edited.error).toBeNull();
		expect(edited.data).toEqual([{ place_hint: 'Am Wasserturm, Eingang Nord', version: 2 }]);

		await sql`update public.ideas set status = 'published' where id = ${id} and status = 'submitted'`;
		const visitor = await createUser();
		const found = await visitor.client.rpc('search_ideas', { q: 'Wasserturm' });
		expect(found.error).toBeNull();
		expect((found.data as { id: string }[]).map((row) => row.id)).toContain(id);
		const read = await visitor.client.from('ideas').select('place_hint').eq('id', id).single();
		expect(read.data).toEqual({ place_hint: 'Am Wasserturm, Eingang Nord' });
	});

	test('a location need files under the field its need type belongs to', async () => {
		const business = await createUser({ business: true });
		const { data, error } = await business.client.rpc('submit_idea', {
			id: randomUUID(),
			title: 'Kein Mobilfunk im Laden',
			body: '',
			...INSIDE,
			kind: 'location_need',
			need_type: 'mobilfunk'
		});
		expect(error).toBeNull();
		expect(data).toMatchObject({
			kind: 'location_need',
			need_type: 'mobilfunk',
			field_slug: 'infrastruktur'
		});
	});

	test('an author edits their idea while it awaits moderation; the district follows the point', async () => {
		const id = await insertIdea({ author: citizen.id, status: 'submitted' });
		const { error } = await citizen.client
			.from('ideas')
			.update({ lat: 50.59, lng: 9.7 })
			.eq('id', id);
		expect(error).toBeNull();
		const [row] =
			await sql`select d.slug from public.ideas i join public.districts d on d.id = i.district_id where i.id = ${id}`;
		expect(row!.slug).toBe('nordstadt');
	});
});

describe('abuse limits (settings)', () => {
	test('ideas per user per day: the next one gets rate_limited_ideas (429) and is not stored', async () => {
		const writer = await createUser();
		await withSettings({ limit_ideas_per_day: 2 }, async () => {
			expect((await submit(writer, randomUUID())).error).toBeNull();
			expect((await submit(writer, randomUUID())).error).toBeNull();
			const id = randomUUID();
			const third = await submit(writer, id);
			expectCode(third.error, 'rate_limited_ideas', 'PT429');
			expect(await ideaRow(id)).toBeUndefined();
			// A retry of an idea already stored is not a new idea.
			const [first] = await sql`select id from public.ideas where author_id = ${writer.id} limit 1`;
			expect((await submit(writer, first!.id)).error).toBeNull();
		});
	});

	test('idea_allowance tells the wizard, as it opens, what check_rate_limit will say', async () => {
		const writer = await createUser();
		const staff = await createUser({ role: 'staff' });
		const allowance = async (actor: Actor) => {
			const { data, error } = await actor.client.rpc('idea_allowance').maybeSingle();
			expect(error).toBeNull();
			return data as { day_limit: number; used: number; next_at: string | null } | null;
		};
		await withSettings({ limit_ideas_per_day: 2 }, async () => {
			expect(await allowance(writer)).toEqual({ day_limit: 2, used: 0, next_at: null });
			expect((await submit(writer, randomUUID())).error).toBeNull();
			expect(await allowance(writer)).toMatchObject({ used: 1, next_at: null });
			expect((await submit(writer, randomUUID())).error).toBeNull();
			// Reached: the next place frees up a day after the older of the two.
			const [oldest] = await sql<{ id: string; created_at: Date }[]>`
				select id, created_at from public.ideas where author_id = ${writer.id}
				order by created_at limit 1`;
			const reached = await allowance(writer);
			expect(reached).toMatchObject({ day_limit: 2, used: 2 });
			expect(new Date(reached!.next_at!).getTime()).toBe(
				oldest!.created_at.getTime() + 24 * 60 * 60 * 1000
			);
			expectCode((await submit(writer, randomUUID())).error, 'rate_limited_ideas', 'PT429');
			// An idea older than a day no longer counts, as for the check.
			await sql`update public.ideas set created_at = now() - interval '25 hours'
				where id = ${oldest!.id}`;
			expect(await allowance(writer)).toMatchObject({ used: 1, next_at: null });
			expect((await submit(writer, randomUUID())).error).toBeNull();
			// No limit for staff, and none for anyone when the setting is 0.
			expect(await allowance(staff)).toBeNull();
		});
		await withSettings({ limit_ideas_per_day: 0 }, async () => {
			expect(await allowance(writer)).toBeNull();
		});
		// Not for the signed-out.
		const { error } = await anonClient().rpc('idea_allowance');
		expect(error).not.toBeNull();
	});

	test('moderators and staff are exempt', async () => {
		const staff = await createUser({ role: 'staff' });
		await withSettings({ limit_ideas_per_day: 1 }, async () => {
			for (let i = 0; i < 3; i++) expect((await submit(staff, randomUUID())).error).toBeNull();
		});
	});

	test('comments per user per minute', async () => {
		const writer = await createUser();
		const idea = await insertIdea({ author: citizen.id });
		await withSettings({ limit_comments_per_minute: 2 }, async () => {
			for (let i = 0; i < 2; i++) {
				expect(
					(
						await writer.client.rpc('add_comment', {
							id: randomUUID(),
							idea_id: idea,
							body: `Kommentar ${i}`
						})
					).error
				).toBeNull();
			}
			const { error } = await writer.client
				.from('comments')
				.insert({ idea_id: idea, body: 'Noch einer' });
			expectCode(error, 'rate_limited_comments', 'PT429');
		});
		const [row] =
			await sql`select count(*)::int as n from public.comments where author_id = ${writer.id}`;
		expect(row!.n).toBe(2);
	});

	test('reports per user per day', async () => {
		const writer = await createUser();
		await withSettings({ limit_reports_per_day: 1 }, async () => {
			const a = await insertIdea({ author: citizen.id });
			const b = await insertIdea({ author: citizen.id });
			expect(
				(await writer.client.from('reports').insert({ idea_id: a, reason: 'spam' })).error
			).toBeNull();
			expectCode(
				(await writer.client.from('reports').insert({ idea_id: b, reason: 'spam' })).error,
				'rate_limited_reports',
				'PT429'
			);
		});
	});

	test('add_comment is idempotent on the client id', async () => {
		const idea = await insertIdea({ author: citizen.id });
		const id = randomUUID();
		const results = await Promise.all(
			Array.from({ length: 5 }, () =>
				citizen.client.rpc('add_comment', { id, idea_id: idea, body: 'Einmal bitte' })
			)
		);
		expect(results.filter((r) => r.error)).toEqual([]);
		const [row] = await sql`select count(*)::int as n from public.comments where idea_id = ${idea}`;
		expect(row!.n).toBe(1);
	});
});
