import { fail, type Action } from '@sveltejs/kit';
import { linkSchema } from '$lib/schemas/agenda';
import { linkIdea } from '$lib/server/db/agenda-write';
import { formFailure } from '$lib/server/db/errors';

/** Links the idea to a measure or unlinks it (link_idea_to_measure(); the idea's history says so). */
export const linkMeasure: Action<{ id: string }> = async ({ request, locals, params }) => {
	const parsed = linkSchema.safeParse({
		...Object.fromEntries(await request.formData()),
		idea: params.id
	});
	if (!parsed.success) {
		return fail(400, { form: 'measures' as const, problem: 'agenda.errors.invalid' as const });
	}
	try {
		await linkIdea(locals.supabase, parsed.data.measure, parsed.data.idea, parsed.data.linked);
	} catch (problem) {
		return formFailure('agenda', problem, { form: 'measures' as const });
	}
	return { form: 'measures' as const, linked: parsed.data.linked };
};
