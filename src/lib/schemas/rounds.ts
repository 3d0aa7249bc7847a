import { z } from './zod';
import { issue } from './issues';

const day = z
	.string(issue('staff.rounds.errors.date'))
	.regex(/^\d{4}-\d{2}-\d{2}$/, issue('staff.rounds.errors.date'))
	.refine((value) => !Number.isNaN(Date.parse(value)), issue('staff.rounds.errors.date'));

/**
 * A participation round as staff edit it (the form's fields; `fields` repeats, none: all fields
 * of action). The database checks the same again (save_participation_round).
 */
export const roundSchema = z
	.object({
		title: z
			.string()
			.transform((value) => value.replace(/\s+/g, ' ').trim())
			.pipe(
				z
					.string()
					.min(5, issue('staff.rounds.errors.title'))
					.max(120, issue('staff.rounds.errors.title'))
			),
		question: z
			.string()
			.trim()
			.min(10, issue('staff.rounds.errors.question'))
			.max(2000, issue('staff.rounds.errors.question')),
		startsOn: day,
		endsOn: day,
		district: z
			.union([z.literal(''), z.coerce.number().int().positive()])
			.transform((value) => (value === '' ? null : value))
			.catch(null),
		fields: z.array(z.string().regex(/^[a-z0-9_-]{1,64}$/)).catch([])
	})
	.refine((round) => round.endsOn >= round.startsOn, {
		path: ['endsOn'],
		...issue('staff.rounds.errors.dates')
	});

/** The form's fields as the schema reads them (`fields` may repeat). */
export function readRoundForm(form: FormData) {
	return { ...Object.fromEntries(form), fields: form.getAll('fields') };
}
