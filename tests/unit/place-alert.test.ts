import { describe, expect, it } from 'vitest';
import { placeAlertSchema } from '$lib/schemas/place-alert';

const valid = { label: ' Zuhause ', where: 'altstadt', radius: '500', fields: [] };

describe('the place alert form', () => {
	it('accepts a district with an offered radius, trimmed', () => {
		expect(placeAlertSchema.parse(valid)).toEqual({ ...valid, label: 'Zuhause', radius: 500 });
	});

	it('refuses a radius not offered, an empty name and the whole town without a topic', () => {
		const issues = (input: object) =>
			placeAlertSchema
				.safeParse({ ...valid, ...input })
				.error?.issues.map((i) => [i.path[0], i.message]);
		expect(issues({ radius: '750' })).toEqual([['radius', 'notifications.places.errors.radius']]);
		expect(issues({ radius: '5000' })).toEqual([['radius', 'notifications.places.errors.radius']]);
		expect(issues({ label: '   ' })).toEqual([['label', 'notifications.places.errors.label']]);
		expect(issues({ where: 'town' })).toEqual([
			['fields', 'notifications.places.errors.townNeedsFields']
		]);
		expect(issues({ where: 'town', fields: ['bildung'] })).toBeUndefined();
	});

	it('takes a point picked on the map, and refuses the map without a point', () => {
		const point = { ...valid, where: 'point', lat: '50.5531', lng: '9.6779' };
		expect(placeAlertSchema.parse(point)).toMatchObject({ lat: 50.5531, lng: 9.6779 });
		expect(
			placeAlertSchema.safeParse({ ...valid, where: 'point' }).error?.issues.map((i) => i.message)
		).toEqual(['notifications.places.errors.point']);
		expect(placeAlertSchema.safeParse({ ...point, lat: '91' }).success).toBe(false);
		expect(placeAlertSchema.safeParse({ ...point, lng: 'east' }).success).toBe(false);
	});
});
