import { error, fail, redirect } from '@sveltejs/kit';
import { parsePhotoFields } from '$lib/photos/fields';
import { fieldIssues } from '$lib/schemas/issues';
import { ideaEditSchema } from '$lib/schemas/submission';
import { updateMyIdea } from '$lib/server/db/account';
import { explain, formFailure } from '$lib/server/db/errors';
import { getIdea } from '$lib/server/db/ideas';
import { PhotoProblem, preparePhotos, removePhoto, storePhotos } from '$lib/server/photos/store';
import { z } from '$lib/schemas/zod';
import { readForm } from '$lib/server/hooks/form-body';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { user } = await locals.safeGetSession();
	const idea = await getIdea(locals.supabase, params.id, locals.locale);
	// Moderators could read others' waiting ideas; this page is for an author's own only.
	if (!idea || !user || idea.authorId !== user.id) error(404, 'idea_not_found');
	const { id, title, body, placeHint, status, statusReason, photos } = idea;
	return { idea: { id, title, body, placeHint, status, statusReason, photos } };
};

const photoIdSchema = z.object({ photoId: z.uuid() });

export const actions: Actions = {
	save: async ({ request, locals, params }) => {
		const form = Object.fromEntries(await readForm(request));
		const text = (name: string) => (typeof form[name] === 'string' ? form[name] : '');
		const entered = { title: text('title'), body: text('body'), placeHint: text('placeHint') };
		const parsed = ideaEditSchema.safeParse(form);
		if (!parsed.success) return fail(400, { ...entered, issues: fieldIssues(parsed.error) });
		try {
			// Zero rows: published meanwhile (or not mine); RLS allows edits only while submitted.
			if (!(await updateMyIdea(locals.supabase, params.id, parsed.data))) {
				return fail(409, { ...entered, problem: 'account.edit.errors.notEditable' as const });
			}
		} catch (problem) {
			return formFailure('submit', problem, entered);
		}
		redirect(303, '/konto/ideen?gespeichert=idee');
	},

	/**
	 * More photos while the idea may still be changed (the database decides, add_idea_photo): the
	 * wizard's photo fields, each made safe before any is stored; the same ids again store nothing
	 * twice.
	 */
	addPhotos: async ({ request, locals, params }) => {
		const photoFields = parsePhotoFields(await readForm(request));
		if ('issues' in photoFields) return fail(400, { photoIssues: photoFields.issues });
		if (photoFields.photos.length === 0) {
			return fail(400, { photoIssues: { photos: 'photos.errors.noneChosen' as const } });
		}
		try {
			const photos = await preparePhotos(photoFields.photos);
			await storePhotos(locals.supabase, params.id, photos);
		} catch (problem) {
			if (problem instanceof PhotoProblem) {
				const issue = `photos.errors.${problem.problem}` as const;
				return fail(400, { photoIssues: { [`photo_${problem.slot}`]: issue } });
			}
			const { status, message } = explain('photos', problem);
			return fail(status, { photoProblem: message });
		}
		return { photosAdded: photoFields.photos.length };
	},

	removePhoto: async ({ request, locals }) => {
		const parsed = photoIdSchema.safeParse(Object.fromEntries(await readForm(request)));
		if (!parsed.success) return fail(400, { photoProblem: 'photos.errors.notFound' as const });
		try {
			await removePhoto(locals.supabase, parsed.data.photoId);
		} catch (problem) {
			const { status, message } = explain('photos', problem);
			return fail(status, { photoProblem: message });
		}
		return { photoRemoved: true };
	}
};
