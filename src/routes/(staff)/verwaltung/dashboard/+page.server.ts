import { reportQuery } from '$lib/schemas/council-report';
import { getDashboardStats, getReportFigures } from '$lib/server/db/dashboard';
import { getMapSettings } from '$lib/server/db/settings';
import { reportContext } from '$lib/server/report/load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const context = await reportContext(event);
	const { filters } = context;
	const [stats, figures, mapSettings] = filters
		? await Promise.all([
				getDashboardStats(event.locals.supabase, filters),
				getReportFigures(event.locals.supabase, filters),
				getMapSettings(event.locals.supabase)
			])
		: [null, null, null];
	return { ...context, stats, figures, mapSettings, query: filters ? reportQuery(filters) : '' };
};
