import { z } from 'zod';
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
