import { fail, type RequestEvent } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import { formObject, photoRemovalSchema, readPhotoModeration } from '$lib/schemas/staff';
import { formFailure } from '$lib/server/db/errors';
import { setPhotoHidden } from '$lib/server/db/staff-photos';
import { removePhoto } from '$lib/server/photos/store';

/**
 * Hides a photo (with a reason) or shows it again: the moderation queues' and the staff idea
 * page's `photo` action. The pressed button sends `photo=hide:<id>` or `show:<id>`, the reason
 * comes from `reason-<id>` (or its canned text). Hiding closes the photo's open reports in the
 * database. Someone else may have hidden it meanwhile: their reason stays, and the answer says it
 * (`hiddenBefore`). A refusal names its photo (`target: photo:<id>`), so the page shows it there.
 */
export async function moderatePhoto<Extra extends object>(
	{ request, locals }: RequestEvent,
	extra: (form: FormData) => Extra
) {
	const form = await request.formData();
	const { photo, parsed } = readPhotoModeration(form);
	const answer = { ...extra(form), target: `photo:${photo}` };
	if (!parsed.success) {
		const issues = fieldIssues(parsed.error);
		return fail(400, { ...answer, problem: issues.reason ?? 'staff.errors.generic' });
	}
	const { decision, reason } = parsed.data;
	try {
		const result = await setPhotoHidden(locals.supabase, photo, decision === 'hide', reason);
		return {
			...answer,
			photo: decision === 'hide' ? ('hidden' as const) : ('shown' as const),
			hiddenBefore:
				decision === 'hide' && result.hiddenReason !== reason ? result.hiddenReason : null
		};
	} catch (problem) {
		return formFailure('staff', problem, answer);
	}
}

/**
 * Removes a photo for good, in two steps: without `confirm=yes` nothing is written and the page
 * asks to confirm (`confirmRemove`); with it the photo goes (its files are queued for removal).
 * `removed: false` when it was gone already (a second tab, a replayed post).
 */
export async function removePhotoAction<Extra extends object>(
	{ request, locals }: RequestEvent,
	extra: Extra
) {
	const parsed = photoRemovalSchema.safeParse(formObject(await request.formData()));
	if (!parsed.success) return fail(400, { ...extra, problem: 'staff.errors.generic' as const });
	const { photo, confirm } = parsed.data;
	if (!confirm) return { ...extra, confirmRemove: photo };
	try {
		return { ...extra, removed: await removePhoto(locals.supabase, photo) };
	} catch (problem) {
		return formFailure('staff', problem, { ...extra, target: `photo:${photo}` });
	}
}
