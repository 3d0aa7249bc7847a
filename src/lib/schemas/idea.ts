import { z } from './zod';
import type { Database } from '$lib/types/database';
import { issue } from './issues';

type Enums = Database['public']['Enums'];
export type IdeaStatus = Enums['idea_status'];
export type IdeaKind = Enums['idea_kind'];

/** The statuses anyone may filter the list by (search_ideas shows these and nothing else). */
export const PUBLIC_STATUSES = [
	'published',
	'under_review',
	'accepted',
	'planned',
	'in_progress',
	'implemented',
	'declined'
] as const satisfies readonly IdeaStatus[];

export const IDEA_KINDS = ['idea', 'location_need'] as const satisfies readonly IdeaKind[];

/**
 * List orders. search_ideas knows relevance | votes | newest | trending | nearest; "relevance"
 * without a search text orders by support too; "trending" is recent support (decayed, half-life
 * 7 days); "nearest" needs a point (`near`) and falls back to relevance without one.
 */
export const SORTS = ['relevance', 'supported', 'newest', 'trending', 'nearest'] as const;
export type Sort = (typeof SORTS)[number];
export const SORT_TO_RPC: Record<Sort, 'relevance' | 'votes' | 'newest' | 'trending' | 'nearest'> =
	{
		relevance: 'relevance',
		supported: 'votes',
		newest: 'newest',
		trending: 'trending',
		nearest: 'nearest'
	};

export const PAGE_SIZE = 20;
/** search_ideas caps max_results at 100 and `skip` is free, but deep pages help no one. */
export const MAX_PAGE = 50;
export const QUERY_MAX = 200;
export const COMMENT_MAX = 2000;

const slug = z.string().regex(/^[a-z0-9_-]{1,64}$/);

/** An unknown or malformed value in the URL is dropped, not an error: links outlive taxonomies. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export interface Point {
	lat: number;
	lng: number;
}

/** Digits kept of a point in the URL: 5 decimals are about a metre, plenty for "near me". */
const NEAR_DIGITS = 5;

/**
 * "lat,lng" from the URL, read leniently ("50.55, 9.68", "50.55;9.68", "50.55 9.68"), within the
 * range of coordinates on Earth; anything else is no point at all.
 */
const nearSchema = z.string().transform((value, ctx): Point => {
	const parts = value.trim().split(/\s*[,;\s]\s*/);
	const [lat, lng] = parts.map((part) => (/^[+-]?\d+(\.\d+)?$/.test(part) ? Number(part) : NaN));
	if (parts.length !== 2 || !(Math.abs(lat!) <= 90) || !(Math.abs(lng!) <= 180)) {
		ctx.addIssue({ code: 'custom', message: 'near is "lat,lng"' });
		return z.NEVER;
	}
	return { lat: round(lat!), lng: round(lng!) };
});

const round = (value: number) => Number(value.toFixed(NEAR_DIGITS));

export const listFilterSchema = z
	.object({
		q: lenient(
			z
				.string()
				.trim()
				.max(QUERY_MAX)
				.transform((value) => value || undefined)
		),
		field: lenient(slug),
		district: lenient(slug),
		kind: lenient(z.enum(IDEA_KINDS)),
		status: lenient(z.enum(PUBLIC_STATUSES)),
		near: lenient(nearSchema),
		sort: z.enum(SORTS).catch('relevance'),
		page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1)
	})
	// "Nearest" without a point: the usual order rather than an error page.
	.transform((filter) =>
		filter.sort === 'nearest' && !filter.near ? { ...filter, sort: 'relevance' as const } : filter
	);
export type ListFilter = z.infer<typeof listFilterSchema>;

/** The filter from a URL's query string (the list's GET form). */
export function parseListFilter(params: URLSearchParams): ListFilter {
	const raw: Record<string, string> = {};
	for (const key of ['q', 'field', 'district', 'kind', 'status', 'near', 'sort', 'page']) {
		const value = params.get(key);
		if (value !== null && value !== '') raw[key] = value;
	}
	return listFilterSchema.parse(raw);
}

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const voteSchema = z.object({ supported: flag });

/** "Keep me informed" on one's own support. */
export const keepInformedSchema = z.object({ notify: flag });

export const commentSchema = z.object({
	// Made by the server with the form, sent back: a repeated post adds the comment only once.
	id: z.uuid(issue('idea.errors.generic')),
	body: z
		.string(issue('idea.errors.comment_empty'))
		.trim()
		.min(1, issue('idea.errors.comment_empty'))
		.max(COMMENT_MAX, issue('idea.errors.comment_too_long'))
});
