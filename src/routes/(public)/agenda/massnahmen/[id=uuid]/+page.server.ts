import { error } from '@sveltejs/kit';
import { loadAgenda } from '$lib/server/db/agenda';
import { loadMeasureDetails } from '$lib/server/db/measure-details';
import type { PageServerLoad } from './$types';

/**
 * A measure's public page: what a council report needs (ADR 014). Only public fields: no
 * prioritisation criteria, no staff names; dropped and done measures stay.
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const [fields, details] = await Promise.all([
		loadAgenda(locals.supabase, locals.locale),
		loadMeasureDetails(locals.supabase, params.id)
	]);
	for (const field of fields) {
		for (const goal of [null, ...field.goals]) {
			const found = (goal ? goal.measures : field.looseMeasures).find((m) => m.id === params.id);
			if (!found) continue;
			return {
				measure: {
					id: found.id,
					title: found.title,
					description: found.description,
					status: found.status,
					progress: found.progress,
					department: found.department,
					targetDate: found.targetDate,
					budgetPlanned: found.budgetPlanned,
					budgetSpent: found.budgetSpent,
					councilNumber: found.councilNumber,
					councilDate: found.councilDate,
					councilUrl: found.councilUrl,
					ideasFollowStatus: found.ideasFollowStatus,
					ideas: found.ideas
				},
				field: { slug: field.slug, name: field.name },
				goal: goal ? { id: goal.id, title: goal.title } : null,
				details
			};
		}
	}
	error(404, 'measure_not_found');
};
