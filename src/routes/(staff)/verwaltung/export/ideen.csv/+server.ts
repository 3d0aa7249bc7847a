import { requireRole } from '$lib/server/hooks/auth-guard';
import { downloadHeaders, staffIdeaPages, textStream } from '$lib/server/db/exports';
import { BOM, CSV_HEADER, csvLine, csvRow } from '$lib/server/db/exports-csv';
import type { RequestHandler } from './$types';

/**
 * Staff: every idea (all statuses, triage fields, no author or e-mail) as CSV for Excel, streamed
 * page by page through the staff member's own JWT, so RLS decides and memory stays flat.
 */
export const GET: RequestHandler = async (event) => {
	await requireRole(event, 'staff');
	async function* chunks() {
		yield BOM + csvLine(CSV_HEADER);
		for await (const page of staffIdeaPages(event.locals.supabase)) {
			yield page.map(csvRow).join('');
		}
	}
	const day = new Date().toISOString().slice(0, 10);
	return new Response(textStream(chunks()), {
		headers: downloadHeaders('text/csv; charset=utf-8', `ideen-${day}.csv`, 'private')
	});
};
