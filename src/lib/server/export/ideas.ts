import type { RequestEvent } from '@sveltejs/kit';
import { createTranslator } from '$lib/i18n/translator';
import { parseTriageView, rpcFilters } from '$lib/schemas/staff';
import { requireUser } from '../auth';
import { staffExportPages } from '../db/exports';
import { listFieldsOfAction } from '../db/reference';
import { messagesFor } from '../i18n';
import { requireRole } from '../hooks/auth-guard';
import { exportColumns } from './table';

/**
 * The staff export of ideas under the triage list's filters (its query string: "export this
 * view"), in German whatever the console's language — the office's files are German. Staff only.
 */
export async function ideaExport(event: RequestEvent) {
	await requireRole(event, 'staff');
	const user = await requireUser(event);
	// The triage view's parser drops what is malformed, as the list does: same rows, same filters.
	const filters = rpcFilters(parseTriageView(event.url.searchParams), user.id);
	const fields = await listFieldsOfAction(event.locals.supabase, 'de');
	const columns = exportColumns({
		t: createTranslator('de', messagesFor('de')),
		fieldNames: Object.fromEntries(fields.map((f) => [f.slug, f.name])),
		origin: event.url.origin
	});
	async function* pages() {
		for await (const page of staffExportPages(event.locals.supabase, filters)) {
			yield page.map(columns.cells);
		}
	}
	const day = new Date().toISOString().slice(0, 10);
	return { headers: columns.headers, pages: pages(), basename: `ideen-${day}` };
}
