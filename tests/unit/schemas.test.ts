import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import de from '$lib/i18n/locales/de/index';
import { fieldSchema } from '$lib/schemas/admin';
import { newPasswordSchema, signInSchema, signUpSchema } from '$lib/schemas/auth';
import { fieldIssues } from '$lib/schemas/issues';
import { displayNameSchema } from '$lib/schemas/profile';
import { mergeConfirmSchema, mergeSchema, saveSchema } from '$lib/schemas/staff';
import {
	detailsSchema,
	placeSchema,
	stepOf,
	problemField,
	submissionSchema
} from '$lib/schemas/submission';

const i18n = i18next.createInstance();
await i18n.init({ lng: 'de', resources: { de: { translation: de } } });

/** Every message a schema produces must be a key the page can translate. */
function issuesFor<T extends Record<string, unknown>>(schema: z.ZodType<T>, input: unknown) {
	const result = schema.safeParse(input);
	if (result.success) throw new Error('expected a validation error');
	const issues = fieldIssues(result.error);
	for (const key of Object.values(issues)) expect(key && i18n.exists(key), key).toBe(true);
	return issues;
}

describe('signInSchema', () => {
	it('trims the email address', () => {
		expect(signInSchema.parse({ email: '  anna@example.org ', password: 'x' }).email).toBe(
			'anna@example.org'
		);
	});

	it('names missing and malformed fields with translation keys', () => {
		expect(issuesFor(signInSchema, {})).toEqual({
			email: 'auth.errors.emailRequired',
			password: 'auth.errors.passwordRequired'
		});
		expect(issuesFor(signInSchema, { email: 'anna', password: '' })).toEqual({
			email: 'auth.errors.emailInvalid',
			password: 'auth.errors.passwordRequired'
		});
	});
});

describe('displayNameSchema', () => {
	it('trims and accepts 2 to 60 characters, counted like Postgres counts them', () => {
		expect(displayNameSchema.parse({ displayName: '  Anna  ' }).displayName).toBe('Anna');
		expect(displayNameSchema.parse({ displayName: '🌳'.repeat(60) }).displayName).toHaveLength(120);
	});

	it('rejects names that are too short or too long', () => {
		expect(issuesFor(displayNameSchema, { displayName: ' A ' })).toEqual({
			displayName: 'account.errors.displayNameTooShort'
		});
		expect(issuesFor(displayNameSchema, { displayName: '🌳' })).toEqual({
			displayName: 'account.errors.displayNameTooShort'
		});
		expect(issuesFor(displayNameSchema, { displayName: 'x'.repeat(61) })).toEqual({
			displayName: 'account.errors.displayNameTooLong'
		});
		expect(issuesFor(displayNameSchema, {})).toEqual({
			displayName: 'account.errors.displayNameTooShort'
		});
	});
});

describe('submissionSchema', () => {
	const valid = {
		id: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
		lat: '50.55',
		lng: '9.68',
		placeHint: ' Am Markt ',
		title: '  Freies   WLAN  am Markt ',
		body: '',
		kind: 'idea',
		field: 'infrastruktur',
		needType: ''
	};

	it('parses form strings, collapses whitespace and drops a need type from ideas', () => {
		expect(submissionSchema.parse({ ...valid, needType: 'mobilfunk' })).toEqual({
			id: valid.id,
			townWide: false,
			lat: 50.55,
			lng: 9.68,
			placeHint: 'Am Markt',
			title: 'Freies WLAN am Markt',
			body: '',
			kind: 'idea',
			field: 'infrastruktur',
			needType: undefined,
			round: null
		});
	});

	it('takes a picked participation round as a uuid, and anything else as none', () => {
		const round = '0b6c1e8a-2f4d-4c3b-9a1e-5d7f8e9a0b1c';
		expect(submissionSchema.parse({ ...valid, round }).round).toBe(round);
		expect(submissionSchema.parse({ ...valid, round: '' }).round).toBeNull();
		expect(submissionSchema.parse({ ...valid, round: 'runde-1' }).round).toBeNull();
	});

	it('needs no point for an idea that concerns the whole town, and keeps none', () => {
		expect(submissionSchema.parse({ ...valid, lat: '', lng: '', townWide: 'true' })).toMatchObject({
			townWide: true,
			lat: null,
			lng: null,
			placeHint: 'Am Markt'
		});
		expect(submissionSchema.parse({ ...valid, townWide: 'true' })).toMatchObject({
			lat: null,
			lng: null
		});
		// Anything but "true" is a place, which needs its point.
		expect(issuesFor(submissionSchema, { ...valid, lat: '', lng: '', townWide: 'on' })).toEqual({
			lat: 'submit.errors.locationRequired',
			lng: 'submit.errors.locationRequired'
		});
	});

	it('treats empty coordinates as missing, not as 0/0', () => {
		expect(issuesFor(placeSchema, { lat: '', lng: null })).toEqual({
			lat: 'submit.errors.locationRequired',
			lng: 'submit.errors.locationRequired'
		});
		expect(issuesFor(placeSchema, { lat: '91', lng: 'NaN' })).toEqual({
			lat: 'submit.errors.locationInvalid',
			lng: 'submit.errors.locationRequired'
		});
	});

	it('counts title and body like Postgres and refuses markup', () => {
		expect(issuesFor(submissionSchema, { ...valid, title: '🌳🌳🌳🌳' })).toEqual({
			title: 'submit.errors.titleTooShort'
		});
		expect(issuesFor(submissionSchema, { ...valid, title: 'x'.repeat(121) })).toEqual({
			title: 'submit.errors.titleTooLong'
		});
		expect(issuesFor(submissionSchema, { ...valid, body: '<script>alert(1)</script>' })).toEqual({
			body: 'submit.errors.markup'
		});
		expect(issuesFor(submissionSchema, { ...valid, body: 'x'.repeat(5001) })).toEqual({
			body: 'submit.errors.bodyTooLong'
		});
		// The place hint has a column of its own: a full text and a full hint fit together.
		expect(
			submissionSchema.safeParse({ ...valid, body: 'x'.repeat(5000), placeHint: 'y'.repeat(200) })
				.success
		).toBe(true);
		expect(issuesFor(submissionSchema, { ...valid, placeHint: 'y'.repeat(201) })).toEqual({
			placeHint: 'submit.errors.placeHintTooLong'
		});
	});

	it('asks ideas for a field of action and location needs for a need type', () => {
		expect(issuesFor(detailsSchema, { kind: 'idea', field: '' })).toEqual({
			field: 'submit.errors.fieldRequired'
		});
		expect(issuesFor(detailsSchema, { kind: 'location_need', field: '' })).toEqual({
			needType: 'submit.errors.needType'
		});
		expect(
			detailsSchema.parse({ kind: 'location_need', field: '', needType: 'breitband' })
		).toEqual({ kind: 'location_need', field: undefined, needType: 'breitband' });
	});

	it('maps database codes to steps', () => {
		expect(problemField('place_hint_too_long')).toBe('placeHint');
		expect(problemField('location_outside_boundary')).toBe('lat');
		expect(problemField('rate_limited_ideas')).toBeUndefined();
		expect(problemField('toString')).toBeUndefined();
		expect(stepOf('lat')).toBe('ort');
		expect(stepOf('body')).toBe('was');
		expect(stepOf('needType')).toBe('details');
		// A business chooses idea or location need first.
		expect(stepOf('kind')).toBe('was');
	});
});

describe('signUpSchema', () => {
	const base = { displayName: 'Anna', email: 'anna@example.org', password: 'lang-genug' };

	it('needs organization and sector only from businesses, and a password only for that method', () => {
		expect(signUpSchema.parse({ ...base, organization: 'X', sector: 'Y' })).toMatchObject({
			kind: 'resident',
			organization: '',
			sector: '',
			method: 'password'
		});
		expect(issuesFor(signUpSchema, { ...base, kind: 'business', sector: '<b>IT</b>' })).toEqual({
			organization: 'auth.errors.organizationRequired',
			sector: 'auth.errors.markup'
		});
		expect(signUpSchema.parse({ ...base, method: 'link', password: '' }).method).toBe('link');
		expect(issuesFor(signUpSchema, { ...base, password: 'kurz' })).toEqual({
			password: 'auth.errors.passwordTooShort'
		});
	});

	it('checks that a new password was typed the same twice', () => {
		expect(issuesFor(newPasswordSchema, { password: 'lang-genug', confirm: 'anders!!' })).toEqual({
			confirm: 'auth.errors.passwordMismatch'
		});
	});
});

describe('mergeSchema', () => {
	const target = '00000000-0000-4000-b000-000000000003';
	const typed = '00000000-0000-4000-b000-000000000004';

	it('takes the picked suggestion, else the id typed by hand, and keeps the reason', () => {
		expect(
			mergeSchema.parse({ pick: target, target: '', reason: ' Gleich. ', version: '2' })
		).toEqual({ target, reason: 'Gleich.', version: 2 });
		expect(mergeSchema.parse({ target: typed, version: '2' }).target).toBe(typed);
	});

	it('asks for a target when there is none', () => {
		expect(issuesFor(mergeSchema, { target: '', version: '2' })).toEqual({
			target: 'staff.errors.uuid_invalid'
		});
	});

	it('confirming asks for the public reason; blanks are no reason', () => {
		expect(issuesFor(mergeConfirmSchema, { target, reason: '  ', version: '2' })).toEqual({
			reason: 'staff.errors.reason_required'
		});
		expect(mergeConfirmSchema.parse({ target, reason: 'Gleich.', version: '2' })).toEqual({
			target,
			reason: 'Gleich.',
			version: 2
		});
	});
});

describe('saveSchema', () => {
	const form = {
		department: '',
		assignee: '',
		priority: '',
		field: 'mobilitaet',
		tags: 'Laden, laden, E-Mobilität',
		status: 'published',
		answer: '',
		note: '',
		version: '3'
	};

	it('parses the whole form; empty texts are left out, tags are deduplicated', () => {
		expect(saveSchema.parse(form)).toEqual({
			department: '',
			assignee: '',
			priority: '',
			field: 'mobilitaet',
			tags: ['laden', 'e-mobilität'],
			status: 'published',
			answer: undefined,
			note: undefined,
			version: 3
		});
	});

	it('declining or hiding needs the answer as the public reason', () => {
		for (const status of ['declined', 'hidden']) {
			expect(issuesFor(saveSchema, { ...form, status })).toEqual({
				answer: 'staff.errors.reason_required'
			});
		}
	});
});

describe('fieldSchema', () => {
	const field = { name_de: 'E-Government', name_en: 'E-government', colour: '#1d70b8' };

	it('takes a code with a hyphen, as the message allows ("a–z, 0–9, - oder _")', () => {
		expect(fieldSchema.parse({ ...field, slug: 'e-government' }).slug).toBe('e-government');
		expect(fieldSchema.parse({ ...field, slug: 'open_data-2' }).slug).toBe('open_data-2');
	});

	it('refuses what the message rules out', () => {
		for (const slug of ['-egov', 'E-Gov', 'e gov', 'e', '1egov', 'x'.repeat(41)]) {
			expect(issuesFor(fieldSchema, { ...field, slug }), slug).toEqual({
				slug: 'admin.errors.slug'
			});
		}
	});
});
