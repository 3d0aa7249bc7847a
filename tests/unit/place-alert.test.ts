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
});
