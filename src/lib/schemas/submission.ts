import { z } from './zod';
import type { MessageKey } from '$lib/i18n';
import type { Database } from '$lib/types/database';
import { issue } from './issues';
import { BODY_MAX, PLACE_HINT_MAX, TITLE } from './limits';

export type NeedType = Database['public']['Enums']['need_type'];

export const NEED_TYPES = [
	'breitband',
	'mobilfunk',
	'e_services',
	'logistik',
	'sichtbarkeit',
	'fachkraefte',
	'sonstiges'
] as const satisfies readonly NeedType[];

export const IDEA_KINDS = ['idea', 'location_need'] as const;

/** The wizard's steps, in order: what before where (a place means more once the idea is
 * said); the URL names them (`/ideen/neu?schritt=pruefen`). */
export const STEPS = ['was', 'ort', 'details', 'pruefen'] as const;
export type Step = (typeof STEPS)[number];

// Postgres' char_length counts code points; String#length counts UTF-16 units (an emoji is 2).
const codePoints = (value: string) => [...value].length;
// Mirrors private.has_markup(): the database refuses HTML tags and `javascript:` in plain text.
export const hasMarkup = (value: string) =>
	/<\s*[A-Za-z!/?]/.test(value) || /javascript\s*:/i.test(value);

// Number('') and Number(null) are 0, a real place: an empty form field must stay "missing".
const coordinate = (min: number, max: number) =>
	z.preprocess(
		(value) => (value === '' || value === null ? undefined : value),
		z.coerce
			.number(issue('submit.errors.locationRequired'))
			.refine(Number.isFinite, issue('submit.errors.locationRequired'))
			.refine((value) => value >= min && value <= max, issue('submit.errors.locationInvalid'))
	);

/** The place in words, as the database allows it. */
export const placeHintSchema = z
	.string()
	.trim()
	.max(PLACE_HINT_MAX, issue('submit.errors.placeHintTooLong'))
	.refine((value) => !hasMarkup(value), issue('submit.errors.markup'))
	.default('');
const latitude = coordinate(-90, 90);
const longitude = coordinate(-180, 180);

/**
 * Step "Where": a point, however it was found, or the whole town (`townWide`: no point, on no
 * map; the form sends "true"), and an optional hint in words. A point is required unless the
 * idea concerns the whole town, and then none is kept.
 */
export const placeSchema = z
	.object({
		townWide: z.preprocess((value) => value === true || value === 'true', z.boolean()),
		lat: z.unknown(),
		lng: z.unknown(),
		placeHint: placeHintSchema
	})
	.transform((value, context) => {
		if (value.townWide) return { townWide: true, lat: null, lng: null, placeHint: value.placeHint };
		const lat = latitude.safeParse(value.lat);
		const lng = longitude.safeParse(value.lng);
		for (const [path, result] of [
			['lat', lat],
			['lng', lng]
		] as const) {
			for (const { message } of result.error?.issues ?? []) {
				context.addIssue({ code: 'custom', path: [path], message });
			}
		}
		if (!lat.success || !lng.success) return z.NEVER;
		return { townWide: false, lat: lat.data, lng: lng.data, placeHint: value.placeHint };
	});

/** Step "What": title and description, counted as the database counts them. */
export const textSchema = z.object({
	// The database collapses inner whitespace too; doing it here keeps the count honest.
	title: z
		.string(issue('submit.errors.titleTooShort'))
		.transform((value) => value.replace(/\s+/g, ' ').trim())
		.refine((value) => codePoints(value) >= TITLE.min, issue('submit.errors.titleTooShort'))
		.refine((value) => codePoints(value) <= TITLE.max, issue('submit.errors.titleTooLong'))
		.refine((value) => !hasMarkup(value), issue('submit.errors.markup')),
	body: z
		.string()
		.trim()
		.refine((value) => codePoints(value) <= BODY_MAX, issue('submit.errors.bodyTooLong'))
		.refine((value) => !hasMarkup(value), issue('submit.errors.markup'))
		.default('')
});

/** Step "Details": field of action; a location need (businesses only) names its need type. */
export const detailsSchema = z
	.object({
		kind: z.enum(IDEA_KINDS).catch('idea'),
		// Optional for a location need: the database files it under the need type's field.
		field: z
			.string()
			.regex(/^[a-z0-9_-]{1,64}$/)
			.optional()
			.catch(undefined),
		needType: z.enum(NEED_TYPES).optional().catch(undefined)
	})
	.superRefine((value, context) => {
		if (value.kind === 'idea' && !value.field) {
			context.addIssue({
				code: 'custom',
				path: ['field'],
				message: 'submit.errors.fieldRequired' satisfies MessageKey
			});
		}
		if (value.kind === 'location_need' && !value.needType) {
			context.addIssue({
				code: 'custom',
				path: ['needType'],
				message: 'submit.errors.needType' satisfies MessageKey
			});
		}
	})
	.transform((value) => ({
		...value,
		needType: value.kind === 'location_need' ? value.needType : undefined
	}));

/**
 * The whole submission as the form action receives it (`POST /ideen/neu?/submit`, form fields
 * id, lat, lng, townWide, placeHint, title, body, kind, field, needType, round). `id` is made by the browser when
 * the draft starts: a repeated POST of the same draft finds the idea instead of adding another.
 * `round` is the participation round picked, if any: only a wish, the database decides (ADR 018).
 */
export const submissionSchema = z
	.object({
		id: z.uuid(issue('submit.errors.generic')),
		round: z.uuid().nullable().catch(null)
	})
	.and(placeSchema)
	.and(textSchema)
	.and(detailsSchema);
export type Submission = z.infer<typeof submissionSchema>;

/** An author's correction while the idea awaits moderation: text and place hint, as submitted. */
export const ideaEditSchema = textSchema.extend({ placeHint: placeHintSchema });

/** The step whose fields hold a problem, so the wizard can send the reader back to it. */
export function stepOf(field: string): Step {
	if (['lat', 'lng', 'townWide', 'placeHint'].includes(field)) return 'ort';
	if (field === 'title' || field === 'body' || field === 'kind') return 'was';
	return field === 'id' ? 'pruefen' : 'details';
}

/** The form field a database refusal of a submission concerns (its message: problemFor('submit')). */
const PROBLEM_FIELDS: Record<string, keyof Submission> = {
	location_required: 'lat',
	location_invalid: 'lat',
	location_outside_boundary: 'lat',
	title_too_short: 'title',
	title_too_long: 'title',
	body_too_long: 'body',
	place_hint_too_long: 'placeHint',
	markup_not_allowed: 'body',
	field_required: 'field',
	field_unknown: 'field',
	need_type_required: 'needType',
	need_type_not_allowed: 'needType',
	business_profile_required: 'kind',
	// No open round asks about this field of action (or district): choose another field.
	round_mismatch: 'field'
};

export function problemField(code: string): keyof Submission | undefined {
	return Object.hasOwn(PROBLEM_FIELDS, code) ? PROBLEM_FIELDS[code] : undefined;
}
