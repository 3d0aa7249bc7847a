import { PUBLIC_STATUSES } from '$lib/schemas/idea';
import { DatabaseProblem, httpStatus } from './errors';
import { log } from '../log';
import type { Supabase } from '../supabase';
import type { Json } from '$lib/types/database';

/** Rows per PostgREST request: small enough to stay light, large enough to be quick. */
export const EXPORT_PAGE = 1000;

interface Page<T> {
	data: T[] | null;
	error: { message: string; code?: string } | null;
}

/**
 * Rows page by page by keyset (id > last id, the primary key's order), never more than one page
 * in memory. The query runs as the visitor (RLS; their JWT, never a service key).
 */
async function* keyset<T extends { id: string }>(
	fetchPage: (after: string | null) => PromiseLike<Page<T>>
) {
	let after: string | null = null;
	for (;;) {
		const { data, error } = await fetchPage(after);
		if (error || !data) {
			log.error('export page failed', { code: error?.code, error: error?.message });
			throw new DatabaseProblem(error?.message ?? 'export_failed', httpStatus(error?.code));
		}
		if (data.length > 0) yield data;
		if (data.length < EXPORT_PAGE) return;
		after = data[data.length - 1]!.id;
	}
}

/**
 * Every idea staff may see under the triage list's filters (rpcFilters' keys), page by page, with
 * the columns an office needs (staff_export_ideas: staff only, no author). See export/table.ts.
 */
export function staffExportPages(supabase: Supabase, filters: Record<string, unknown>) {
	return keyset((after) =>
		supabase.rpc('staff_export_ideas', {
			filters: filters as Json,
			page_size: EXPORT_PAGE,
			...(after ? { after } : {})
		})
	);
}

type Yielded<G extends AsyncGenerator> = Extract<
	Awaited<ReturnType<G['next']>>,
	{ done?: false }
>['value'];
export type PublicExportRow = Yielded<ReturnType<typeof publicIdeaPages>>[number];

/**
 * Published ideas for the open-data file: public statuses only (even when staff download it) and
 * public columns only — no author, no triage.
 */
export function publicIdeaPages(supabase: Supabase) {
	return keyset((after) => {
		const query = supabase
			.from('ideas')
			.select(
				`id, created_at, title, body, place_hint, kind, need_type, status, status_reason, field_slug,
				lat, lng, vote_count, comment_count, district:districts(slug)`
			)
			.in('status', PUBLIC_STATUSES)
			.order('id')
			.limit(EXPORT_PAGE);
		return after ? query.gt('id', after) : query;
	});
}

const encoder = new TextEncoder();

/**
 * A byte stream from chunks of text or bytes, pulled only as fast as the client reads (back-pressure): the
 * next page is fetched when the previous one has been sent. A client going away stops the source.
 */
export function textStream(
	chunks: AsyncGenerator<string | Uint8Array>
): ReadableStream<Uint8Array> {
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				try {
					const { value, done } = await chunks.next();
					if (done) controller.close();
					else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
				} catch (problem) {
					log.error('export stream failed', { error: String(problem) });
					controller.error(problem);
				}
			},
			async cancel() {
				await chunks.return(undefined);
			}
		},
		{ highWaterMark: 1 }
	);
}

/** Headers for a download; `filename` is ASCII. */
export function downloadHeaders(
	contentType: string,
	filename: string,
	cache: 'public' | 'private'
) {
	return {
		'content-type': contentType,
		'content-disposition': `attachment; filename="${filename}"`,
		'cache-control': cache === 'public' ? 'public, max-age=300' : 'private, no-store',
		'x-content-type-options': 'nosniff'
	};
}
