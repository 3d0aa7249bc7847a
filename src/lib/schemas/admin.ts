import { z } from './zod';
import type { Database } from '$lib/types/database';
import { issue } from './issues';

type Enums = Database['public']['Enums'];

export const ROLES = [
	'citizen',
	'moderator',
	'staff',
	'admin'
] as const satisfies readonly Enums['user_role'][];
export const MODERATION_MODES = [
	'pre',
	'post'
] as const satisfies readonly Enums['moderation_mode'][];
export const PARTICIPATION_RULES = [
	'signed_in',
	'registered',
	'confirmed'
] as const satisfies readonly Enums['participation_rule'][];

export const roleSchema = z.object({
	user_id: z.uuid(issue('admin.errors.invalid')),
	role: z.enum(ROLES, issue('admin.errors.invalid'))
});

/**
 * A staff member's departments, from the checkboxes (none checked: none), and whether their role
 * applies to these departments only (ADR 015).
 */
export const userDepartmentsSchema = z.object({
	user_id: z.uuid(issue('admin.errors.invalid')),
	departments: z.array(z.coerce.number().int().positive(issue('admin.errors.invalid'))).max(100),
	scoped: z.boolean()
});

const colour = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^#[0-9a-f]{6}$/, issue('admin.errors.colour'));
const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, issue('admin.errors.tooLong'))
		.transform((v) => v || null);
const weight = z.coerce
	.number(issue('admin.errors.weight'))
	.min(0, issue('admin.errors.weight'))
	.max(99, issue('admin.errors.weight'));
const legal = (max: number) => z.string().max(max, issue('admin.errors.tooLong'));

/** Every setting an admin edits in the console; the database checks each column again. */
export const settingsSchema = z
	.object({
		municipality_name: z
			.string()
			.trim()
			.min(2, issue('admin.errors.name'))
			.max(120, issue('admin.errors.name')),
		primary_colour: colour,
		accent_colour: colour,
		logo_url: optionalText(500).refine(
			(v) => v === null || /^(https:\/\/|\/)/.test(v),
			issue('admin.errors.logoUrl')
		),
		open_data_licence: z
			.string()
			.trim()
			.min(2, issue('admin.errors.licence'))
			.max(120, issue('admin.errors.licence')),
		moderation_mode: z.enum(MODERATION_MODES, issue('admin.errors.invalid')),
		voting_rule: z.enum(PARTICIPATION_RULES, issue('admin.errors.invalid')),
		contribution_rule: z.enum(PARTICIPATION_RULES, issue('admin.errors.invalid')),
		submissions_only_in_rounds: z
			.enum(['true', 'false'], issue('admin.errors.invalid'))
			.transform((value) => value === 'true'),
		map_center_lat: z.coerce
			.number(issue('admin.errors.latitude'))
			.min(-90, issue('admin.errors.latitude'))
			.max(90, issue('admin.errors.latitude')),
		map_center_lng: z.coerce
			.number(issue('admin.errors.longitude'))
			.min(-180, issue('admin.errors.longitude'))
			.max(180, issue('admin.errors.longitude')),
		map_zoom: z.coerce
			.number()
			.int()
			.min(1, issue('admin.errors.zoom'))
			.max(19, issue('admin.errors.zoom')),
		map_min_zoom: z.coerce
			.number()
			.int()
			.min(1, issue('admin.errors.zoom'))
			.max(19, issue('admin.errors.zoom')),
		tile_url: z
			.string()
			.trim()
			.regex(/^https?:\/\/.*\{z\}/, issue('admin.errors.tileUrl'))
			.max(500, issue('admin.errors.tooLong')),
		tile_attribution: z
			.string()
			.trim()
			.min(2, issue('admin.errors.attribution'))
			.max(300, issue('admin.errors.attribution')),
		weight_support: weight,
		weight_strategic_fit: weight,
		weight_effort: weight,
		weight_urgency: weight,
		support_saturation: z.coerce
			.number(issue('admin.errors.saturation'))
			.int(issue('admin.errors.saturation'))
			.min(1, issue('admin.errors.saturation'))
			.max(1000000, issue('admin.errors.saturation')),
		answer_target_days: z.coerce
			.number(issue('admin.errors.answerTarget'))
			.int(issue('admin.errors.answerTarget'))
			.min(1, issue('admin.errors.answerTarget'))
			.max(365, issue('admin.errors.answerTarget')),
		impressum_md: legal(50000),
		datenschutz_md: legal(100000),
		barrierefreiheit_md: legal(50000),
		leichte_sprache_md: legal(50000)
	})
	.refine(
		(s) => s.weight_support + s.weight_strategic_fit + s.weight_effort + s.weight_urgency > 0,
		{ path: ['weight_support'], ...issue('admin.errors.weightsZero') }
	)
	.refine((s) => s.map_min_zoom <= s.map_zoom, {
		path: ['map_min_zoom'],
		...issue('admin.errors.minZoom')
	});

const slug = z
	.string()
	.trim()
	.regex(/^[a-z][a-z0-9_-]{1,39}$/, issue('admin.errors.slug'));

export const departmentSchema = z.object({
	slug,
	name: z.string().trim().min(2, issue('admin.errors.name')).max(120, issue('admin.errors.name')),
	short_name: optionalText(20),
	email: optionalText(200).refine(
		(v) => v === null || /^[^@\s]+@[^@\s]+$/.test(v),
		issue('admin.errors.email')
	)
});

export const fieldSchema = z.object({
	slug,
	name_de: z
		.string()
		.trim()
		.min(2, issue('admin.errors.name'))
		.max(120, issue('admin.errors.name')),
	name_en: z
		.string()
		.trim()
		.min(2, issue('admin.errors.name'))
		.max(120, issue('admin.errors.name')),
	colour,
	position: z.coerce.number().int().min(0).max(999).catch(0)
});

/** Editing a field of action: everything but the slug, which ideas, goals and links refer to. */
export const fieldUpdateSchema = fieldSchema
	.omit({ slug: true })
	.extend({ id: z.coerce.number().int().positive() });

export const deleteSchema = z.object({ id: z.coerce.number().int().positive() });

/** Where a canned reason is offered: hiding (moderation) or answering (the official answer). */
export const CANNED_PURPOSES = ['hide', 'answer'] as const;
export type CannedPurpose = (typeof CANNED_PURPOSES)[number];

/** A canned reason as the admin's form sends it (no id: a new one). */
export const cannedReasonSchema = z.object({
	id: z
		.union([z.literal(''), z.coerce.number().int().positive()])
		.optional()
		.transform((value) => value || undefined),
	purpose: z.enum(CANNED_PURPOSES, issue('admin.errors.invalid')),
	label: z
		.string()
		.trim()
		.min(1, issue('admin.errors.cannedLabel'))
		.max(80, issue('admin.errors.cannedLabel')),
	body: z
		.string()
		.trim()
		.min(1, issue('admin.errors.cannedBody'))
		.max(2000, issue('admin.errors.cannedBody'))
});

/** Germany with a margin, [lng, lat]: a town's district cannot lie outside; catches swapped axes. */
export const BOUNDS = { minLng: 5, maxLng: 16, minLat: 47, maxLat: 55.5 };
export const MAX_UPLOAD_BYTES = 2_000_000;

const position = z
	.tuple([z.number(), z.number()], issue('admin.errors.geojsonInvalid'))
	.rest(z.number());
const ring = z
	.array(position)
	.min(4, issue('admin.errors.geojsonInvalid'))
	.max(5000, issue('admin.errors.geojsonTooLarge'));
const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });
const multi = z.object({
	type: z.literal('MultiPolygon'),
	coordinates: z.array(z.array(ring).min(1)).length(1, issue('admin.errors.geojsonNotPolygon'))
});

/**
 * The geometry in an uploaded GeoJSON file: a Polygon (or a MultiPolygon of one polygon), bare or
 * as a Feature or a FeatureCollection of exactly one Feature. The outer ring counts; it must be
 * closed and lie inside BOUNDS. Returns the geometry or a translation key.
 */
export function parseDistrictGeometry(
	text: string
):
	| { ok: true; geometry: z.infer<typeof polygon> | z.infer<typeof multi> }
	| { ok: false; problem: ReturnType<typeof issue>['error'] } {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { ok: false, problem: 'admin.errors.geojsonSyntax' };
	}
	const object = value as { type?: unknown; features?: unknown; geometry?: unknown } | null;
	if (object?.type === 'FeatureCollection') {
		if (!Array.isArray(object.features) || object.features.length !== 1)
			return { ok: false, problem: 'admin.errors.geojsonOneFeature' };
		value = (object.features[0] as { geometry?: unknown }).geometry;
	} else if (object?.type === 'Feature') value = object.geometry;
	const type = (value as { type?: unknown } | null)?.type;
	if (type !== 'Polygon' && type !== 'MultiPolygon')
		return { ok: false, problem: 'admin.errors.geojsonNotPolygon' };
	const parsed = z.union([polygon, multi]).safeParse(value);
	if (!parsed.success)
		return {
			ok: false,
			problem: parsed.error.issues[0]!.message as ReturnType<typeof issue>['error']
		};
	const outer =
		parsed.data.type === 'Polygon' ? parsed.data.coordinates[0]! : parsed.data.coordinates[0]![0]!;
	const [first, last] = [outer[0]!, outer[outer.length - 1]!];
	if (first[0] !== last[0] || first[1] !== last[1])
		return { ok: false, problem: 'admin.errors.geojsonOpenRing' };
	const outside = outer.some(
		([lng, lat]) =>
			lng < BOUNDS.minLng || lng > BOUNDS.maxLng || lat < BOUNDS.minLat || lat > BOUNDS.maxLat
	);
	if (outside) return { ok: false, problem: 'admin.errors.geojsonOutOfBounds' };
	return { ok: true, geometry: parsed.data };
}

export const districtSchema = z.object({
	slug,
	name: z.string().trim().min(2, issue('admin.errors.name')).max(80, issue('admin.errors.name'))
});

/** The roles an invitation grants (never citizen). */
export const INVITED_ROLES = [
	'moderator',
	'staff',
	'admin'
] as const satisfies readonly Enums['user_role'][];

/** An invitation as the admin form sends it (departments: the checked boxes). */
export const invitationSchema = z.object({
	email: z
		.string()
		.trim()
		.toLowerCase()
		.max(254, issue('admin.errors.email'))
		.pipe(z.email(issue('admin.errors.email'))),
	role: z.enum(INVITED_ROLES, issue('admin.errors.invalid')),
	departments: z.array(z.coerce.number().int().positive(issue('admin.errors.invalid'))).max(100),
	scoped: z.boolean()
});

export const invitationIdSchema = z.object({ id: z.uuid(issue('admin.errors.invalid')) });

/** A delete or an archive of master data; `confirm` is set once the admin has seen the impact. */
export const referenceActionSchema = z.object({
	id: z.coerce.number().int().positive(issue('admin.errors.invalid')),
	confirm: z.literal('1').optional()
});

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const day = z.iso.date(issue('admin.errors.invalid'));

/**
 * The audit log page's filters (GET parameters); an empty field is no filter. The action is
 * `what`: a form field named "action" would hide the form's own action property.
 */
export const auditFilterSchema = z.object({
	person: z.preprocess(blank, z.uuid(issue('admin.errors.invalid')).optional()),
	table: z.preprocess(
		blank,
		z
			.string()
			.regex(/^[a-z_]{1,63}$/, issue('admin.errors.invalid'))
			.optional()
	),
	id: z.preprocess(blank, z.string().trim().max(100, issue('admin.errors.invalid')).optional()),
	what: z.preprocess(
		blank,
		z
			.string()
			.max(100)
			.regex(/^[a-z_]+\.[a-z_]+$/, issue('admin.errors.invalid'))
			.optional()
	),
	from: z.preprocess(blank, day.optional()),
	to: z.preprocess(blank, day.optional()),
	before: z.preprocess(
		blank,
		z.coerce.number().int().positive(issue('admin.errors.invalid')).optional()
	)
});
