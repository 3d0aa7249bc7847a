import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Actor, createUser, sql } from './helpers.ts';

/** Editing a goal in place (the console's backlog): staff only, and its measures move along. */

let staff: Actor;
let citizen: Actor;

beforeAll(async () => {
	[staff, citizen] = await Promise.all([createUser({ role: 'staff' }), createUser()]);
});

async function goalWithMeasure(): Promise<{ goal: string; measure: string }> {
	const goal = randomUUID();
	const measure = randomUUID();
	await sql`insert into public.goals (id, field_slug, title) values (${goal}, 'verwaltung', 'Ein Ziel zum Bearbeiten')`;
	await sql`insert into public.measures (id, goal_id, field_slug, title)
		values (${measure}, ${goal}, 'verwaltung', 'Eine Maßnahme unter dem Ziel')`;
	return { goal, measure };
}

describe('goals edited in place', () => {
	test('staff change title, text and field; the measures follow the field', async () => {
		const { goal, measure } = await goalWithMeasure();
		const { error, count } = await staff.client
			.from('goals')
			.update(
				{ title: 'Ein neuer Zieltitel', description: 'Neu.', field_slug: 'bildung' },
				{ count: 'exact' }
			)
			.eq('id', goal);
		expect(error).toBeNull();
		expect(count).toBe(1);
		const [g] =
			await sql`select title, description, field_slug from public.goals where id = ${goal}`;
		expect(g).toEqual({ title: 'Ein neuer Zieltitel', description: 'Neu.', field_slug: 'bildung' });
		const [m] = await sql`select field_slug, version from public.measures where id = ${measure}`;
		expect(m).toEqual({ field_slug: 'bildung', version: 2 });
	});

	test('a citizen changes nothing', async () => {
		const { goal } = await goalWithMeasure();
		const { count } = await citizen.client
			.from('goals')
			.update({ title: 'Gekapert von außen' }, { count: 'exact' })
			.eq('id', goal);
		expect(count ?? 0).toBe(0);
		const [g] = await sql`select title from public.goals where id = ${goal}`;
		expect(g!.title).toBe('Ein Ziel zum Bearbeiten');
	});
});
