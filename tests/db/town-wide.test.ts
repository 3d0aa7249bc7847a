import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import {
	anonClient,
	type Actor,
	createUser,
	expectCode,
	ideaRow,
	INSIDE,
	sql,
	withSettings
} from './helpers.ts';

/**
 * An idea that concerns the whole town has no point (ideas_point_whole): it lies in no district,
 * is on no map (no cell, not in a box, not near anything) and in every list. Each test uses a
 * field of action of its own, so ideas other files add to the shared stack never get in the way.
 */

const TOWN = { min_lat: 50.48, min_lng: 9.57, max_lat: 50.62, max_lng: 9.79 };

let citizen: Actor;
let staff: Actor;
beforeAll(async () => {
	[citizen, staff] = await Promise.all([createUser(), createUser({ role: 'staff' })]);
});

async function newField(): Promise<string> {
	const slug = `tw_${randomUUID()
		.replace(/[^a-f]/g, '')
		.slice(0, 6)
		.padEnd(6, 'k')}`;
	await sql`insert into public.fields_of_action (slug, name_de, name_en)
		values (${slug}, ${`Test ${slug}`}, ${`Test ${slug}`})`;
	return slug;
}

const submit = (field: string, place: { lat: number | null; lng: number | null }) =>
	citizen.client.rpc('submit_idea', {
		id: randomUUID(),
		title: `Offene Daten für alle ${randomUUID().slice(0, 6)}`,
		body: '',
		field_slug: field,
		...place
	});

/** The map's cells' count of ideas (all zooms, all kinds), as ideas_map_cells keeps it. */
async function cellCount(): Promise<number> {
	const [row] = await sql<{ n: number }[]>`
		select (select coalesce(sum(n), 0) from private.idea_cells)::int
			+ (select coalesce(sum(n), 0) from private.idea_facet_cells)::int as n`;
	return row!.n;
}

describe('a town-wide idea', () => {
	test('is submitted without a point, in no district; half a point is refused', async () => {
		const field = await newField();
		const { data, error } = await submit(field, { lat: null, lng: null });
		expect(error).toBeNull();
		expect(await ideaRow(data.id)).toMatchObject({ lat: null, lng: null, district_id: null });

		expectCode((await submit(field, { lat: INSIDE.lat, lng: null })).error, 'location_required');
		expectCode((await submit(field, { lat: null, lng: INSIDE.lng })).error, 'location_required');
		// The table insists too, whoever writes (a server task skips the triggers' user checks).
		await expect(
			sql`insert into public.ideas (title, field_slug, lat, status)
				values ('Ein halber Punkt', ${field}, ${INSIDE.lat}, 'published')`
		).rejects.toThrow(/location_required|ideas_point_whole/);
		// A point still has to lie in the town.
		expectCode(
			(await submit(field, { lat: 52.52, lng: 13.405 })).error,
			'location_outside_boundary'
		);
	});

	test('is on no map but in the lists, and a point can become the whole town and back', async () => {
		const field = await newField();
		const cellsBefore = await cellCount();
		const town = (await submit(field, { lat: null, lng: null })).data.id as string;
		const placed = (await submit(field, INSIDE)).data.id as string;
		await sql`update public.ideas set status = 'published', published_at = now()
			where id in (${town}, ${placed})`;
		// Only the placed idea has cells (nine zooms, in both tables).
		expect(await cellCount()).toBe(cellsBefore + 18);

		const bbox = await withSettings({ map_cluster_threshold: 2000 }, async () => {
			const { data, error } = await anonClient().rpc('ideas_in_bbox', {
				...TOWN,
				zoom: 13,
				filters: { field }
			});
			expect(error).toBeNull();
			return data as { items: { id: string }[] };
		});
		expect(bbox.items.map((item) => item.id)).toEqual([placed]);

		const list = await anonClient().rpc('search_ideas', {
			sort: 'newest',
			filters: { field },
			max_results: 10
		});
		expect(list.error).toBeNull();
		const rows = list.data as { id: string; lat: number | null; distance_m: number | null }[];
		expect(rows.map((row) => row.id).sort()).toEqual([town, placed].sort());
		expect(rows.find((row) => row.id === town)).toMatchObject({ lat: null });

		// Nearest: a distance only for what has a place; the town-wide idea is near nothing.
		const nearest = await anonClient().rpc('search_ideas', {
			sort: 'nearest',
			near_lat: INSIDE.lat,
			near_lng: INSIDE.lng,
			filters: { field },
			max_results: 10
		});
		expect(nearest.error).toBeNull();
		expect((nearest.data as { id: string }[]).map((row) => row.id)).toEqual([placed]);

		// The staff dashboard's density grid has no cell without a place.
		const { data: stats, error } = await staff.client.rpc('dashboard_stats');
		expect(error).toBeNull();
		const density = (stats as { density: { lat: number | null }[] }).density;
		expect(density.every((cell) => cell.lat !== null)).toBe(true);

		// The placed idea becomes town-wide: its cells go; and back.
		await sql`update public.ideas set lat = null, lng = null where id = ${placed}`;
		expect(await cellCount()).toBe(cellsBefore);
		expect(await ideaRow(placed)).toMatchObject({ district_id: null });
		await sql`update public.ideas set lat = ${INSIDE.lat}, lng = ${INSIDE.lng} where id = ${placed}`;
		expect(await cellCount()).toBe(cellsBefore + 18);
		expect((await ideaRow(placed))!.district_id).not.toBeNull();
	});

	test('tells the place alerts for the whole town (in its field), not those around a point', async () => {
		const field = await newField();
		const [around, anywhere] = await Promise.all([createUser(), createUser()]);
		await sql`insert into public.place_alerts ${sql({ user_id: around.id, label: 'Ort', ...INSIDE, radius_m: 3000 })}`;
		await sql`insert into public.place_alerts ${sql({ user_id: anywhere.id, label: 'Stadt', field_slugs: [field] })}`;
		const [idea] = await sql<{ id: string }[]>`
			insert into public.ideas (author_id, title, field_slug, status, published_at)
			values (${citizen.id}, 'Ein Online-Amt für alle', ${field}, 'published', now())
			returning id`;
		while ((await sql`select private.fan_out_notifications(100) as n`)[0]!.n > 0);
		const told = await sql<{ recipient_id: string }[]>`
			select recipient_id from public.notifications
			 where idea_id = ${idea!.id} and kind = 'idea_new'
			   and recipient_id in (${around.id}, ${anywhere.id})`;
		expect(told.map((row) => row.recipient_id)).toEqual([anywhere.id]);
		await sql`delete from public.place_alerts where user_id in (${around.id}, ${anywhere.id})`;
	});
});
