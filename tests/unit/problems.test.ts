import { describe, expect, it } from 'vitest';
import de from '$lib/i18n/locales/de/index';
import en from '$lib/i18n/locales/en/index';
import { createTranslator } from '$lib/i18n/translator';
import { problemFor, type ProblemArea } from '$lib/problems';

const AREAS: ProblemArea[] = [
	'idea',
	'report',
	'submit',
	'staff',
	'agenda',
	'account',
	'admin',
	'rounds'
];

describe('database error codes', () => {
	const t = createTranslator('de', de);

	it('map to clear German messages, each part of the app in its own words', () => {
		expect(t(problemFor('idea', 'idea_closed_for_votes'))).toBe(
			'Diese Idee kann nicht mehr unterstützt werden.'
		);
		expect(t(problemFor('idea', 'rate_limited_comments'))).toContain('warten Sie eine Minute');
		expect(t(problemFor('idea', 'email_not_confirmed'))).toContain('E-Mail-Adresse');
		expect(problemFor('report', 'duplicate')).toBe('idea.report.errors.duplicate');
		expect(problemFor('admin', 'duplicate')).toBe('admin.errors.duplicate');
		expect(problemFor('account', 'last_admin')).toBe('account.delete.lastAdmin');
		expect(problemFor('submit', 'location_outside_boundary')).toBe('submit.errors.outsideBoundary');
	});

	it('fall back to the generic message of that part for anything unexpected', () => {
		expect(problemFor('idea', 'something_new')).toBe('idea.errors.generic');
		expect(problemFor('idea', undefined)).toBe('idea.errors.generic');
		expect(problemFor('idea', 'toString')).toBe('idea.errors.generic');
		expect(problemFor('submit', 'something_new')).toBe('submit.errors.generic');
		expect(problemFor('agenda', 'hasOwnProperty')).toBe('agenda.errors.failed');
	});

	it('never show a raw key: every message exists in German and English', () => {
		const languages = { de: createTranslator('de', de), en: createTranslator('en', en) };
		for (const [language, translate] of Object.entries(languages)) {
			for (const area of AREAS) {
				const key = problemFor(area, undefined);
				expect(translate(key), `${language}: ${key}`).not.toBe(key);
			}
		}
	});
});
