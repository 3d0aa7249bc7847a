import { json } from '@sveltejs/kit';
import { getResponseFigures, loadAgenda } from '$lib/server/db/agenda';
import { downloadHeaders } from '$lib/server/db/exports';
import { openDataLicence } from '$lib/server/export/licence';
import type { RequestHandler } from './$types';

/**
 * Open data: the agenda (fields of action → goals → measures with status, progress, support,
 * score and the ideas behind each), the response figures and the licence, in the request's language. Small
 * (hundreds of measures at most), so one JSON document rather than a stream.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	const [fields, figures, licence] = await Promise.all([
		loadAgenda(locals.supabase, locals.locale),
		getResponseFigures(locals.supabase),
		openDataLicence(locals.supabase)
	]);
	const measure = (m: (typeof fields)[number]['looseMeasures'][number]) => ({
		id: m.id,
		title: m.title,
		description: m.description,
		status: m.status,
		progress: m.progress,
		department: m.department,
		target_date: m.targetDate,
		support_count: m.supportCount,
		priority_score: m.priorityScore,
		criteria: { strategic_fit: m.strategicFit, effort: m.effort, urgency: m.urgency },
		ideas: m.ideas.map((idea) => ({ ...idea, url: `${url.origin}/ideen/${idea.id}` }))
	});
	return json(
		{
			generated_at: new Date().toISOString(),
			locale: locals.locale,
			licence,
			figures,
			fields_of_action: fields.map((field) => ({
				slug: field.slug,
				name: field.name,
				goals: field.goals.map((goal) => ({
					id: goal.id,
					title: goal.title,
					description: goal.description,
					measures: goal.measures.map(measure)
				})),
				measures_without_goal: field.looseMeasures.map(measure)
			}))
		},
		{ headers: downloadHeaders('application/json; charset=utf-8', 'agenda.json', 'public') }
	);
};
