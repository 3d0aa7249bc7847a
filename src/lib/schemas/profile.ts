import { z } from './zod';
import { issue } from './issues';
import { DISPLAY_NAME } from './limits';

// Postgres' char_length counts code points; String#length counts UTF-16 units (an emoji is 2).
const codePoints = (value: string) => [...value].length;

export const displayNameSchema = z.object({
	displayName: z
		.string(issue('account.errors.displayNameTooShort'))
		.trim()
		.refine(
			(value) => codePoints(value) >= DISPLAY_NAME.min,
			issue('account.errors.displayNameTooShort')
		)
		.refine(
			(value) => codePoints(value) <= DISPLAY_NAME.max,
			issue('account.errors.displayNameTooLong')
		)
});

const businessText = (min: number, max: number, key: 'organization' | 'sector') =>
	z
		.string(issue(`account.errors.${key}Invalid`))
		.trim()
		.refine(
			(value) => codePoints(value) >= min && codePoints(value) <= max,
			issue(`account.errors.${key}Invalid`)
		);

/** update_my_persona: a business needs an organisation (2–120) and a sector (2–80). */
export const personaSchema = z.discriminatedUnion(
	'kind',
	[
		z.object({ kind: z.literal('resident') }),
		z.object({
			kind: z.literal('business'),
			organization: businessText(2, 120, 'organization'),
			sector: businessText(2, 80, 'sector')
		})
	],
	issue('account.errors.kindInvalid')
);

/** Deleting the account: the person types the word shown on the page (DELETE in either language). */
export const DELETE_WORD = { de: 'LÖSCHEN', en: 'DELETE' } as const;
export const deleteAccountSchema = z.object({
	/** `check` shows what would be lost; only `confirm` asks for the deletion. */
	step: z.enum(['check', 'confirm']).default('check'),
	confirmation: z
		.string(issue('account.errors.confirmationWrong'))
		.trim()
		.refine(
			(value) => Object.values(DELETE_WORD).some((word) => value.toUpperCase() === word),
			issue('account.errors.confirmationWrong')
		)
});
