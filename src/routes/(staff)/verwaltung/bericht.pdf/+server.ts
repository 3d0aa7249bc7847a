import { error } from '@sveltejs/kit';
import { createTranslator } from '$lib/i18n/translator';
import { getReportFigures } from '$lib/server/db/dashboard';
import { getSiteSettings } from '$lib/server/db/settings';
import { messagesFor } from '$lib/server/i18n';
import { reportContext } from '$lib/server/report/load';
import { statusReportPdf } from '$lib/server/report/status-report';
import type { RequestHandler } from './$types';

/** Staff: the status report of /verwaltung/bericht (same query string) as a PDF, made here. */
export const GET: RequestHandler = async (event) => {
	const context = await reportContext(event);
	if (!context.filters) error(400, 'filter_invalid');
	const { locals } = event;
	const [figures, site] = await Promise.all([
		getReportFigures(locals.supabase, context.filters),
		getSiteSettings(locals.supabase)
	]);
	const createdAt = new Date().toISOString();
	const pdf = statusReportPdf(figures, {
		t: createTranslator(locals.locale, messagesFor(locals.locale)),
		locale: locals.locale,
		municipality: site.municipalityName,
		filters: context.filters,
		fieldNames: context.fieldNames,
		departments: context.departments,
		createdAt
	});
	const period = [context.filters.von, context.filters.bis].filter(Boolean).join('_');
	return new Response(pdf, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="statusbericht${period ? `-${period}` : ''}.pdf"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
