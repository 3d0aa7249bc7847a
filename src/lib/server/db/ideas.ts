import type { Locale } from '$lib/i18n';
import type { PhotoMeta } from '$lib/photos/urls';
import { rpcFilters } from '$lib/schemas/list-filter';
import {
	PAGE_SIZE,
	SORT_TO_RPC,
	type IdeaKind,
	type IdeaStatus,
	type ListFilter
} from '$lib/schemas/idea';
import type { Database } from '$lib/types/database';
import { log } from '../log';
import type { Supabase } from '../supabase';
import { DatabaseProblem, refused } from './errors';

type Json = Database['public']['Tables']['idea_events']['Row']['details'];

export interface IdeaSummary {
	id: string;
	title: string;
	excerpt: string;
	status: IdeaStatus;
	kind: IdeaKind;
	fieldSlug: string;
	districtId: number | null;
	voteCount: number;
	commentCount: number;
	createdAt: string;
	/** Metres from the filter's `near` point; null without one. */
	distanceM: number | null;
	/** Its first shown photo (stored, not hidden), for the card's thumbnail. */
	photo: PhotoMeta | null;
}

/** How many ideas match, counted up to a cap (then "more than `count`"). */
export interface ListTotal {
	count: number;
	capped: boolean;
}

/** The list shows "more than 1,000": an exact count of every idea costs too much for that. */
const TOTAL_CAP = 1000;

/**
 * One page of the list through search_ideas (security definer, public statuses only) and the
 * total through count_ideas (same rules), in parallel. One row more than a page is asked for, to
 * know whether a "more" link is needed.
 */
export async function searchIdeas(
	supabase: Supabase,
	filter: ListFilter
): Promise<{ ideas: IdeaSummary[]; hasMore: boolean; total: ListTotal }> {
	const filters = rpcFilters(filter);
	const q = filter.q ?? undefined;
	const [page, total] = await Promise.all([
		supabase.rpc('search_ideas', {
			q,
			filters,
			sort: SORT_TO_RPC[filter.sort],
			max_results: PAGE_SIZE + 1,
			skip: (filter.page - 1) * PAGE_SIZE,
			near_lat: filter.near?.lat,
			near_lng: filter.near?.lng
		}),
		supabase.rpc('count_ideas', { q, filters, max_count: TOTAL_CAP })
	]);
	const error = page.error ?? total.error;
	if (error) {
		log.error('search_ideas failed', { code: error.code, error: error.message });
		throw new DatabaseProblem(error.message, 500);
	}
	const data = page.data ?? [];
	return {
		ideas: data.slice(0, PAGE_SIZE).map((row) => ({
			id: row.id,
			title: row.title,
			excerpt: row.excerpt,
			status: row.status,
			kind: row.kind,
			fieldSlug: row.field_slug,
			districtId: row.district_id,
			voteCount: row.vote_count,
			commentCount: row.comment_count,
			createdAt: row.created_at,
			distanceM: row.distance_m,
			// search_ideas builds it: {id, alt, width, height} or null.
			photo: row.photo as PhotoMeta | null
		})),
		hasMore: data.length > PAGE_SIZE,
		total: total.data as unknown as ListTotal
	};
}

export interface IdeaDetail {
	id: string;
	title: string;
	body: string;
	/** Where the point is, in words; may be empty. */
	placeHint: string;
	kind: IdeaKind;
	needType: Database['public']['Enums']['need_type'] | null;
	status: IdeaStatus;
	statusReason: string | null;
	mergedInto: string | null;
	voteCount: number;
	commentCount: number;
	/** Null for an idea that concerns the whole town (no point, on no map). */
	lat: number | null;
	lng: number | null;
	createdAt: string;
	/** Null once the author deleted their account; only compared, never shown. */
	authorId: string | null;
	field: { slug: string; name: string; colour: string } | null;
	district: string | null;
	/** The participation round it was submitted into. */
	round: { id: string; title: string } | null;
	/** Display name and persona only: e-mail addresses are in no public table. */
	author: {
		displayName: string;
		kind: 'resident' | 'business';
		organization: string | null;
	} | null;
	/**
	 * Its stored photos the visitor may see (RLS: the public sees those not hidden of a public idea;
	 * the author and staff all, a hidden one with its reason), in gallery order.
	 */
	photos: (PhotoMeta & { hiddenReason: string | null })[];
}

/**
 * The first photo of an idea everyone sees (stored, not hidden), from its embedded photos in
 * gallery order; the author's and staff's view has unfinished and hidden ones too.
 */
export function firstShownPhoto(
	photos: {
		id: string;
		alt_text: string;
		width: number;
		height: number;
		stored_at: string | null;
		hidden_at: string | null;
	}[]
): PhotoMeta | null {
	const shown = photos.find((photo) => photo.stored_at !== null && photo.hidden_at === null);
	return shown
		? { id: shown.id, alt: shown.alt_text, width: shown.width, height: shown.height }
		: null;
}

/** The idea as the visitor may see it (RLS decides), or null: unknown and hidden look the same. */
export async function getIdea(
	supabase: Supabase,
	id: string,
	locale: Locale
): Promise<IdeaDetail | null> {
	const { data, error } = await supabase
		.from('ideas')
		.select(
			`id, title, body, place_hint, kind, need_type, status, status_reason, merged_into, vote_count,
			comment_count, lat, lng, created_at, author_id,
			author:profiles!ideas_author_id_fkey(display_name, kind, organization),
			district:districts(name),
			field:fields_of_action(slug, name_de, name_en, colour),
			round:participation_rounds(id, title),
			photos:idea_photos(id, alt_text, width, height, hidden_reason, stored_at)`
		)
		.eq('id', id)
		.order('position', { referencedTable: 'idea_photos' })
		.maybeSingle();
	if (error) throw new Error(`ideas: ${error.message}`);
	if (!data) return null;
	return {
		id: data.id,
		title: data.title,
		body: data.body,
		placeHint: data.place_hint,
		kind: data.kind,
		needType: data.need_type,
		status: data.status,
		statusReason: data.status_reason,
		mergedInto: data.merged_into,
		voteCount: data.vote_count,
		commentCount: data.comment_count,
		lat: data.lat,
		lng: data.lng,
		createdAt: data.created_at,
		authorId: data.author_id,
		field: data.field && {
			slug: data.field.slug,
			name: locale === 'en' ? data.field.name_en : data.field.name_de,
			colour: data.field.colour
		},
		district: data.district?.name ?? null,
		round: data.round,
		author: data.author && {
			displayName: data.author.display_name,
			kind: data.author.kind,
			organization: data.author.kind === 'business' ? data.author.organization : null
		},
		// A photo whose upload broke off has no files yet: the author's retry completes it.
		photos: data.photos
			.filter((photo) => photo.stored_at !== null)
			.map((photo) => ({
				id: photo.id,
				alt: photo.alt_text,
				width: photo.width,
				height: photo.height,
				hiddenReason: photo.hidden_reason
			}))
	};
}

export interface IdeaEvent {
	id: number;
	kind: Database['public']['Enums']['idea_event_kind'];
	fromStatus: IdeaStatus | null;
	toStatus: IdeaStatus | null;
	body: string | null;
	details: Json;
	createdAt: string;
}

/** The public history: status changes, official answers, merges and agenda links. */
export async function listPublicEvents(supabase: Supabase, ideaId: string): Promise<IdeaEvent[]> {
	const { data, error } = await supabase
		.from('idea_events')
		.select('id, kind, from_status, to_status, body, details, created_at')
		.eq('idea_id', ideaId)
		// Staff could read internal notes through RLS; this page is the public one.
		.eq('is_internal', false)
		.in('kind', ['status_change', 'answer', 'merge', 'agenda'])
		.order('created_at')
		.order('id');
	if (error) throw new Error(`idea_events: ${error.message}`);
	return data.map((row) => ({
		id: row.id,
		kind: row.kind,
		fromStatus: row.from_status,
		toStatus: row.to_status,
		body: row.body,
		details: row.details,
		createdAt: row.created_at
	}));
}

export interface LinkedMeasure {
	id: string;
	title: string;
	status: Database['public']['Enums']['measure_status'];
	progress: number;
}

/** The agenda measures this idea feeds. */
export async function listMeasures(supabase: Supabase, ideaId: string): Promise<LinkedMeasure[]> {
	const { data, error } = await supabase
		.from('measure_ideas')
		.select('measure:measures(id, title, status, progress)')
		.eq('idea_id', ideaId);
	if (error) throw new Error(`measure_ideas: ${error.message}`);
	return data.flatMap(({ measure }) => (measure ? [measure] : []));
}

export interface SimilarIdea {
	id: string;
	title: string;
	status: IdeaStatus;
	voteCount: number;
	distanceM: number | null;
	/** Title similarity, 0–1 (the staff console shows it as a percentage). */
	similarity: number;
}

/**
 * Similar ideas nearby (the idea page, the submit form's hint) and likely duplicates (the staff
 * console): similar_ideas() around this idea's point and title, without the idea itself.
 */
export async function listSimilar(
	supabase: Supabase,
	idea: { id: string; title: string; lat: number | null; lng: number | null },
	maxResults = 6
): Promise<SimilarIdea[]> {
	const { data, error } = await supabase.rpc('similar_ideas', {
		title: idea.title,
		// A town-wide idea: similar by title anywhere.
		lat: idea.lat ?? undefined,
		lng: idea.lng ?? undefined,
		max_results: maxResults
	});
	if (error) {
		// A side panel: the page is useful without it.
		log.error('similar_ideas failed', { code: error.code, error: error.message });
		return [];
	}
	return data.flatMap((row) =>
		row.id && row.id !== idea.id && row.title && row.status
			? [
					{
						id: row.id,
						title: row.title,
						status: row.status,
						voteCount: row.vote_count ?? 0,
						distanceM: row.distance_m,
						similarity: row.similarity ?? 0
					}
				]
			: []
	);
}

/**
 * The signed-in visitor's support of the idea, with whether they keep informed about it; null when
 * they do not support it (votes are visible to their owner only).
 */
export async function ownVote(
	supabase: Supabase,
	ideaId: string,
	userId: string
): Promise<{ notify: boolean } | null> {
	const { data, error } = await supabase
		.from('votes')
		.select('notify')
		.eq('idea_id', ideaId)
		.eq('user_id', userId)
		.maybeSingle();
	if (error) throw new Error(`votes: ${error.message}`);
	return data;
}

/** Whether a supporter hears what becomes of the idea (their own support only: RLS). */
export async function setKeepInformed(
	supabase: Supabase,
	ideaId: string,
	notify: boolean
): Promise<void> {
	const { error } = await supabase.from('votes').update({ notify }).eq('idea_id', ideaId);
	if (error) throw refused('votes', error);
}

/** set_vote with the desired state: replaying it changes nothing. */
export async function setVote(
	supabase: Supabase,
	ideaId: string,
	supported: boolean
): Promise<void> {
	const { error } = await supabase.rpc('set_vote', { idea: ideaId, supported });
	if (error) throw refused('set_vote', error);
}

/** Whether the signed-in visitor follows the idea (follows are private to the follower). */
export async function isFollowing(supabase: Supabase, ideaId: string, userId: string) {
	const { count, error } = await supabase
		.from('follows')
		.select('idea_id', { count: 'exact', head: true })
		.eq('idea_id', ideaId)
		.eq('user_id', userId);
	if (error) throw new Error(`follows: ${error.message}`);
	return (count ?? 0) > 0;
}

/** Follow or unfollow: the desired state, so a repeated post changes nothing. */
export async function setFollow(
	supabase: Supabase,
	ideaId: string,
	following: boolean
): Promise<void> {
	const { error } = following
		? await supabase
				.from('follows')
				.upsert({ idea_id: ideaId }, { onConflict: 'user_id,idea_id', ignoreDuplicates: true })
		: await supabase.from('follows').delete().eq('idea_id', ideaId);
	if (error) throw refused('follow', error);
}

/**
 * A flag for the moderators. The database limits how many a person files per day and allows one
 * per person and target: a second one is reported as `duplicate`, which the page takes as done.
 */
export async function reportContent(
	supabase: Supabase,
	report: {
		ideaId: string;
		commentId?: string;
		photoId?: string;
		reason: Database['public']['Enums']['report_reason'];
		note?: string;
	}
): Promise<void> {
	const target = report.commentId
		? { comment_id: report.commentId }
		: report.photoId
			? { photo_id: report.photoId }
			: { idea_id: report.ideaId };
	const { error } = await supabase.from('reports').insert({
		...target,
		reason: report.reason,
		note: report.note ?? null
	});
	if (error) throw refused('report', error);
}
