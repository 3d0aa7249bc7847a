import { describe, expect, it } from 'vitest';
import type { ListFilter } from '$lib/schemas/idea';
import { chosenFilters, listFilterQuery, NO_FILTER, withoutFilter } from '$lib/schemas/list-filter';

describe('the chosen filters (the removable chips)', () => {
	const filter: ListFilter = {
		...NO_FILTER,
		q: 'wlan',
		district: 'altstadt',
		near: { lat: 50.55, lng: 9.68 },
		sort: 'nearest',
		page: 3
	};

	it('lists what a person chose, in the form’s order; sorting and paging are no filter', () => {
		expect(chosenFilters(filter)).toEqual(['q', 'district', 'near']);
		expect(chosenFilters(NO_FILTER)).toEqual([]);
	});

	it('removes one from the first page and keeps the rest', () => {
		expect(listFilterQuery(withoutFilter(filter, 'q'))).toBe(
			'district=altstadt&near=50.55%2C9.68&sort=nearest'
		);
	});

	it('drops "nearest first" with the place it needs', () => {
		expect(listFilterQuery(withoutFilter(filter, 'near'))).toBe('q=wlan&district=altstadt');
	});
});
