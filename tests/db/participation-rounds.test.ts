import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	type Actor,
	type Cast,
	createCast,
	createUser,
	expectCode,
	ideaRow,
	INSIDE,
	insertIdea,
	sql
} from './helpers.ts';

/**
 * Participation rounds (ADR 018): who may read and write them, which round an idea is submitted
 * into (only an open, fitting one, whatever the client asks for), the setting that closes
 * submissions outside rounds, and the outbox's replays.
 */

let cast: Cast;
let writer: Actor;
const made: string[] = [];
let dayLimit: number;

/** A round written straight into the database, `from`/`to` days from today in Europe/Berlin. */
async function round(
	options: {
		from?: number;
		to?: number;
		published?: boolean;
		closed?: boolean;
		fields?: string[];
		district?: string;
	} = {}
): Promise<string> {
	const fields = options.fields ?? [];
	const [row] = await sql<{ id: string }[]>`
		insert into public.participation_rounds (title, question, starts_on, ends_on, district_id,
			all_fields, published_at, closed_at)
		select ${`Runde ${randomUUID().slice(0, 8)}`}, 'Was soll die Stadt digital verbessern?',
			(now() at time zone 'Europe/Berlin')::date + ${options.from ?? -1}::int,
			(now() at time zone 'Europe/Berlin')::date + ${options.to ?? 1}::int,
			(select d.id from public.districts d where d.slug = ${options.district ?? null}),
			${fields.length === 0},
			${options.published === false ? null : sql`now()`},
			${options.closed ? sql`now()` : null}
		returning id`;
	for (const field of fields) {
		await sql`insert into public.participation_round_fields (round_id, field_slug)
			values (${row!.id}, ${field})`;
	}
	made.push(row!.id);
	return row!.id;
}

const submit = (a: Actor, id: string, extra: Record<string, unknown> = {}) =>
	a.client.rpc('submit_idea', {
		id,
		title: 'Digitale Sprechstunde im Rathaus',
		body: 'Eine Videosprechstunde für Menschen, die nicht ins Rathaus kommen können.',
		field_slug: 'verwaltung',
		...INSIDE,
		...extra
	});

/** Runs `fn` with submissions accepted only during an open round. */
async function onlyInRounds(fn: () => Promise<void>) {
	await sql`update public.settings set submissions_only_in_rounds = true`;
	try {
		await fn();
	} finally {
		await sql`update public.settings set submissions_only_in_rounds = false`;
	}
}

/** Closes every open round of the test run, so each test starts from what it makes itself. */
async function closeAll() {
	await sql`update public.participation_rounds set closed_at = now()
		where published_at is not null and closed_at is null`;
}

beforeAll(async () => {
	[cast, writer] = await Promise.all([createCast(), createUser()]);
	await closeAll();
	// One writer submits many ideas here: the daily limit is not what these tests are about.
	const [settings] = await sql`select limit_ideas_per_day from public.settings`;
	dayLimit = settings!.limit_ideas_per_day as number;
	await sql`update public.settings set limit_ideas_per_day = 0`;
}, 120_000);

afterAll(async () => {
	await sql`update public.settings set limit_ideas_per_day = ${dayLimit}`;
	await sql`delete from public.participation_rounds where id = any(${made})`;
});

describe('participation_rounds: who reads and writes', () => {
	test('a draft is seen by staff and admins only; a published round by everyone', async () => {
		const draft = await round({ published: false });
		const published = await round({ closed: true });
		for (const [name, actor] of Object.entries(cast)) {
			const { data, error } = await actor.client
				.from('participation_rounds')
				.select('id, round_state')
				.in('id', [draft, published]);
			expect(error, name).toBeNull();
			const staff = name === 'staff' || name === 'admin';
			expect(data!.map((r: { id: string }) => r.id).sort(), name).toEqual(
				staff ? [draft, published].sort() : [published]
			);
		}
		const { data } = await cast.staff.client
			.from('participation_rounds')
			.select('id, round_state')
			.eq('id', draft)
			.single();
		expect(data!.round_state).toBe('draft');
	});

	test("a draft round's fields are hidden with it", async () => {
		const draft = await round({ published: false, fields: ['verwaltung'] });
		const anon = await cast.anon.client
			.from('participation_round_fields')
			.select('field_slug')
			.eq('round_id', draft);
		expect(anon.data).toEqual([]);
		const staff = await cast.staff.client
			.from('participation_round_fields')
			.select('field_slug')
			.eq('round_id', draft);
		expect(staff.data).toEqual([{ field_slug: 'verwaltung' }]);
	});

	test('only staff and admins save rounds; the save is audited', async () => {
		const args = {
			round_id: null,
			title: 'Digitale Schule',
			question: 'Was brauchen Schulen in Musterstadt digital?',
			starts_on: '2031-03-01',
			ends_on: '2031-03-31',
			field_slugs: ['bildung']
		};
		for (const name of ['anon', 'anonymous', 'citizen', 'business', 'moderator'] as const) {
			const { error } = await cast[name].client.rpc('save_participation_round', args);
			expect(error, name).not.toBeNull();
			const direct = await cast[name].client.from('participation_rounds').insert({
				title: 'Direkt',
				question: 'Direkt eingetragen?',
				starts_on: '2031-01-01',
				ends_on: '2031-01-02'
			});
			expect(direct.error, name).not.toBeNull();
		}
		const [before] = await sql`select count(*)::int as n from public.participation_rounds
			where title = 'Digitale Schule'`;
		expect(before!.n).toBe(0);

		for (const name of ['staff', 'admin'] as const) {
			const { data: id, error } = await cast[name].client.rpc('save_participation_round', args);
			expect(error, name).toBeNull();
			made.push(id as string);
			const [row] = await sql`select r.all_fields, array_agg(f.field_slug) as fields
				from public.participation_rounds r join public.participation_round_fields f on f.round_id = r.id
				where r.id = ${id as string} group by r.all_fields`;
			expect(row).toEqual({ all_fields: false, fields: ['bildung'] });
			const audit = await sql`select action, actor_id from public.audit_log
				where target_table = 'participation_rounds' and target_id = ${id as string}`;
			expect(audit).toEqual([{ action: 'participation_rounds.insert', actor_id: cast[name].id }]);
		}
	});

	test('bad input is refused with a clear code and changes nothing', async () => {
		const id = await round({ from: 10, to: 20, published: false });
		const base = {
			round_id: id,
			title: 'Eine gute Runde',
			question: 'Was soll besser werden?',
			starts_on: '2031-03-01',
			ends_on: '2031-03-31',
			field_slugs: []
		};
		const cases: [Record<string, unknown>, string][] = [
			[{ ends_on: '2031-02-01' }, 'round_dates_invalid'],
			[{ title: 'Kurz' }, 'round_title_invalid'],
			[{ question: 'Zu kurz' }, 'round_question_invalid'],
			[{ field_slugs: ['gibt-es-nicht'] }, 'field_unknown'],
			[{ title: 'Runde <script>x</script>' }, 'markup_not_allowed'],
			[{ round_id: randomUUID() }, 'round_not_found']
		];
		const [before] = await sql`select * from public.participation_rounds where id = ${id}`;
		for (const [change, code] of cases) {
			const { error } = await cast.staff.client.rpc('save_participation_round', {
				...base,
				...change
			});
			expectCode(error, code);
		}
		const [after] = await sql`select * from public.participation_rounds where id = ${id}`;
		expect(after).toEqual(before);
	});

	test('a published round stays published and cannot be deleted; a draft can', async () => {
		const published = await round({ from: 5, to: 9 });
		const unpublish = await cast.staff.client
			.from('participation_rounds')
			.update({ published_at: null })
			.eq('id', published);
		expectCode(unpublish.error, 'round_published');
		await cast.admin.client.from('participation_rounds').delete().eq('id', published);
		expect(
			(await sql`select 1 from public.participation_rounds where id = ${published}`).length
		).toBe(1);

		const draft = await round({ published: false });
		await cast.citizen.client.from('participation_rounds').delete().eq('id', draft);
		expect((await sql`select 1 from public.participation_rounds where id = ${draft}`).length).toBe(
			1
		);
		await cast.staff.client.from('participation_rounds').delete().eq('id', draft);
		expect((await sql`select 1 from public.participation_rounds where id = ${draft}`).length).toBe(
			0
		);
	});

	test('staff close a round early; everyone else cannot', async () => {
		const id = await round();
		for (const name of ['anon', 'citizen', 'moderator'] as const) {
			await cast[name].client
				.from('participation_rounds')
				.update({ closed_at: new Date().toISOString() })
				.eq('id', id);
		}
		const [open] = await sql`select closed_at from public.participation_rounds where id = ${id}`;
		expect(open!.closed_at).toBeNull();
		const { error } = await cast.staff.client
			.from('participation_rounds')
			.update({ closed_at: new Date().toISOString() })
			.eq('id', id);
		expect(error).toBeNull();
		const { data } = await cast.anon.client
			.from('participation_rounds')
			.select('round_state')
			.eq('id', id)
			.single();
		expect(data!.round_state).toBe('closed');
	});
});

describe('the round an idea is submitted into', () => {
	test('only an open round that fits; never a draft, planned or closed one the client names', async () => {
		await closeAll();
		const draft = await round({ published: false });
		const planned = await round({ from: 2, to: 5 });
		const closed = await round({ closed: true });
		const ended = await round({ from: -5, to: -1 });
		const otherField = await round({ fields: ['mobilitaet'] });
		const otherDistrict = await round({ district: 'nordstadt' });
		for (const chosen of [null, draft, planned, closed, ended, otherField, otherDistrict]) {
			const id = randomUUID();
			const { data, error } = await submit(writer, id, { round_id: chosen });
			expect(error).toBeNull();
			expect(data.round_id, String(chosen)).toBeNull();
			expect((await ideaRow(id))!.round_id).toBeNull();
		}

		const fitting = await round({ fields: ['verwaltung', 'bildung'], district: 'altstadt' });
		const id = randomUUID();
		const { data } = await submit(writer, id, { round_id: otherField });
		expect(data.round_id).toBe(fitting);
		// A town-wide idea lies in no district: a district's round does not fit it.
		const townWide = await submit(writer, randomUUID(), { lat: null, lng: null });
		expect(townWide.data.round_id).toBeNull();
		// A direct insert cannot name a round; the database still files it.
		const direct = randomUUID();
		const insert = await writer.client.from('ideas').insert({
			id: direct,
			title: 'Direkt eingetragene Idee',
			body: '',
			field_slug: 'bildung',
			...INSIDE,
			round_id: otherField
		});
		expect(insert.error).not.toBeNull();
		await writer.client.from('ideas').insert({
			id: direct,
			title: 'Direkt eingetragene Idee',
			body: '',
			field_slug: 'bildung',
			...INSIDE
		});
		expect((await ideaRow(direct))!.round_id).toBe(fitting);
	});

	test('a server task (import, seed) is no submission: it keeps the round it names, or none', async () => {
		await closeAll();
		const open = await round();
		const past = await round({ from: -40, to: -10 });
		const plain = await insertIdea({ author: null });
		expect((await ideaRow(plain))!.round_id).toBeNull();
		const imported = randomUUID();
		await sql`insert into public.ideas (id, title, body, field_slug, lat, lng, status, round_id)
			values (${imported}, 'Eine Idee aus der letzten Runde', '', 'verwaltung', ${INSIDE.lat},
				${INSIDE.lng}, 'published', ${past})`;
		expect((await ideaRow(imported))!.round_id).toBe(past);
		expect(open).not.toBe(past);
	});

	test('of several open fitting rounds, the one picked; else the one that ends first', async () => {
		await closeAll();
		const later = await round({ to: 9 });
		const sooner = await round({ to: 3 });
		expect((await submit(writer, randomUUID())).data.round_id).toBe(sooner);
		expect((await submit(writer, randomUUID(), { round_id: later })).data.round_id).toBe(later);
	});
});

describe('submissions only during an open round', () => {
	test('with no round open, submit_idea refuses with submissions_closed and stores nothing', async () => {
		await closeAll();
		const planned = await round({ from: 3, to: 10 });
		const [plannedRow] =
			await sql`select starts_on from public.participation_rounds where id = ${planned}`;
		await onlyInRounds(async () => {
			const window = await cast.citizen.client.rpc('submission_window').single();
			expect(window.data).toEqual({
				closed: true,
				next_starts_on: (plannedRow!.starts_on as Date).toISOString().slice(0, 10)
			});
			const id = randomUUID();
			const { error } = await submit(writer, id);
			expectCode(error, 'submissions_closed', '42501');
			expect(await ideaRow(id)).toBeUndefined();
			const direct = randomUUID();
			const insert = await writer.client.from('ideas').insert({
				id: direct,
				title: 'Direkt eingetragene Idee',
				body: '',
				field_slug: 'verwaltung',
				...INSIDE
			});
			expectCode(insert.error, 'submissions_closed');
			expect(await ideaRow(direct)).toBeUndefined();

			// Comments and supports stay open.
			const published = await insertIdea({ author: null });
			const vote = await writer.client.rpc('set_vote', { idea: published, supported: true });
			expect(vote.error).toBeNull();
			const comment = await writer.client.rpc('add_comment', {
				id: randomUUID(),
				idea_id: published,
				body: 'Gute Idee!'
			});
			expect(comment.error).toBeNull();
		});
		const open = await submit(writer, randomUUID());
		expect(open.error).toBeNull();
	});

	test('with a round open that does not fit, round_mismatch; one that fits is accepted', async () => {
		await closeAll();
		const mobility = await round({ fields: ['mobilitaet'] });
		await onlyInRounds(async () => {
			const window = await cast.anon.client.rpc('submission_window').single<{ closed: boolean }>();
			expect(window.data!.closed).toBe(false);
			const id = randomUUID();
			expectCode((await submit(writer, id)).error, 'round_mismatch', '42501');
			expect(await ideaRow(id)).toBeUndefined();
			const fits = await submit(writer, randomUUID(), { field_slug: 'mobilitaet' });
			expect(fits.error).toBeNull();
			expect(fits.data.round_id).toBe(mobility);
		});
	});
});

describe('the outbox replays an idea made offline', () => {
	test('a replay of the same id returns the idea as stored, round and all, even once closed', async () => {
		await closeAll();
		const open = await round();
		const id = randomUUID();
		const first = await submit(writer, id, { round_id: open });
		expect(first.data.round_id).toBe(open);
		await closeAll();
		await onlyInRounds(async () => {
			const replay = await submit(writer, id, { round_id: open });
			expect(replay.error).toBeNull();
			expect(replay.data).toEqual(first.data);
		});
		const [row] = await sql`select count(*)::int as n from public.ideas where id = ${id}`;
		expect(row!.n).toBe(1);
	});

	test('an idea queued for a round that closed before it arrived is accepted without one', async () => {
		await closeAll();
		const closed = await round({ closed: true });
		const id = randomUUID();
		const { data, error } = await submit(writer, id, { round_id: closed });
		expect(error).toBeNull();
		expect(data.round_id).toBeNull();
	});
});
