import { fail } from '@sveltejs/kit';
import { formFailure } from '$lib/server/db/errors';
import { unsubscribeByToken } from '$lib/server/db/notifications';
import type { Actions } from './$types';

// Opening the link changes nothing: mail scanners open every link in a mail. A POST does — the
// button here, or a mail client's one-click unsubscribe (RFC 8058: `List-Unsubscribe=One-Click`,
// no Origin, no cookies; the CSRF hook lets exactly this path through, the token is the key).
export const actions: Actions = {
	default: async ({ locals, params }) => {
		try {
			if (!(await unsubscribeByToken(locals.supabase, params.token))) {
				return fail(404, { unknown: true });
			}
		} catch (problem) {
			return formFailure('account', problem);
		}
		return { unsubscribed: true };
	}
};
