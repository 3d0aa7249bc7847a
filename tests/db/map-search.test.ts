import { describe, expect, test } from 'vitest';
import { anonClient, createUser, insertIdea, sql, withSettings } from './helpers.ts';

const TOWN = { min_lat: 50.48, min_lng: 9.57, max_lat: 50.62, max_lng: 9.79 };

interface BboxResult {
	mode: 'points' | 'clusters';
	total: number;
	items: {
		id?: string;
		lat: number;
		lng: number;
		count?: number;
		status?: string;
		field_slug?: string;
	}[];
}

describe('ideas_in_bbox', () => {
	test('few ideas: points with what a marker needs, never submitted or hidden ones', async () => {
		// Other test files add published ideas to the shared stack: "few" is relative to the threshold.
		const { data, error } = await withSettings({ map_cluster_threshold: 2000 }, async () =>
			anonClient().rpc('ideas_in_bbox', { ...TOWN, zoom: 13 })
		);
		expect(error).toBeNull();
		const result = data as BboxResult;
		expect(result.mode).toBe('points');
		expect(result.items.length).toBe(result.total);
		expect(result.items[0]).toEqual(
			expect.objectContaining({
				id: expect.any(String),
				lat: expect.any(Number),
				lng: expect.any(Number),
				title: expect.any(String),
				vote_count: expect.any(Number)
			})
		);
		expect(
			result.items.some((i) => ['submitted', 'hidden', 'merged', 'declined'].includes(i.status!))
		).toBe(false);
	});

	test('many ideas: server-side clusters whose counts add up to the points', async () => {
		const client = anonClient();
		const points = (await client.rpc('ideas_in_bbox', { ...TOWN, zoom: 13 })).data as BboxResult;
		const clusters = await withSettings(
			{ map_cluster_threshold: 5 },
			async () => (await client.rpc('ideas_in_bbox', { ...TOWN, zoom: 13 })).data as BboxResult
		);
		expect(clusters.mode).toBe('clusters');
		expect(clusters.total).toBe(points.total);
		expect(clusters.items.reduce((s, c) => s + c.count!, 0)).toBe(points.total);
		expect(clusters.items.length).toBeLessThan(points.total);
		const zoomedOut = await withSettings(
			{ map_cluster_threshold: 5 },
			async () => (await client.rpc('ideas_in_bbox', { ...TOWN, zoom: 10 })).data as BboxResult
		);
		expect(zoomedOut.items.length).toBeLessThan(clusters.items.length);
	});

	test('a street-level box returns just the ideas in it', async () => {
		const author = await createUser();
		const id = await insertIdea({ author: author.id, lat: 50.5321, lng: 9.7101 });
		const { data } = await anonClient().rpc('ideas_in_bbox', {
			min_lat: 50.5316,
			min_lng: 9.7095,
			max_lat: 50.5326,
			max_lng: 9.7107,
			zoom: 18
		});
		expect((data as BboxResult).items.map((i) => i.id)).toEqual([id]);
	});

	test('filters by field, kind and status', async () => {
		const client = anonClient();
		const { data } = await client.rpc('ideas_in_bbox', {
			...TOWN,
			zoom: 13,
			filters: { fields: ['mobilitaet'] }
		});
		const items = (data as BboxResult).items;
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((i) => i.field_slug === 'mobilitaet')).toBe(true);
		const needs = (
			await client.rpc('ideas_in_bbox', { ...TOWN, zoom: 13, filters: { kind: 'location_need' } })
		).data as BboxResult;
		expect(needs.total).toBeGreaterThan(0);
		const declined = (
			await client.rpc('ideas_in_bbox', { ...TOWN, zoom: 13, filters: { status: 'declined' } })
		).data as BboxResult;
		expect(declined.items.every((i) => i.status === 'declined')).toBe(true);
		const sneaky = (
			await client.rpc('ideas_in_bbox', { ...TOWN, zoom: 13, filters: { status: 'submitted' } })
		).data as BboxResult;
		expect(sneaky.total).toBe(0);
	});
});

describe('search_ideas', () => {
	test('German full text: stems and folds accents', async () => {
		const client = anonClient();
		const stem = await client.rpc('search_ideas', { q: 'Glasfaseranschluss Glasfasern' });
		expect(stem.error).toBeNull();
		const plain = await client.rpc('search_ideas', { q: 'glasfaser' });
		expect(plain.data!.length).toBeGreaterThanOrEqual(3);
		const accents = await client.rpc('search_ideas', { q: 'burgerburo' });
		expect(accents.data!.map((r: { title: string }) => r.title)).toContain(
			'Online-Terminbuchung fürs Bürgerbüro'
		);
	});

	test('typos still find titles (trigram word similarity)', async () => {
		const { data } = await anonClient().rpc('search_ideas', { q: 'Defibrilatoren' });
		expect(data!.map((r: { title: string }) => r.title)).toContain(
			'Defibrillatoren auf einer Karte'
		);
	});

	test('sorts and filters; never shows what the caller may not see', async () => {
		const client = anonClient();
		const byVotes = (await client.rpc('search_ideas', { sort: 'votes', max_results: 10 })).data as {
			vote_count: number;
		}[];
		expect(byVotes.map((r) => r.vote_count)).toEqual(
			[...byVotes.map((r) => r.vote_count)].sort((a, b) => b - a)
		);
		const field = (
			await client.rpc('search_ideas', { filters: { field: 'bildung' }, max_results: 100 })
		).data as { field_slug: string }[];
		expect(field.length).toBeGreaterThan(0);
		expect(field.every((r) => r.field_slug === 'bildung')).toBe(true);
		const hidden = (await client.rpc('search_ideas', { q: 'Angebote Rabattcode' }))
			.data as unknown[];
		expect(hidden).toEqual([]);
	});
});

describe('similar_ideas', () => {
	test('suggests a near duplicate close by, with its distance', async () => {
		const { data, error } = await anonClient().rpc('similar_ideas', {
			title: 'Glasfaser im Gewerbegebiet',
			lat: 50.568,
			lng: 9.733
		});
		expect(error).toBeNull();
		expect(data[0]).toMatchObject({ title: 'Glasfaser für das Gewerbegebiet Lindenau' });
		expect(data[0].distance_m).toBeLessThan(500);
	});

	test('a close title elsewhere in town still counts; an unrelated one does not', async () => {
		const far = await anonClient().rpc('similar_ideas', {
			title: 'Defibrillatoren auf der Karte',
			lat: 50.6,
			lng: 9.7
		});
		expect(far.data.map((r: { title: string }) => r.title)).toContain(
			'Defibrillatoren auf einer Karte'
		);
		const none = await anonClient().rpc('similar_ideas', {
			title: 'Zebrastreifen am Kindergarten',
			lat: 50.6,
			lng: 9.7
		});
		expect(none.data).toEqual([]);
	});

	test('the indexes the map and search rely on exist', async () => {
		const rows = await sql`select indexname from pg_indexes where tablename = 'ideas'`;
		expect(rows.map((r) => r.indexname)).toEqual(
			expect.arrayContaining(['ideas_location_idx', 'ideas_search_idx', 'ideas_title_trgm_idx'])
		);
	});
});
