import { beforeAll, describe, expect, test } from 'vitest';
import { type Cast, createCast, expectCode, insertIdea, sql } from './helpers.ts';

let cast: Cast;

beforeAll(async () => {
	cast = await createCast();
});

describe('response_figures', () => {
	test('everyone reads the aggregates; an answer and a status change count, approval does not', async () => {
		const before = (await cast.anon.client.rpc('response_figures')).data;
		expect(before).toMatchObject({ received: expect.any(Number), answered: expect.any(Number) });

		const answered = await insertIdea({ author: null });
		const untouched = await insertIdea({ author: null });
		await insertIdea({ author: null, status: 'submitted' }); // not received publicly yet
		await sql`update public.ideas set created_at = now() - interval '4 days' where id in ${sql([answered, untouched])}`;
		const { error } = await cast.staff.client.rpc('add_idea_note', {
			idea: answered,
			body: 'Wir prüfen das.',
			is_internal: false
		});
		expect(error).toBeNull();
		await cast.staff.client.rpc('add_idea_note', { idea: untouched, body: 'Intern.' });

		const after = (await cast.citizen.client.rpc('response_figures')).data;
		expect(after.received).toBe(before.received + 2);
		expect(after.answered).toBe(before.answered + 1);
		expect(after.share_answered).toBeCloseTo(after.answered / after.received, 3);
		expect(after.median_days_to_answer).toEqual(expect.any(Number));
		// Aggregates only: nothing that identifies an idea or a person.
		expect(Object.keys(after).sort()).toEqual([
			'answered',
			'median_days_to_answer',
			'received',
			'share_answered'
		]);
	});
});

describe('dashboard_stats', () => {
	for (const who of ['anon', 'anonymous', 'citizen', 'business', 'moderator'] as const) {
		test(`refused for ${who}`, async () => {
			const { data, error } = await cast[who].client.rpc('dashboard_stats');
			expect(data).toBeNull();
			expect(error).not.toBeNull();
			if (who !== 'anon') expectCode(error, 'forbidden', '42501');
		});
	}

	for (const who of ['staff', 'admin'] as const) {
		test(`allowed for ${who}, with every section`, async () => {
			const { data, error } = await cast[who].client.rpc('dashboard_stats');
			expect(error).toBeNull();
			expect(Object.keys(data).sort()).toEqual([
				'by_district',
				'by_field',
				'by_kind',
				'by_status',
				'density',
				'open_reports',
				'weeks'
			]);
			expect(data.weeks).toHaveLength(26);
			const total = data.by_status.reduce((n: number, s: { ideas: number }) => n + s.ideas, 0);
			const [row] = await sql`select count(*)::int as n from public.ideas`;
			expect(total).toBe(row!.n);
		});
	}

	test('a time series longer than five years is refused', async () => {
		expectCode(
			(await cast.staff.client.rpc('dashboard_stats', { since: '2000-01-01' })).error,
			'since_invalid',
			'P0001'
		);
	});
});

describe('agenda writes', () => {
	for (const who of ['anon', 'anonymous', 'citizen', 'business', 'moderator'] as const) {
		test(`${who} cannot add goals or measures or link ideas`, async () => {
			const client = cast[who].client;
			const goal = await client
				.from('goals')
				.insert({ field_slug: 'bildung', title: 'Ein unerlaubtes Ziel' })
				.select();
			expect(goal.data ?? []).toEqual([]);
			expect(goal.error).not.toBeNull();
			const measure = await client
				.from('measures')
				.insert({ field_slug: 'bildung', title: 'Eine unerlaubte Maßnahme' })
				.select();
			expect(measure.error).not.toBeNull();
			const [m] = await sql`select id from public.measures limit 1`;
			const idea = await insertIdea({ author: null });
			expect(
				(await client.rpc('link_idea_to_measure', { idea, measure: m!.id })).error
			).not.toBeNull();
			const upd = await client.rpc('update_measure', { measure: m!.id, patch: { progress: 1 } });
			expect(upd.error).not.toBeNull();
		});
	}

	test('staff add a goal and a measure under it; the measure takes the goal’s field', async () => {
		const goal = await cast.staff.client
			.from('goals')
			.insert({ field_slug: 'mobilitaet', title: 'Ein erlaubtes Ziel' })
			.select('id')
			.single();
		expect(goal.error).toBeNull();
		const measure = await cast.staff.client
			.from('measures')
			.insert({ goal_id: goal.data!.id, field_slug: 'mobilitaet', title: 'Eine erlaubte Maßnahme' })
			.select('field_slug, version')
			.single();
		expect(measure.error).toBeNull();
		expect(measure.data).toEqual({ field_slug: 'mobilitaet', version: 1 });
	});
});
