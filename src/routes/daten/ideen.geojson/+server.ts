import { publicIdeaPages, downloadHeaders, textStream } from '$lib/server/db/exports';
import type { PublicExportRow } from '$lib/server/db/exports';
import { openDataLicence } from '$lib/server/export/licence';
import type { RequestHandler } from './$types';

/**
 * Open data: every published idea as a GeoJSON FeatureCollection (RFC 7946), streamed page by
 * page, with its licence. Public statuses and public columns only: no author, no e-mail, no
 * triage data.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	const origin = url.origin;
	// A foreign member (RFC 7946, 6.1): the licence the municipality publishes the data under.
	const licence = await openDataLicence(locals.supabase);
	async function* chunks() {
		yield `{"type":"FeatureCollection","licence":${JSON.stringify(licence)},"features":[`;
		let first = true;
		for await (const page of publicIdeaPages(locals.supabase)) {
			const features = page.map((row) => JSON.stringify(feature(row, origin)));
			yield (first ? '' : ',') + features.join(',');
			first = false;
		}
		yield ']}\n';
	}
	return new Response(textStream(chunks()), {
		headers: downloadHeaders('application/geo+json; charset=utf-8', 'ideen.geojson', 'public')
	});
};

function feature(row: PublicExportRow, origin: string) {
	return {
		type: 'Feature',
		id: row.id,
		// A town-wide idea has no point: an unlocated feature (RFC 7946, 3.2).
		geometry:
			row.lat === null || row.lng === null
				? null
				: { type: 'Point', coordinates: [row.lng, row.lat] },
		properties: {
			title: row.title,
			body: row.body,
			place_hint: row.place_hint,
			kind: row.kind,
			need_type: row.need_type,
			status: row.status,
			status_reason: row.status_reason,
			field: row.field_slug,
			district: row.district?.slug ?? null,
			supports: row.vote_count,
			comments: row.comment_count,
			created_at: row.created_at,
			url: `${origin}/ideen/${row.id}`
		}
	};
}
