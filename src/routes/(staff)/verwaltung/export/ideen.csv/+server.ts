import { downloadHeaders, textStream } from '$lib/server/db/exports';
import { csvHeader, csvLine } from '$lib/server/export/csv';
import { ideaExport } from '$lib/server/export/ideas';
import type { RequestHandler } from './$types';

/**
 * Staff: the ideas of a triage view (its filters in the query string; none: every idea) as CSV
 * for German Excel and LibreOffice, streamed page by page through the staff member's own JWT, so
 * RLS decides and memory stays flat.
 */
export const GET: RequestHandler = async (event) => {
	const { headers, pages, basename } = await ideaExport(event);
	async function* chunks() {
		yield csvHeader(headers);
		for await (const page of pages) yield page.map(csvLine).join('');
	}
	return new Response(textStream(chunks()), {
		headers: downloadHeaders('text/csv; charset=utf-8', `${basename}.csv`, 'private')
	});
};
