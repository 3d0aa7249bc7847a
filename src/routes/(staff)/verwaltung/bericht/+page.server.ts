import { reportQuery } from '$lib/schemas/council-report';
import { getReportFigures } from '$lib/server/db/dashboard';
import { reportContext } from '$lib/server/report/load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const context = await reportContext(event);
	const { filters } = context;
	return {
		...context,
		figures: filters ? await getReportFigures(event.locals.supabase, filters) : null,
		query: filters ? reportQuery(filters) : '',
		createdAt: new Date().toISOString()
	};
};
