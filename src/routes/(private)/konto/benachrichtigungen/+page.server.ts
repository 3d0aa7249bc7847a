import { formFailure } from '$lib/server/db/errors';
import { listMyNotifications, markAllRead } from '$lib/server/db/notifications';
import type { Actions, PageServerLoad } from './$types';

// The (private) guard has checked the session with the auth server.
export const load: PageServerLoad = async ({ locals }) => ({
	notifications: await listMyNotifications(locals.supabase)
});

export const actions: Actions = {
	read: async ({ locals }) => {
		try {
			await markAllRead(locals.supabase);
		} catch (problem) {
			return formFailure('account', problem);
		}
		return { marked: true };
	}
};
