import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { formFailure } from '$lib/server/db/errors';
import { listMyDevices, removeDevice } from '$lib/server/db/notifications';
import type { Actions, PageServerLoad } from './$types';

// The (private) guard has checked the session with the auth server.
export const load: PageServerLoad = async ({ locals }) => ({
	devices: await listMyDevices(locals.supabase)
});

export const actions: Actions = {
	/** Removes a device from the list (a lost phone; works without JavaScript). */
	default: async ({ request, locals }) => {
		const parsed = z
			.object({ id: z.uuid() })
			.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success)
			return fail(400, { problem: 'notifications.devices.removeFailed' as const });
		try {
			await removeDevice(locals.supabase, { id: parsed.data.id });
		} catch (problem) {
			return formFailure('account', problem);
		}
		return { removed: true };
	}
};
