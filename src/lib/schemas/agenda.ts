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
/** An amount or a number as typed in German or English ("1.234,50", "1234.5"). */
const decimal = z.preprocess(
	(value) => {
		if (typeof value !== 'string') return value;
		const text = value.trim().replace(/\s/g, '');
		return /,\d{1,2}$/.test(text) ? text.replace(/\./g, '').replace(',', '.') : text;
	},
	z.coerce
		.number(issue('agenda.errors.number'))
		.refine(Number.isFinite, issue('agenda.errors.number'))
		.refine((n) => Math.abs(n) < 1e12, issue('agenda.errors.number'))
);
const optionalAmount = z
	.union([z.literal(''), decimal.pipe(z.number().min(0, issue('agenda.errors.amount')))])
	.transform((value) => (value === '' ? null : value))
	.prefault('');
const date = z.iso.date(issue('agenda.errors.date'));
const optionalDate = z
	.union([z.literal(''), date])
	.transform((value) => value || null)
	.prefault('');
/** As measures.council_number checks it: letters, digits and " ./_-", up to 60 characters. */
const COUNCIL_NUMBER = /^[\p{L}\p{N}][\p{L}\p{N} ./_-]{0,59}$/u;
const HTTPS_URL = /^https:\/\/[^\s<>"']+$/;
/** A Leistungsschlüssel of the LeiKa (OZG services): 14 digits. */
export const LEIKA_KEY = /^\d{14}$/;
const shortText = (min: number, max: number) =>
	z
		.string(issue('agenda.errors.invalid'))
		.trim()
		.min(min, issue('agenda.errors.textShort'))
		.max(max, issue('agenda.errors.textLong'));

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
		urgency: criterion,
		budget_planned: optionalAmount,
		budget_spent: optionalAmount,
		council_number: z
			.string()
			.trim()
			.regex(COUNCIL_NUMBER, issue('agenda.errors.councilNumber'))
			.or(z.literal(''))
			.transform((value) => value || null)
			.prefault(''),
		council_date: optionalDate,
		council_url: z
			.string()
			.trim()
			.max(500, issue('agenda.errors.councilUrl'))
			.regex(HTTPS_URL, issue('agenda.errors.councilUrl'))
			.or(z.literal(''))
			.transform((value) => value || null)
			.prefault(''),
		// A checkbox: present when ticked.
		ideas_follow_status: z.preprocess(
			(value) => value === 'on' || value === 'true' || value === true,
			z.boolean()
		)
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

/** One entry of a measure's details, added on the staff measure page (ADR 014). */
export const measureDetailSchema = z.discriminatedUnion(
	'kind',
	[
		z.object({
			kind: z.literal('indicator'),
			name: shortText(2, 200),
			unit: shortText(0, 40).default(''),
			target_value: decimal
		}),
		z.object({
			kind: z.literal('value'),
			indicator: uuid,
			value: decimal,
			measured_on: date
		}),
		z.object({
			kind: z.literal('milestone'),
			title: shortText(2, 200),
			planned_on: date,
			done_on: optionalDate
		}),
		z.object({ kind: z.literal('milestoneDone'), id: uuid, done_on: date }),
		z.object({
			kind: z.literal('update'),
			body: shortText(2, 5000),
			reported_on: date
		}),
		z.object({
			kind: z.literal('stakeholder'),
			name: shortText(2, 200),
			role: shortText(0, 200).default('')
		}),
		z.object({
			kind: z.literal('service'),
			leika_key: z.string().trim().regex(LEIKA_KEY, issue('agenda.errors.leikaKey')),
			label: shortText(0, 200).default('')
		})
	],
	issue('agenda.errors.invalid')
);

export type MeasureDetail = z.output<typeof measureDetailSchema>;

export const MEASURE_DETAIL_KINDS = [
	'indicator',
	'value',
	'milestone',
	'update',
	'stakeholder',
	'service'
] as const;

export const removeDetailSchema = z.object({
	kind: z.enum(MEASURE_DETAIL_KINDS, issue('agenda.errors.invalid')),
	id: uuid
});
