import { getResponseFigures, loadAgenda } from '$lib/server/db/agenda';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const [fields, figures] = await Promise.all([
		loadAgenda(locals.supabase, locals.locale),
		getResponseFigures(locals.supabase)
	]);
	// Fields without any goal or measure would be empty headings.
	return {
		fields: fields.filter((f) => f.goals.length > 0 || f.looseMeasures.length > 0),
		figures
	};
};
