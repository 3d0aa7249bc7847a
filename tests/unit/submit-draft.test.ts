import { describe, expect, it } from 'vitest';
import { insideBoundary } from '$lib/map/geo';
import { centroid, type GeoPolygon } from '$lib/map/polygon';
import { readStepForm } from '$lib/submit/step-form';
import {
	DRAFT_KEY,
	clearDraft,
	emptyDraft,
	parseDraft,
	furthestStep,
	newDraftId,
	parseStep,
	readDraft,
	startingDraft,
	stepIssues,
	visibleStep,
	withEarlyEdits,
	writeDraft
} from '$lib/submit/draft';

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
		// What before where: a blank draft starts with its text.
		expect(furthestStep(emptyDraft())).toBe('was');
		expect(furthestStep({ ...emptyDraft(), title: 'Freies WLAN am Markt' })).toBe('ort');
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
		expect(parseStep('javascript:')).toBe('was');
		expect(parseStep(null)).toBe('was');
		expect(visibleStep('pruefen', emptyDraft())).toBe('was');
		expect(visibleStep('ort', { ...emptyDraft(), title: 'Freies WLAN am Markt' })).toBe('ort');
		expect(visibleStep('was', complete)).toBe('was');
	});
});

describe('a step form sent without JavaScript', () => {
	const districts = [
		{ slug: 'altstadt', name: 'Altstadt', area: SQUARE, centre: centroid(SQUARE) }
	];
	const form = (fields: Record<string, string>) => {
		const data = new FormData();
		for (const [name, value] of Object.entries(fields)) data.append(name, value);
		return data;
	};

	it('places the draft at the chosen district centre, keeping the hidden rest of it', () => {
		const id = newDraftId();
		const sent = readStepForm(
			form({ schritt: 'ort', id, title: 'Freies WLAN', district: 'altstadt', placeHint: 'Markt' }),
			districts
		);
		expect(sent.step).toBe('ort');
		expect(sent.requested).toBeUndefined();
		expect(sent.fresh).toBe(false);
		expect(sent.draft).toMatchObject({
			id,
			lat: 50.5,
			lng: 9.5,
			placeSource: 'district',
			district: 'altstadt',
			placeHint: 'Markt',
			title: 'Freies WLAN'
		});
		expect(stepIssues('ort', sent.draft)).toEqual({});
	});

	it('the whole town is a place without a point: the district sent beside it means nothing', () => {
		const sent = readStepForm(
			form({ schritt: 'ort', id: newDraftId(), townWide: 'true', district: 'altstadt' }),
			districts
		);
		expect(sent.draft).toMatchObject({
			townWide: true,
			lat: null,
			lng: null,
			placeSource: null,
			district: ''
		});
		expect(stepIssues('ort', sent.draft)).toEqual({});
		expect(furthestStep({ ...sent.draft, title: 'Offene Daten der Stadt' })).toBe('details');
		// A stored draft cannot be both: the whole town drops a point.
		expect(
			parseDraft({ ...emptyDraft(), townWide: true, lat: 50.5, lng: 9.5, placeSource: 'map' })
		).toMatchObject({ townWide: true, lat: null, lng: null, placeSource: null });
		// Unchecked, the box sends nothing: a place again, which needs its point.
		const unchecked = readStepForm(form({ schritt: 'ort', id: newDraftId() }), districts);
		expect(unchecked.draft.townWide).toBe(false);
		expect(stepIssues('ort', unchecked.draft)).toHaveProperty('lat');
	});

	it('an unknown or no district is no place; a form drawn blank (no id) gets a fresh one', () => {
		const sent = readStepForm(form({ schritt: 'ort', id: '', district: 'mars' }), districts);
		expect(sent.fresh).toBe(true);
		expect(sent.draft.id).toMatch(UUID);
		expect(sent.draft).toMatchObject({ lat: null, lng: null, placeSource: null, district: '' });
		expect(stepIssues('ort', sent.draft)).toEqual({
			lat: 'submit.errors.locationRequired',
			lng: 'submit.errors.locationRequired'
		});
	});

	it('later steps keep the carried point (strings, as a form sends them) and name Back', () => {
		const sent = readStepForm(
			form({
				schritt: 'was',
				gehe: 'ort',
				id: newDraftId(),
				lat: '50.25',
				lng: '9.75',
				placeSource: 'map',
				title: 'x'
			}),
			districts
		);
		expect(sent.requested).toBe('ort');
		expect(sent.draft).toMatchObject({ lat: 50.25, lng: 9.75, placeSource: 'map' });
		expect(stepIssues('was', sent.draft)).toEqual({ title: 'submit.errors.titleTooShort' });
	});
});

describe('what was entered before the wizard started', () => {
	const drawn = emptyDraft();
	const stored = {
		...emptyDraft(),
		lat: 50.1,
		lng: 9.1,
		placeSource: 'map' as const,
		title: 'Gespeicherter Titel'
	};

	it('wins field by field over the stored draft; untouched fields keep what was stored', () => {
		const entered = { ...drawn, placeHint: 'Am Markt' };
		expect(withEarlyEdits(stored, drawn, entered)).toEqual({ ...stored, placeHint: 'Am Markt' });
	});

	it('a place is taken whole: point, how it was found and the district', () => {
		const entered = {
			...drawn,
			lat: 50.5,
			lng: 9.5,
			placeSource: 'district' as const,
			district: 'altstadt'
		};
		expect(withEarlyEdits(stored, drawn, entered)).toEqual({
			...stored,
			lat: 50.5,
			lng: 9.5,
			placeSource: 'district',
			district: 'altstadt'
		});
	});

	it('changes nothing when nothing was entered', () => {
		expect(withEarlyEdits(stored, drawn, { ...drawn, id: newDraftId() })).toEqual(stored);
	});
});

describe('the draft the wizard starts with', () => {
	const FIELDS = ['verwaltung', 'bildung'];
	const ids = () => {
		let n = 0;
		return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
	};
	const stored = {
		...emptyDraft('11111111-1111-4111-8111-111111111111'),
		lat: 50.1,
		lng: 9.1,
		placeSource: 'map' as const,
		title: 'Gespeicherter Titel',
		field: 'bildung'
	};
	const blank = { ...emptyDraft(), id: '' };

	it('goes on with the stored draft', () => {
		expect(startingDraft({ stored, drawn: blank, fields: FIELDS }, ids())).toEqual(stored);
	});

	it('begins a new draft with its own id when none is stored', () => {
		expect(startingDraft({ stored: null, drawn: blank, fields: FIELDS }, ids())).toEqual(
			emptyDraft('00000000-0000-4000-8000-000000000001')
		);
	});

	it('after a submission sent without the script, keeps a stored draft that was another one', () => {
		const answer = { submitted: { id: 'another' } };
		expect(startingDraft({ stored, answer, drawn: blank, fields: FIELDS }, ids())).toEqual(stored);
	});

	it('after a submission of the stored draft itself, starts afresh', () => {
		const answer = { submitted: { id: stored.id } };
		expect(startingDraft({ stored, answer, drawn: blank, fields: FIELDS }, ids())).toEqual(
			emptyDraft('00000000-0000-4000-8000-000000000001')
		);
	});

	it('a step form answered from a page drawn blank goes on top of the stored draft', () => {
		const returned = { ...emptyDraft('22222222-2222-4222-8222-222222222222'), title: 'Neu' };
		const answer = { draft: returned, fresh: true };
		expect(startingDraft({ stored, answer, drawn: returned, fields: FIELDS }, ids())).toEqual({
			...stored,
			title: 'Neu'
		});
	});

	it('a step form answered for a draft the server already carried is taken whole', () => {
		const returned = { ...stored, title: 'Weiter bearbeitet', lat: null, lng: null };
		const answer = { draft: returned, fresh: false };
		expect(startingDraft({ stored, answer, drawn: returned, fields: FIELDS }, ids())).toEqual(
			returned
		);
	});

	it('what was typed before the script started wins over what was stored', () => {
		const entered = { ...blank, placeHint: 'Am Markt' };
		expect(startingDraft({ stored, drawn: blank, entered, fields: FIELDS }, ids())).toEqual({
			...stored,
			placeHint: 'Am Markt'
		});
	});

	it('a draft begun on a page drawn blank gets an id', () => {
		const entered = { ...blank, title: 'Früh getippt' };
		const draft = startingDraft({ stored: null, drawn: blank, entered, fields: FIELDS }, ids());
		expect(draft).toEqual({
			...blank,
			title: 'Früh getippt',
			id: '00000000-0000-4000-8000-000000000001'
		});
	});

	it('a field of action the city has removed since is chosen anew', () => {
		const draft = startingDraft({ stored, drawn: blank, fields: ['verwaltung'] }, ids());
		expect(draft).toEqual({ ...stored, field: '' });
	});
});

describe('geometry', () => {
	it('tells inside from outside and finds the centre', () => {
		expect(insideBoundary({ lat: 50.5, lng: 9.5 }, SQUARE)).toBe(true);
		expect(insideBoundary({ lat: 52.52, lng: 13.4 }, SQUARE)).toBe(false);
		expect(centroid(SQUARE)).toEqual({ lat: 50.5, lng: 9.5 });
	});
});
