import { error, fail, redirect } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import { ideaEditSchema } from '$lib/schemas/submission';
import { updateMyIdea } from '$lib/server/db/account';
import { formFailure } from '$lib/server/db/errors';
import { getIdea } from '$lib/server/db/ideas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { user } = await locals.safeGetSession();
	const idea = await getIdea(locals.supabase, params.id, locals.locale);
	// Moderators could read others' waiting ideas; this page is for an author's own only.
	if (!idea || !user || idea.authorId !== user.id) error(404, 'idea_not_found');
	const { id, title, body, placeHint, status, statusReason } = idea;
	return { idea: { id, title, body, placeHint, status, statusReason } };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const form = Object.fromEntries(await request.formData());
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
	}
};
