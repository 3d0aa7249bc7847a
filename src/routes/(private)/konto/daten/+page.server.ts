import { fail, redirect } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import { deleteAccountSchema } from '$lib/schemas/profile';
import { requireUser } from '$lib/server/auth';
import { deletionSummary, requestAccountDeletion } from '$lib/server/db/account';
import { explain } from '$lib/server/db/errors';
import type { Actions } from './$types';

// Nothing to load: the export is a download of its own (/konto/export), and what deleting would
// take away is counted only when asked (the first step below).

export const actions: Actions = {
	/**
	 * Deleting the account, in two steps: the typed word shows what would be lost (nothing happens
	 * yet); confirming asks for the deletion, signs out everywhere, and the account is erased after
	 * the grace period unless the person signs in again (ADR 012).
	 */
	deleteAccount: async (event) => {
		const { request, locals } = event;
		const user = await requireUser(event);
		const form = Object.fromEntries(await request.formData());
		const parsed = deleteAccountSchema.safeParse(form);
		if (!parsed.success) return fail(400, { deleteIssues: fieldIssues(parsed.error) });
		let erasedAfter: string;
		try {
			if (parsed.data.step === 'check') {
				return { deleteSummary: await deletionSummary(locals.supabase, user.id) };
			}
			erasedAfter = await requestAccountDeletion(locals.supabase);
		} catch (problem) {
			const { status, message } = explain('account', problem);
			return fail(status, { deleteProblem: message });
		}
		// Every session of the account ends: signing in again is what keeps it.
		await locals.supabase.auth.signOut({ scope: 'global' });
		redirect(303, `/auf-wiedersehen?${new URLSearchParams({ bis: erasedAfter.slice(0, 10) })}`);
	}
};
