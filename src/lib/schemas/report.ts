import { z } from './zod';
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
