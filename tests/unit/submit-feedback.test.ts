import { describe, expect, it } from 'vitest';
import { stillWrong, summaryEntries } from '$lib/submit/feedback';

describe('wizard feedback', () => {
	it('a message goes as soon as its field is right, and none appears while typing', () => {
		const shown = {
			title: 'submit.errors.titleTooShort',
			body: 'submit.errors.markup'
		} as const;
		expect(stillWrong(shown, shown)).toEqual(shown);
		// The title is right now; a new problem elsewhere waits for the next "Weiter".
		expect(
			stillWrong(shown, { body: 'submit.errors.markup', field: 'submit.errors.fieldRequired' })
		).toEqual({
			body: 'submit.errors.markup'
		});
		// A refusal keeps its own words while its field is still wrong (a point outside the town
		// was never kept, so the check now only sees that the place is missing).
		expect(
			stillWrong(
				{ lat: 'submit.errors.outsideBoundary' },
				{ lat: 'submit.errors.locationRequired' }
			)
		).toEqual({ lat: 'submit.errors.outsideBoundary' });
		expect(stillWrong({}, { title: 'submit.errors.titleTooShort' })).toEqual({});
	});

	it('the summary links each message to its field once, in the order of the form', () => {
		expect(
			summaryEntries({
				placeHint: 'submit.errors.placeHintTooLong',
				lng: 'submit.errors.locationRequired',
				lat: 'submit.errors.locationRequired'
			})
		).toEqual([
			{ field: 'place-district', key: 'submit.errors.locationRequired' },
			{ field: 'place-hint', key: 'submit.errors.placeHintTooLong' }
		]);
		expect(
			summaryEntries({ body: 'submit.errors.markup', title: 'submit.errors.titleTooShort' })
		).toEqual([
			{ field: 'idea-title', key: 'submit.errors.titleTooShort' },
			{ field: 'idea-body', key: 'submit.errors.markup' }
		]);
		expect(summaryEntries({ id: 'submit.errors.generic' })).toEqual([]);
	});
});
