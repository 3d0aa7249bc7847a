import { fail } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import { submissionProblem, submissionSchema } from '$lib/schemas/submission';
import { listFieldsOfAction } from '$lib/server/db/fields-of-action';
import { DatabaseProblem } from '$lib/server/db/ideas';
import { getMapSettings } from '$lib/server/db/map-settings';
import { getSubmitSettings, listSubmitDistricts, submitIdea } from '$lib/server/db/submissions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const [settings, districts, fields, map] = await Promise.all([
		getSubmitSettings(locals.supabase),
		listSubmitDistricts(locals.supabase),
		listFieldsOfAction(locals.supabase, locals.locale),
		getMapSettings(locals.supabase)
	]);
	return { settings, districts, fields, map };
};

export const actions: Actions = {
	/**
	 * The submission contract, also used by plain HTML posts and the offline outbox's replays:
	 * `POST /ideen/neu?/submit` (the wizard adds `schritt=pruefen`, so a plain HTML post comes
	 * back to the review with its messages) with form fields id (uuid made by the client when the draft
	 * started), lat, lng, placeHint, title, body, kind (idea | location_need), field, needType.
	 * Success: `{ submitted: { id, status } }`; posting the same id again returns the same idea.
	 * Failure: 400 `{ issues }` (field → message key), or `{ problem }` with the HTTP status of
	 * the database refusal (401 signed out, 403, 409, 429, …). Nothing is stored on a failure.
	 */
	submit: async ({ request, locals }) => {
		const { user } = await locals.safeGetSession();
		if (!user) return fail(401, { problem: 'submit.errors.signInFirst' as const });

		const parsed = submissionSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { issues: fieldIssues(parsed.error) });
		try {
			return { submitted: await submitIdea(locals.supabase, parsed.data) };
		} catch (problem) {
			if (!(problem instanceof DatabaseProblem)) throw problem;
			const { key, field } = submissionProblem(problem.code);
			return field
				? fail(problem.status, { issues: { [field]: key } })
				: fail(problem.status, { problem: key });
		}
	}
};
