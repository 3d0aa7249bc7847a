import { z } from './zod';
import type { MessageKey } from '$lib/i18n';
import type { Database } from '$lib/types/database';
import { IDEA_KINDS, type IdeaStatus } from './idea';
import { issue } from './issues';

type Enums = Database['public']['Enums'];
export type Priority = Enums['idea_priority'];

export const ALL_STATUSES = [
	'submitted',
	'published',
	'under_review',
	'accepted',
	'planned',
	'in_progress',
	'implemented',
	'declined',
	'merged',
	'hidden'
] as const satisfies readonly IdeaStatus[];

/** Statuses a staff member sets by hand (merged and restoring from hidden have their own ways). */
export const SETTABLE_STATUSES = ALL_STATUSES.filter(
	(status) => status !== 'merged' && status !== 'submitted'
);

export const PRIORITIES = [
	'low',
	'medium',
	'high',
	'urgent'
] as const satisfies readonly Priority[];

export const TRIAGE_SORTS = [
	'created_at',
	'vote_count',
	'comment_count',
	'title',
	'status',
	'status_changed_at',
	'priority'
] as const;
export type TriageSort = (typeof TRIAGE_SORTS)[number];

export const TRIAGE_PAGE_SIZE = 50;
export const REASON_MAX = 2000;
export const NOTE_MAX = 5000;
/** The most ideas one bulk action changes (bulk_set_idea_status and bulk_triage_ideas refuse more). */
export const BULK_MAX = 200;

const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const slug = z.string().regex(/^[a-z0-9_-]{1,64}$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const count = z.coerce.number().int().min(0).max(10_000_000);

/**
 * The triage table's view, read from the URL: the URL is the saved view. Anything malformed is
 * dropped rather than an error, since bookmarks outlive departments and tags.
 */
export const triageViewSchema = z.object({
	q: lenient(
		z
			.string()
			.trim()
			.max(200)
			.transform((value) => value || undefined)
	),
	status: z.array(z.enum(ALL_STATUSES)).catch([]),
	field: lenient(slug),
	district: lenient(slug),
	department: lenient(z.union([z.literal('none'), z.string().regex(/^\d{1,5}$/)])),
	assignee: lenient(z.union([z.literal('none'), z.literal('me'), z.uuid()])),
	kind: lenient(z.enum(IDEA_KINDS)),
	priority: lenient(z.enum([...PRIORITIES, 'none'])),
	tag: lenient(
		z
			.string()
			.trim()
			.toLowerCase()
			.regex(/^[a-z0-9äöüß_-]{1,40}$/)
	),
	from: lenient(isoDate),
	to: lenient(isoDate),
	min: lenient(count),
	max: lenient(count),
	/** Only ideas that have waited longer than the answer target (ADR 017). */
	overdue: lenient(z.literal('1')),
	sort: z.enum(TRIAGE_SORTS).catch('created_at'),
	dir: z.enum(['asc', 'desc']).catch('desc'),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});
export type TriageView = z.infer<typeof triageViewSchema>;

const SINGLE_KEYS = [
	'q',
	'field',
	'district',
	'department',
	'assignee',
	'kind',
	'priority',
	'tag',
	'from',
	'to',
	'min',
	'max',
	'overdue',
	'sort',
	'dir',
	'page'
] as const;

export function parseTriageView(params: URLSearchParams): TriageView {
	const raw: Record<string, unknown> = { status: params.getAll('status') };
	for (const key of SINGLE_KEYS) {
		const value = params.get(key);
		if (value !== null && value !== '') raw[key] = value;
	}
	return triageViewSchema.parse(raw);
}

/** The query string of a view without its defaults, so shared links stay short. */
export function triageViewQuery(view: TriageView, changes: Partial<TriageView> = {}): string {
	const merged = { ...view, ...changes };
	const params = new URLSearchParams();
	for (const status of merged.status) params.append('status', status);
	for (const key of SINGLE_KEYS) {
		const value = merged[key];
		if (value === undefined) continue;
		if (key === 'sort' && value === 'created_at') continue;
		if (key === 'dir' && value === 'desc') continue;
		if (key === 'page' && value === 1) continue;
		params.set(key, String(value));
	}
	return params.toString();
}

/** The filters object staff_list_ideas takes; `me` becomes the viewer's id. */
export function rpcFilters(view: TriageView, viewerId: string): Record<string, unknown> {
	const filters: Record<string, unknown> = {};
	if (view.status.length > 0) filters.statuses = view.status;
	for (const key of ['q', 'field', 'district', 'department', 'kind', 'priority', 'tag'] as const) {
		if (view[key] !== undefined) filters[key] = view[key];
	}
	if (view.assignee) filters.assignee = view.assignee === 'me' ? viewerId : view.assignee;
	if (view.from) filters.from = view.from;
	if (view.to) filters.to = view.to;
	if (view.min !== undefined) filters.min_support = view.min;
	if (view.max !== undefined) filters.max_support = view.max;
	if (view.overdue) filters.overdue = true;
	return filters;
}

/** The triage table's columns besides the title (always shown), in their order. */
export const TRIAGE_COLUMNS = [
	'status',
	'field',
	'district',
	'department',
	'assignee',
	'priority',
	'vote_count',
	'days_open',
	'created_at',
	'status_changed_at'
] as const;
export type TriageColumn = (typeof TRIAGE_COLUMNS)[number];

/** What a 1280 px screen shows without scrolling sideways (ADR 017). */
export const DEFAULT_TRIAGE_COLUMNS: readonly TriageColumn[] = [
	'status',
	'department',
	'assignee',
	'priority',
	'vote_count',
	'days_open'
];

/** The columns a person chose (a cookie's value, comma-separated); the default without a choice. */
export function parseTriageColumns(value: string | undefined): TriageColumn[] {
	if (value === undefined) return [...DEFAULT_TRIAGE_COLUMNS];
	const chosen = new Set(value.split(','));
	return TRIAGE_COLUMNS.filter((column) => chosen.has(column));
}

const version = z.coerce.number().int().min(1);
const optionalText = (max: number, tooLong: MessageKey) =>
	z
		.string()
		.trim()
		.max(max, issue(tooLong))
		.optional()
		.transform((value) => value || undefined);

const tags = z
	.string()
	.max(1000, issue('staff.errors.tags_invalid'))
	.transform((value) =>
		[...new Set(value.split(',').map((tag) => tag.trim().toLowerCase()))].filter(Boolean)
	)
	.pipe(
		z
			.array(z.string().regex(/^[a-z0-9äöüß_-]{1,40}$/, issue('staff.errors.tags_invalid')))
			.max(20, issue('staff.errors.tags_invalid'))
	);

/**
 * The staff idea page's one form. The status may stay what it is (even one nobody sets by hand,
 * like submitted); the database decides which changes the lifecycle allows.
 */
export const saveSchema = z
	.object({
		department: z.union([z.literal(''), z.coerce.number().int().min(1)]),
		assignee: z.union([z.literal(''), z.uuid()]),
		priority: z.union([z.literal(''), z.enum(PRIORITIES)]),
		field: slug,
		tags,
		status: z.enum(ALL_STATUSES, issue('staff.errors.invalid_status_transition')),
		answer: optionalText(REASON_MAX, 'staff.errors.reason_invalid'),
		note: optionalText(NOTE_MAX, 'staff.errors.note_invalid'),
		version
	})
	.refine((value) => !['declined', 'hidden'].includes(value.status) || value.answer, {
		path: ['answer'],
		...issue('staff.errors.reason_required')
	});

/** A merge target: one of the suggested duplicates (`pick`) or an idea's id typed by hand. */
export const mergeSchema = z
	.object({
		pick: z.union([z.literal(''), z.uuid()]).optional(),
		target: z.union([z.literal(''), z.uuid(issue('staff.errors.uuid_invalid'))]).optional(),
		reason: optionalText(REASON_MAX, 'staff.errors.reason_invalid'),
		version
	})
	.transform(({ pick, target, ...rest }) => ({ ...rest, target: pick || target || '' }))
	.refine((value) => value.target !== '', {
		path: ['target'],
		...issue('staff.errors.uuid_invalid')
	});

/**
 * The confirmed merge: the public reason is required here (picking a suggestion may leave it for
 * this step). It is what the merged idea's page tells its author and supporters.
 */
export const mergeConfirmSchema = mergeSchema.refine((value) => value.reason !== undefined, {
	path: ['reason'],
	...issue('staff.errors.reason_required')
});

const ids = z
	.array(z.uuid())
	.min(1, issue('staff.errors.select_some'))
	.max(BULK_MAX, issue('staff.errors.select_some'));

/**
 * The triage table's bulk action: department, assignee and/or status for the ticked ideas. An
 * empty choice leaves that field as it is; `none` takes the department or assignee away.
 */
export const bulkTriageSchema = z
	.object({
		ids,
		department: z.union([z.literal(''), z.literal('none'), z.coerce.number().int().min(1)]),
		assignee: z.union([z.literal(''), z.literal('none'), z.uuid()]),
		status: z.union([
			z.literal(''),
			z.enum(SETTABLE_STATUSES, issue('staff.errors.invalid_status_transition'))
		]),
		reason: optionalText(REASON_MAX, 'staff.errors.reason_invalid')
	})
	.refine((value) => value.department !== '' || value.assignee !== '' || value.status !== '', {
		path: ['status'],
		...issue('staff.errors.bulk_nothing')
	})
	.refine((value) => !['declined', 'hidden'].includes(value.status) || value.reason, {
		path: ['reason'],
		...issue('staff.errors.reason_required')
	});

/** Moderation: approve or hide ideas (one or many), hide or restore a comment, close a report. */
export const moderateSchema = z
	.object({
		ids,
		decision: z.enum(['approve', 'hide']),
		reason: optionalText(REASON_MAX, 'staff.errors.reason_invalid')
	})
	.refine((value) => value.decision !== 'hide' || value.reason, {
		path: ['reason'],
		...issue('staff.errors.reason_required')
	});

export const commentModerationSchema = z
	.object({
		comment: z.uuid(),
		hidden: z.enum(['true', 'false']).transform((value) => value === 'true'),
		reason: optionalText(REASON_MAX, 'staff.errors.reason_invalid')
	})
	.refine((value) => !value.hidden || value.reason, {
		path: ['reason'],
		...issue('staff.errors.reason_required')
	});

/**
 * Hide a photo (with the reason its author sees) or show it again: the pressed button sends
 * `photo=hide:<id>` or `photo=show:<id>`, so one form can hold the buttons of many photos.
 */
export const photoModerationSchema = z
	.object({
		decision: z.enum(['hide', 'show']),
		photo: z.uuid(),
		reason: optionalText(REASON_MAX, 'staff.errors.reason_invalid')
	})
	.refine((value) => value.decision !== 'hide' || value.reason, {
		path: ['reason'],
		...issue('staff.errors.reason_required')
	});

/** Read from a form: the pressed button's `photo` and that photo's reason field (or canned text). */
export function readPhotoModeration(form: FormData) {
	const [decision = '', photo = ''] = String(form.get('photo') ?? '').split(':');
	return {
		photo,
		parsed: photoModerationSchema.safeParse({
			decision,
			photo,
			reason: textOrCanned(form, `reason-${photo}`)
		})
	};
}

/** Removing a photo for good: the first post asks to confirm (`confirm` absent), the second does it. */
export const photoRemovalSchema = z.object({
	photo: z.uuid(),
	confirm: z.literal('yes').optional()
});

export const reportSchema = z.object({
	reports: z.array(z.uuid()).min(1).max(BULK_MAX),
	status: z.enum(['resolved', 'dismissed'])
});

/** A form's fields as an object, with the repeated ones (checkbox lists) as arrays. */
export function formObject(
	form: FormData,
	arrays: readonly string[] = []
): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const key of new Set(form.keys())) {
		result[key] = arrays.includes(key) ? form.getAll(key) : form.get(key);
	}
	for (const key of arrays) result[key] ??= [];
	return result;
}

/**
 * A reason or answer field's text, or else the canned text chosen beside it (`canned-<name>`):
 * without JavaScript, picking a canned text and sending the form uses it (ADR 017).
 */
export function textOrCanned(form: FormData, name: string): string {
	const own = String(form.get(name) ?? '').trim();
	return own || String(form.get(`canned-${name}`) ?? '').trim();
}
