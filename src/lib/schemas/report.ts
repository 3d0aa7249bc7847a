import { z } from './zod';
import type { MessageKey } from '$lib/i18n';
import { issue } from './issues';
import { REPORT_NOTE_MAX, REPORT_REASONS } from './limits';

/** A flag on the idea itself (no commentId) or on one of its comments. */
export const reportSchema = z
	.object({
		commentId: z
			.union([z.uuid(), z.literal('')])
			.optional()
			.transform((value) => value || undefined),
		reason: z.enum(REPORT_REASONS, issue('idea.report.errors.reasonRequired')),
		note: z
			.string()
			.trim()
			.max(REPORT_NOTE_MAX, issue('idea.report.errors.noteTooLong'))
			.optional()
			.transform((value) => value || undefined)
	})
	.refine((report) => report.reason !== 'other' || report.note !== undefined, {
		path: ['note'],
		...issue('idea.report.errors.noteRequired')
	});

export const followSchema = z.object({
	following: z.enum(['true', 'false']).transform((value) => value === 'true')
});

const REPORT_PROBLEMS = {
	rate_limited_reports: 'idea.report.errors.rateLimited',
	duplicate: 'idea.report.errors.duplicate',
	not_signed_in: 'idea.errors.not_signed_in',
	anonymous_not_allowed: 'idea.errors.anonymous_not_allowed',
	email_not_confirmed: 'idea.errors.email_not_confirmed',
	markup_not_allowed: 'idea.errors.markup_not_allowed'
} as const satisfies Record<string, MessageKey>;

/** The message for a refused report; anything unexpected gets the generic one. */
export function reportProblemFor(code: string): MessageKey {
	return Object.hasOwn(REPORT_PROBLEMS, code)
		? REPORT_PROBLEMS[code as keyof typeof REPORT_PROBLEMS]
		: 'idea.errors.generic';
}
