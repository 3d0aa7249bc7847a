import { describe, expect, it } from 'vitest';
import { centroid, contains, type GeoPolygon } from '$lib/components/submit/geo';
import {
	DRAFT_KEY,
	clearDraft,
	emptyDraft,
	furthestStep,
	newDraftId,
	parseStep,
	readDraft,
	visibleStep,
	writeDraft
} from '$lib/state/draft';

function memoryStorage(initial: Record<string, string> = {}) {
	const items = new Map(Object.entries(initial));
	return {
		getItem: (key: string) => items.get(key) ?? null,
		setItem: (key: string, value: string) => void items.set(key, value),
		removeItem: (key: string) => void items.delete(key)
	};
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SQUARE: GeoPolygon = {
	type: 'Polygon',
	coordinates: [
		[
			[9, 50],
			[10, 50],
			[10, 51],
			[9, 51]
		]
	]
};

describe('draft storage', () => {
	it('round-trips a draft under the versioned key and clears it', () => {
		const storage = memoryStorage();
		const draft = { ...emptyDraft(), title: 'WLAN im Rathaus', lat: 50.5, lng: 9.6 };
		expect(writeDraft(storage, { ...draft, placeSource: 'map' })).toBe(true);
		expect(readDraft(storage)).toEqual({ ...draft, placeSource: 'map' });
		clearDraft(storage);
		expect(readDraft(storage)).toBeNull();
	});

	it('ignores damaged, foreign or id-less entries and cleans up odd fields', () => {
		expect(readDraft(memoryStorage({ [DRAFT_KEY]: '{not json' }))).toBeNull();
		expect(readDraft(memoryStorage({ [DRAFT_KEY]: '{"title":"x"}' }))).toBeNull();
		const id = newDraftId();
		const odd = {
			id,
			lat: 'x',
			lng: 9,
			placeSource: 'gps',
			kind: 'evil',
			needType: 'nope',
			title: 3
		};
		expect(readDraft(memoryStorage({ [DRAFT_KEY]: JSON.stringify(odd) }))).toEqual({
			...emptyDraft(id),
			lat: null,
			lng: null,
			placeSource: null
		});
	});

	it('survives a storage that refuses writes (private mode, full quota)', () => {
		const full = {
			setItem: () => {
				throw new Error('QuotaExceededError');
			}
		};
		expect(writeDraft(full, emptyDraft())).toBe(false);
	});

	it('makes version-4 uuids, also without crypto.randomUUID', () => {
		expect(newDraftId()).toMatch(UUID);
		const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) } as Crypto;
		expect(newDraftId(insecure)).toMatch(UUID);
	});
});

describe('wizard steps', () => {
	const complete = {
		...emptyDraft(),
		lat: 50.5,
		lng: 9.6,
		placeSource: 'district' as const,
		title: 'Freies WLAN am Markt',
		field: 'infrastruktur'
	};

	it('the furthest step is the first one with invalid fields', () => {
		expect(furthestStep(emptyDraft())).toBe('ort');
		expect(furthestStep({ ...complete, title: 'WLAN' })).toBe('was');
		expect(furthestStep({ ...complete, field: '' })).toBe('details');
		expect(furthestStep({ ...complete, kind: 'location_need', field: '' })).toBe('details');
		expect(furthestStep({ ...complete, kind: 'location_need', needType: 'mobilfunk' })).toBe(
			'pruefen'
		);
		expect(furthestStep(complete)).toBe('pruefen');
	});

	it('a URL cannot skip ahead of the draft, but may go back', () => {
		expect(parseStep('pruefen')).toBe('pruefen');
		expect(parseStep('javascript:')).toBe('ort');
		expect(parseStep(null)).toBe('ort');
		expect(visibleStep('pruefen', emptyDraft())).toBe('ort');
		expect(visibleStep('was', complete)).toBe('was');
	});
});

describe('geometry', () => {
	it('tells inside from outside and finds the centre', () => {
		expect(contains(SQUARE, { lat: 50.5, lng: 9.5 })).toBe(true);
		expect(contains(SQUARE, { lat: 52.52, lng: 13.4 })).toBe(false);
		expect(centroid(SQUARE)).toEqual({ lat: 50.5, lng: 9.5 });
	});
});
