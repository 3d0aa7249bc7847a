import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth';
import { formFailure } from '$lib/server/db/errors';
import { acceptInvitation } from '$lib/server/db/admin';
import type { Actions, PageServerLoad } from './$types';

/** The token of an invitation mail: 64 hex digits (made by invite_staff()). */
const TOKEN = /^[0-9a-f]{64}$/;

// (private): signed out, the hook sends the visitor to sign in (or sign up) and back here.
// Accepting is a POST, so a mail scanner that opens the link accepts nothing.
export const load: PageServerLoad = async (event) => {
	const user = await requireUser(event);
	if (!TOKEN.test(event.params.token)) error(404, 'not_found');
	return { email: user.email ?? '' };
};

export const actions: Actions = {
	default: async (event) => {
		await requireUser(event);
		if (!TOKEN.test(event.params.token)) error(404, 'not_found');
		try {
			return { role: await acceptInvitation(event.locals.supabase, event.params.token) };
		} catch (problem) {
			return formFailure('account', problem);
		}
	}
};
