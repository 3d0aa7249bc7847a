import { z } from './zod';
import { issue } from './issues';
import { REPORT_NOTE_MAX, REPORT_REASONS } from './limits';

const optionalId = z
	.union([z.uuid(), z.literal('')])
	.optional()
	.transform((value) => value || undefined);

/** A flag on the idea itself, on one of its comments (commentId) or on one of its photos (photoId). */
export const reportSchema = z
	.object({
		/** `photo`: the photos' form, which must name one (photoId). */
		about: z.literal('photo').optional(),
		commentId: optionalId,
		photoId: optionalId,
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
	})
	.refine((report) => (report.about === 'photo') === (report.photoId !== undefined), {
		path: ['photoId'],
		...issue('idea.report.errors.photoRequired')
	})
	.refine((report) => !(report.commentId && report.photoId), { path: ['commentId'] });

export const followSchema = z.object({
	following: z.enum(['true', 'false']).transform((value) => value === 'true')
});
