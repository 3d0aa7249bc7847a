import { downloadHeaders, textStream } from '$lib/server/db/exports';
import { ideaExport } from '$lib/server/export/ideas';
import { XLSX_TYPE, xlsxStream } from '$lib/server/export/xlsx';
import type { RequestHandler } from './$types';

/** Staff: the same rows as ideen.csv as an XLSX workbook with typed cells, streamed. */
export const GET: RequestHandler = async (event) => {
	const { headers, pages, basename } = await ideaExport(event);
	return new Response(textStream(xlsxStream('Ideen', headers, pages)), {
		headers: downloadHeaders(XLSX_TYPE, `${basename}.xlsx`, 'private')
	});
};
