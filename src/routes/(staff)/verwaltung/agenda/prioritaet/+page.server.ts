import { listAgendaMeasures } from '$lib/server/db/agenda';
import { requireRole } from '$lib/server/hooks/auth-guard';
import { getScoreWeights } from '$lib/server/db/settings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'staff');
	const [measures, weights] = await Promise.all([
		listAgendaMeasures(event.locals.supabase),
		getScoreWeights(event.locals.supabase)
	]);
	// Dropped and done measures need no ranking; the database's score decides the order.
	return {
		measures: measures
			.filter((m) => m.status !== 'dropped' && m.status !== 'done')
			.sort((a, b) => b.priorityScore - a.priorityScore || a.title.localeCompare(b.title)),
		weights
	};
};
