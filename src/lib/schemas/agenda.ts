import { z } from './zod';
import type { Database } from '$lib/types/database';
import { issue } from './issues';

export type MeasureStatus = Database['public']['Enums']['measure_status'];

export const MEASURE_STATUSES = [
	'proposed',
	'approved',
	'in_progress',
	'done',
	'dropped'
] as const satisfies readonly MeasureStatus[];

const slug = z.string().regex(/^[a-z0-9_-]{1,64}$/, issue('agenda.errors.field'));
const uuid = z.uuid(issue('agenda.errors.invalid'));
const optionalUuid = z
	.union([z.literal(''), uuid])
	.transform((value) => value || null)
	.nullable();
const criterion = z.coerce
	.number(issue('agenda.errors.criterion'))
	.int(issue('agenda.errors.criterion'))
	.min(1, issue('agenda.errors.criterion'))
	.max(5, issue('agenda.errors.criterion'));

export const goalSchema = z.object({
	field_slug: slug,
	title: z
		.string()
		.trim()
		.min(5, issue('agenda.errors.titleShort'))
		.max(200, issue('agenda.errors.titleLong')),
	description: z.string().trim().max(5000, issue('agenda.errors.descriptionLong')).default(''),
	position: z.coerce.number().int().min(0).max(999).catch(0)
});

/** Editing a goal: its id and the fields of a new one. */
export const goalUpdateSchema = goalSchema.extend({ id: uuid });

/** The editable fields of a measure; the same schema for creating and editing. */
export const measureSchema = z
	.object({
		goal_id: optionalUuid,
		field_slug: slug,
		title: z
			.string()
			.trim()
			.min(5, issue('agenda.errors.titleShort'))
			.max(200, issue('agenda.errors.titleLong')),
		description: z.string().trim().max(10000, issue('agenda.errors.descriptionLong')).default(''),
		status: z.enum(MEASURE_STATUSES, issue('agenda.errors.invalid')),
		progress: z.coerce
			.number(issue('agenda.errors.progress'))
			.int(issue('agenda.errors.progress'))
			.min(0, issue('agenda.errors.progress'))
			.max(100, issue('agenda.errors.progress')),
		department_id: z
			.union([z.literal(''), z.coerce.number().int().positive()])
			.transform((value) => (value === '' ? null : value)),
		target_date: z
			.union([z.literal(''), z.iso.date(issue('agenda.errors.date'))])
			.transform((value) => value || null),
		strategic_fit: criterion,
		effort: criterion,
		urgency: criterion
	})
	// The database insists too (measures_done_is_complete); saying it here names the field.
	.refine((m) => m.status !== 'done' || m.progress === 100, {
		path: ['progress'],
		...issue('agenda.errors.doneIncomplete')
	});

export const versionSchema = z.coerce.number().int().positive();

export const linkSchema = z.object({
	measure: uuid,
	idea: uuid,
	linked: z.enum(['true', 'false']).transform((value) => value === 'true')
});

export const idSchema = z.object({ id: uuid });
