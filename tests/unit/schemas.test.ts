import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import de from '$lib/i18n/locales/de/index';
import { signInSchema } from '$lib/schemas/auth';
import { fieldIssues } from '$lib/schemas/issues';
import { displayNameSchema } from '$lib/schemas/profile';

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
