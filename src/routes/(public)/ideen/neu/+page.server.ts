import { fail } from '@sveltejs/kit';
import { placeProblem, submitDistricts } from '$lib/submit/place';
import { readStepForm } from '$lib/submit/step-form';
import { fieldIssues } from '$lib/schemas/issues';
import { problemFor } from '$lib/problems';
import { STEPS, problemField, submissionSchema } from '$lib/schemas/submission';
import { getResponseFigures } from '$lib/server/db/agenda';
import { DatabaseProblem, explain } from '$lib/server/db/errors';
import { listDistrictAreas, listFieldsOfAction, offeredFields } from '$lib/server/db/reference';
import { getMapSettings } from '$lib/server/db/settings';
import { ideaLimitReached, ownIdeaStored, submitIdea } from '$lib/server/db/submissions';
import { PhotoProblem, preparePhotos, storePhotos } from '$lib/server/photos/store';
import { parsePhotoFields } from '$lib/photos/fields';
import { getSubmissionWindow, listOpenRounds } from '$lib/server/db/rounds';
import { parseDraft, stepIssues, visibleStep } from '$lib/submit/draft';
import { readForm } from '$lib/server/hooks/form-body';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { user } = await locals.safeGetSession();
	const [districts, fields, map, figures, limitReached, submissionWindow, openRounds] =
		await Promise.all([
			listDistrictAreas(locals.supabase).then(submitDistricts),
			listFieldsOfAction(locals.supabase, locals.locale).then(offeredFields),
			getMapSettings(locals.supabase),
			getResponseFigures(locals.supabase),
			// Told as the wizard opens, not by a refusal at its last step.
			user ? ideaLimitReached(locals.supabase) : null,
			// Closed submissions too, and the rounds open now (ADR 018).
			getSubmissionWindow(locals.supabase),
			listOpenRounds(locals.supabase)
		]);
	// "Idee einreichen" of a round's call (`?runde=`) picks that round, if it is open.
	const asked = url.searchParams.get('runde');
	const roundChoice = openRounds.find((round) => round.id === asked)?.id ?? null;
	// The thank-you page says when the town usually answers (as /agenda shows it).
	return {
		districts,
		fields,
		map,
		medianDaysToAnswer: figures.medianDaysToAnswer,
		limitReached,
		submissionWindow,
		openRounds: openRounds.map(({ id, title, endsOn }) => ({ id, title, endsOn })),
		roundChoice
	};
};

export const actions: Actions = {
	/**
	 * A wizard step without JavaScript: `POST /ideen/neu?/step` with the whole draft (see
	 * step-form.ts). Next checks the step's fields: the same step with `issues` when they are
	 * wrong, else the next step. Back, Edit and Fix (`gehe`) go to that step unchecked. Neither
	 * goes past the first step the draft has not finished. Nothing is stored: the answer carries
	 * the draft, and the page draws it into the next form. `asked` (the step the button asked
	 * for) and `fresh` (the draft was begun on a page drawn blank) let the wizard, if its script
	 * has started by then, go on from the stored draft the server could not see.
	 */
	step: async ({ request, locals }) => {
		const [districts, { boundary }, viewer] = await Promise.all([
			listDistrictAreas(locals.supabase).then(submitDistricts),
			getMapSettings(locals.supabase),
			locals.getProfile()
		]);
		const { draft, step, requested, fresh } = readStepForm(await readForm(request), districts);
		// Location needs are for business accounts; the details step offers the choice only to them.
		if (viewer?.kind !== 'business') draft.kind = 'idea';
		const asked = requested ?? STEPS[STEPS.indexOf(step) + 1] ?? step;
		const issues = requested ? {} : stepIssues(step, draft);
		if (step === 'ort' && !requested && !issues.lat && !issues.lng) {
			const outside = placeProblem(boundary, draft);
			if (outside) issues.lat = outside;
		}
		const shown = Object.keys(issues).length > 0 ? step : visibleStep(asked, draft);
		// A draft begun on a page drawn blank stays without an id (`fresh`) until the review, where
		// the submission needs one: so a wizard that starts late still adds it to the stored draft.
		if (fresh && shown !== 'pruefen') draft.id = '';
		return Object.keys(issues).length > 0
			? fail(400, { draft, step, issues, asked, fresh })
			: { draft, step: shown, issues, asked, fresh };
	},

	/**
	 * The submission contract, also used by plain HTML posts and the offline outbox's replays:
	 * `POST /ideen/neu?/submit` (the wizard adds `schritt=pruefen`, so a plain HTML post comes
	 * back to the review with its messages) with form fields id (uuid made by the client when the draft
	 * started), lat, lng, placeHint, title, body, kind (idea | location_need), field, needType,
	 * round (the participation round picked; the database decides where the idea fits).
	 * Success: `{ submitted: { id, status } }`; posting the same id again returns the same idea.
	 * Failure: 400 `{ issues }` (field → message key), or `{ problem }` with the HTTP status of
	 * the database refusal (401 signed out, 403, 409, 429, …), each with the `draft` as sent, so a
	 * review without JavaScript keeps it. Nothing is stored on a failure.
	 */
	submit: async ({ request, locals }) => {
		const form = await readForm(request);
		const fields = Object.fromEntries(form);
		const draft = parseDraft(fields) ?? undefined;
		const { user } = await locals.safeGetSession();
		if (!user) return fail(401, { problem: 'submit.errors.signInFirst' as const, draft });

		const parsed = submissionSchema.safeParse(fields);
		const photoFields = parsePhotoFields(form);
		if (!parsed.success || 'issues' in photoFields) {
			const issues = {
				...(parsed.success ? {} : fieldIssues(parsed.error)),
				...('issues' in photoFields ? photoFields.issues : {})
			};
			return fail(400, { issues, draft });
		}
		try {
			// Over the day's limit, a new idea's photos are not worth the work of making them safe.
			if (
				photoFields.photos.length > 0 &&
				!(await ownIdeaStored(locals.supabase, parsed.data.id)) &&
				(await ideaLimitReached(locals.supabase))
			) {
				return fail(429, { problem: 'submit.errors.rateLimited' as const, draft });
			}
			// Every photo is made safe before anything is stored: one refused leaves no idea behind.
			const photos = await preparePhotos(photoFields.photos);
			const submitted = await submitIdea(locals.supabase, parsed.data);
			// Posting the same id again (a replay, a lost answer) stores what is missing, once.
			try {
				await storePhotos(locals.supabase, submitted.id, photos);
			} catch (problem) {
				// Storage away (5xx): the whole post fails, and its replay stores the photos. Refused by
				// the database (4xx): the idea stands, and its page says which photos did not come.
				if (!(problem instanceof DatabaseProblem) || problem.status >= 500) throw problem;
				return { submitted: { ...submitted, photoProblem: explain('photos', problem).message } };
			}
			return { submitted };
		} catch (problem) {
			if (problem instanceof PhotoProblem) {
				const issue = `photos.errors.${problem.problem}` as const;
				return fail(400, { issues: { [`photo_${problem.slot}`]: issue }, draft });
			}
			if (!(problem instanceof DatabaseProblem)) throw problem;
			const key = problemFor('submit', problem.code);
			const field = problemField(problem.code);
			return field
				? fail(problem.status, { issues: { [field]: key }, draft })
				: fail(problem.status, { problem: key, draft });
		}
	}
};
