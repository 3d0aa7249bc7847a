import type { z } from 'zod';
import type { MessageKey } from '$lib/i18n';

/** Every schema message is a translation key: the server says what is wrong, the page says it. */
export const issue = (key: MessageKey) => ({ error: key });

/** The first problem per field, as translation keys, for `fail(400, …)`. */
export function fieldIssues<T extends Record<string, unknown>>(
	error: z.ZodError<T>
): Partial<Record<keyof T & string, MessageKey>> {
	const issues: Partial<Record<keyof T & string, MessageKey>> = {};
	for (const { path, message } of error.issues) {
		const field = path[0] as keyof T & string;
		// Messages come from issue() above, so they are keys (tests/unit/schemas.test.ts checks it).
		issues[field] ??= message as MessageKey;
	}
	return issues;
}
