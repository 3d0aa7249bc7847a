import { beforeAll, describe, expect, test } from 'vitest';
import {
	type Cast,
	createAnonymousUser,
	createCast,
	createUser,
	expectCode,
	sql
} from './helpers.ts';

let cast: Cast;

beforeAll(async () => {
	cast = await createCast();
});

const SQUARE = {
	type: 'Polygon',
	coordinates: [
		[
			[9.66, 50.55],
			[9.67, 50.55],
			[9.67, 50.56],
			[9.66, 50.56],
			[9.66, 50.55]
		]
	]
};

describe('admin_find_users', () => {
	for (const who of ['anon', 'anonymous', 'citizen', 'business', 'moderator', 'staff'] as const) {
		test(`refused for ${who}: no e-mail leaves the database`, async () => {
			const { data, error } = await cast[who].client.rpc('admin_find_users', { q: 'test' });
			expect(data).toBeNull();
			expect(error).not.toBeNull();
			if (who !== 'anon') expectCode(error, 'forbidden', '42501');
		});
	}

	test('admins find users by display name and by e-mail, with role and persona', async () => {
		const target = await createUser({ name: 'Zacharias Suchbar' });
		const byName = await cast.admin.client.rpc('admin_find_users', { q: 'zacharias such' });
		expect(byName.error).toBeNull();
		expect(byName.data).toEqual([
			expect.objectContaining({
				id: target.id,
				email: target.email,
				role: 'citizen',
				kind: 'resident'
			})
		]);
		const byMail = await cast.admin.client.rpc('admin_find_users', { q: target.email });
		expect(byMail.data.map((u: { id: string }) => u.id)).toEqual([target.id]);
		// LIKE wildcards are taken literally.
		const wildcard = await cast.admin.client.rpc('admin_find_users', { q: '%_%_%_%zzz' });
		expect(wildcard.data).toEqual([]);
	});

	test('an account without an e-mail that holds a role is found by name and id, and demoted', async () => {
		const anonymous = await createAnonymousUser();
		const id = anonymous.id!;
		const name = `Ohnepost ${id.slice(0, 8)}`;
		await sql`update public.profiles set role = 'moderator', display_name = ${name}
			where id = ${id}`;
		const byName = await cast.admin.client.rpc('admin_find_users', { q: name });
		expect(byName.data).toEqual([
			expect.objectContaining({ id: id, email: null, role: 'moderator' })
		]);
		const byId = await cast.admin.client.rpc('admin_find_users', { q: id.toUpperCase() });
		expect(byId.data.map((u: { id: string }) => u.id)).toEqual([id]);

		const demoted = await cast.admin.client.rpc('set_user_role', {
			user_id: id,
			role: 'citizen'
		});
		expect(demoted.error).toBeNull();
		// Without a role, anonymous sessions stay out of the list: there are many and none matter.
		const after = await cast.admin.client.rpc('admin_find_users', { q: name });
		expect(after.data).toEqual([]);
	});
});

describe('admin_save_district', () => {
	for (const who of ['anon', 'anonymous', 'citizen', 'business', 'moderator', 'staff'] as const) {
		test(`refused for ${who}`, async () => {
			const { error } = await cast[who].client.rpc('admin_save_district', {
				slug: 'verboten',
				name: 'Verboten',
				geometry: SQUARE
			});
			expect(error).not.toBeNull();
			const [row] =
				await sql`select count(*)::int as n from public.districts where slug = 'verboten'`;
			expect(row!.n).toBe(0);
		});
	}

	test('admins create and then update a district by slug; both are audited', async () => {
		const slug = `test-${crypto.randomUUID().slice(0, 8)}`;
		const created = await cast.admin.client.rpc('admin_save_district', {
			slug,
			name: 'Teststadtteil',
			geometry: SQUARE
		});
		expect(created.error).toBeNull();
		expect(created.data.area_geojson.type).toBe('Polygon');
		const updated = await cast.admin.client.rpc('admin_save_district', {
			slug,
			name: 'Teststadtteil Neu',
			geometry: { type: 'MultiPolygon', coordinates: [SQUARE.coordinates] }
		});
		expect(updated.error).toBeNull();
		expect(updated.data.id).toBe(created.data.id);
		const audit =
			await sql`select action from public.audit_log where target_table = 'districts' and target_id = ${String(created.data.id)} order by id`;
		expect(audit.map((a) => a.action)).toEqual(['districts.insert', 'districts.update']);
		await sql`delete from public.districts where slug = ${slug}`;
	});

	test.each([
		['a point', { type: 'Point', coordinates: [9.66, 50.55] }, 'geometry_not_polygon'],
		[
			'swapped axes',
			{ type: 'Polygon', coordinates: [SQUARE.coordinates[0]!.map(([x, y]) => [y, x])] },
			'geometry_out_of_bounds'
		],
		[
			'an open ring',
			{ type: 'Polygon', coordinates: [SQUARE.coordinates[0]!.slice(0, 4)] },
			'geometry_invalid'
		],
		[
			'text positions',
			{
				type: 'Polygon',
				coordinates: [
					[
						['a', 'b'],
						[1, 2],
						[3, 4],
						['a', 'b']
					]
				]
			},
			'geometry_invalid'
		],
		[
			'two polygons',
			{ type: 'MultiPolygon', coordinates: [SQUARE.coordinates, SQUARE.coordinates] },
			'geometry_not_polygon'
		]
	])('refuses %s with a clear code', async (_, geometry, code) => {
		const { error } = await cast.admin.client.rpc('admin_save_district', {
			slug: 'ungueltig',
			name: 'Ungültig',
			geometry
		});
		expectCode(error, code, 'P0001');
	});
});
