import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	type Actor,
	anonClient,
	createUser,
	expectCode,
	INSIDE,
	insertIdea,
	sql
} from './helpers.ts';

/**
 * Place alerts: up to five per person, a point and a radius (250–3,000 m) or the whole town, by
 * fields of action if wanted; a newly public idea inside one tells its owner, nobody else's.
 */

let owner: Actor;
let stranger: Actor;
let author: Actor;

beforeAll(async () => {
	[owner, stranger, author] = await Promise.all([createUser(), createUser(), createUser()]);
});

// The shared database's later tests publish ideas at the same place: these alerts would hear of them.
const started = new Date();
afterAll(async () => {
	await sql`delete from public.place_alerts where created_at >= ${started}`;
});

/** A point `metres` north of INSIDE. */
const north = (metres: number) => ({ lat: INSIDE.lat + metres / 111320, lng: INSIDE.lng });

async function fanOut(): Promise<void> {
	while ((await sql`select private.fan_out_notifications(100) as n`)[0]!.n > 0);
}

/** Who of `among` heard of the idea as new (other tests' alerts may match too). */
async function newIdeaTold(idea: string, among: Actor[]): Promise<string[]> {
	await fanOut();
	const rows = await sql<{ recipient_id: string }[]>`
		select recipient_id from public.notifications where idea_id = ${idea} and kind = 'idea_new'`;
	const ids = new Set(among.map((actor) => actor.id));
	return rows
		.map((row) => row.recipient_id)
		.filter((id) => ids.has(id))
		.sort();
}

describe('setting alerts', () => {
	test('a person sets, reads and removes their own; nobody reads or changes another’s', async () => {
		const made = await owner.client
			.from('place_alerts')
			.insert({ label: 'Zuhause', ...INSIDE, radius_m: 500 })
			.select('id, label, radius_m')
			.single();
		expect(made.error).toBeNull();
		const id = made.data!.id;
		expect((await stranger.client.from('place_alerts').select('id').eq('id', id)).data).toEqual([]);
		await stranger.client.from('place_alerts').update({ label: 'Gekapert' }).eq('id', id);
		await stranger.client.from('place_alerts').delete().eq('id', id);
		const [row] = await sql<
			{ label: string }[]
		>`select label from public.place_alerts where id = ${id}`;
		expect(row!.label).toBe('Zuhause');
		const forged = await stranger.client
			.from('place_alerts')
			.insert({ label: 'Fremd', ...INSIDE, radius_m: 500, user_id: owner.id });
		expect(forged.error?.code).toBe('42501');
		expect((await anonClient().from('place_alerts').select('id')).error?.code).toBe('42501');
		expect((await owner.client.from('place_alerts').delete().eq('id', id)).error).toBeNull();
		expect(await sql`select 1 from public.place_alerts where id = ${id}`).toHaveLength(0);
	});

	test('the edge of the circle, and a place at the edge of the town whose circle reaches beyond it', async () => {
		const [inner, edge] = await Promise.all([createUser(), createUser()]);
		await sql`insert into public.place_alerts ${sql({ user_id: inner.id, label: 'Ort', ...north(0), radius_m: 250 })}`;
		// 240 m from the centre of a 250 m circle: in it; 265 m: not.
		const justIn = await insertIdea({ author: author.id, ...north(240) });
		const justOut = await insertIdea({ author: author.id, ...north(265) });
		expect(await newIdeaTold(justIn, [inner])).toEqual([inner.id]);
		expect(await newIdeaTold(justOut, [inner])).toEqual([]);

		// The town's southernmost corner, then north until the point lies inside the town.
		const [corner] = await sql<{ lat: number; lng: number }[]>`
			select (c ->> 1)::float8 as lat, (c ->> 0)::float8 as lng
			  from public.settings s, jsonb_array_elements(s.boundary_geojson -> 'coordinates' -> 0) c
			 order by (c ->> 1)::float8 limit 1`;
		const at = (metres: number) => ({ lat: corner!.lat + metres / 111320, lng: corner!.lng });
		const inTown = async (metres: number) => {
			const { lat, lng } = at(metres);
			const [row] = await sql<{ inside: boolean }[]>`
				select boundary @> point(${lng}, ${lat}) as inside from public.settings`;
			return row!.inside;
		};
		let start = 50;
		while (!(await inTown(start))) start += 50;
		expect(start).toBeLessThan(2000);
		// 2,000 m around a point at the edge: most of the circle lies outside the town.
		await sql`insert into public.place_alerts ${sql({ user_id: edge.id, label: 'Stadtrand', ...at(start), radius_m: 2000 })}`;
		const near = start + 1500;
		const beyond = start + 2100;
		expect(await inTown(near)).toBe(true);
		expect(await inTown(beyond)).toBe(true);
		const nearIdea = await insertIdea({ author: author.id, ...at(near) });
		const beyondIdea = await insertIdea({ author: author.id, ...at(beyond) });
		expect(await newIdeaTold(nearIdea, [edge])).toEqual([edge.id]);
		expect(await newIdeaTold(beyondIdea, [edge])).toEqual([]);
	});

	test('bad places are refused with a clear error and change nothing', async () => {
		const person = await createUser();
		type Row = {
			label: string;
			lat?: number;
			lng?: number;
			radius_m?: number;
			field_slugs?: string[];
		};
		const tries: [Row, string][] = [
			[{ label: 'Zu klein', ...INSIDE, radius_m: 100 }, '23514'],
			[{ label: 'Zu groß', ...INSIDE, radius_m: 5000 }, '23514'],
			[{ label: 'Ganze Stadt ohne Thema', field_slugs: [] }, '23514'],
			[{ label: 'Unbekanntes Thema', field_slugs: ['gibt-es-nicht'] }, '23503'],
			[{ label: '', ...INSIDE, radius_m: 500 }, '23514']
		];
		for (const [row, code] of tries) {
			const { error } = await person.client.from('place_alerts').insert(row);
			expect(error?.code, row.label).toBe(code);
		}
		const outside = await person.client
			.from('place_alerts')
			.insert({ label: 'Anderswo', lat: 52.52, lng: 13.4, radius_m: 500 });
		expectCode(outside.error, 'location_outside_boundary');
		expect(await sql`select 1 from public.place_alerts where user_id = ${person.id}`).toHaveLength(
			0
		);
	});

	test('five at most, even when sent at once', async () => {
		const person = await createUser();
		const results = await Promise.all(
			Array.from({ length: 7 }, (_, i) =>
				person.client.from('place_alerts').insert({ label: `Ort ${i}`, ...INSIDE, radius_m: 300 })
			)
		);
		expect(results.filter((r) => r.error === null)).toHaveLength(5);
		for (const refused of results.filter((r) => r.error !== null)) {
			expectCode(refused.error, 'too_many_place_alerts');
		}
	});
});

describe('a new idea', () => {
	test('tells those whose circle it lies in, by field if they chose, never its author', async () => {
		const [near, far, fieldOnly, otherField, townWide] = await Promise.all(
			Array.from({ length: 5 }, () => createUser())
		);
		const alert = (who: Actor, row: Record<string, unknown>) =>
			sql`insert into public.place_alerts ${sql({ user_id: who.id, label: 'Ort', ...row })}`;
		await alert(near!, { ...north(0), radius_m: 250 });
		// 1,200 m away with a 1,000 m radius: outside.
		await alert(far!, { ...north(1200), radius_m: 1000 });
		await alert(fieldOnly!, { ...north(100), radius_m: 500, field_slugs: ['verwaltung'] });
		await alert(otherField!, { ...north(100), radius_m: 500, field_slugs: ['bildung'] });
		await alert(townWide!, { field_slugs: ['verwaltung'] });
		await alert(author, { ...north(0), radius_m: 3000 });
		const everyone = [near!, far!, fieldOnly!, otherField!, townWide!, author];
		const heard = [near!.id, fieldOnly!.id, townWide!.id].sort();

		// Published at once (post-moderation): news right away.
		const idea = await insertIdea({ author: author.id, status: 'published' });
		expect(await newIdeaTold(idea, everyone)).toEqual(heard);

		// Under review first: news once it is approved, not before, and not again when restored.
		const reviewed = await insertIdea({ author: author.id, status: 'submitted' });
		expect(await newIdeaTold(reviewed, everyone)).toEqual([]);
		await sql`update public.ideas set status = 'published' where id = ${reviewed}`;
		expect(await newIdeaTold(reviewed, everyone)).toEqual(heard);
		await sql`update public.ideas set status = 'hidden', status_reason = 'Ein Grund.',
			status_before_hidden = 'published' where id = ${reviewed}`;
		await sql`update public.ideas set status = 'published', status_reason = null,
			status_before_hidden = null where id = ${reviewed}`;
		expect(await newIdeaTold(reviewed, everyone)).toEqual(heard);
	});

	test('alerts are in the data export and go with the account', async () => {
		const person = await createUser();
		await person.client
			.from('place_alerts')
			.insert({ label: 'Schule', ...INSIDE, radius_m: 800, field_slugs: ['bildung'] });
		const { data } = await person.client.rpc('export_my_data');
		expect(data.place_alerts).toEqual([
			expect.objectContaining({ label: 'Schule', radius_m: 800, field_slugs: ['bildung'] })
		]);
		expect(JSON.stringify(data.place_alerts)).not.toContain(person.id);
	});
});
