import { parseStep, parseDraft, newDraftId, type Draft } from './draft';
import type { Step } from '$lib/schemas/submission';
import { districtPlace, type SubmitDistrict } from './place';

/**
 * A wizard step's form as the browser sends it without JavaScript (or before the wizard has
 * started): the step's own fields, the rest of the draft in hidden fields, `schritt` (the step)
 * and, from a Back, Edit or Fix button, `gehe` (where to go instead of forward). The place step sends
 * a district, never a point: the point is the district's centre; or `townWide` (no point).
 */
export interface StepForm {
	draft: Draft;
	step: Step;
	requested: Step | undefined;
	/**
	 * The form was drawn from a blank draft: the server draws one without an id (the id is made
	 * where the draft is kept: the browser, or the answer to the first step form).
	 */
	fresh: boolean;
}

export function readStepForm(form: FormData, districts: SubmitDistrict[]): StepForm {
	// The last value of a name wins, as for the submission: the step's own fields come after the
	// hidden ones (which leave them out anyway).
	const fields: Record<string, unknown> = Object.fromEntries(form);
	const sent = parseDraft(fields);
	const draft = sent ?? (parseDraft({ ...fields, id: newDraftId() }) as Draft);
	const step = parseStep(typeof fields.schritt === 'string' ? fields.schritt : null);
	// The whole town: the district select (sent too) means nothing.
	if (step === 'ort' && !draft.townWide)
		Object.assign(draft, districtPlace(draft.district, districts));
	const requested = typeof fields.gehe === 'string' ? parseStep(fields.gehe) : undefined;
	return { draft, step, requested, fresh: sent === null };
}
