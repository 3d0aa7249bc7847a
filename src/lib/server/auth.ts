import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { User } from '@supabase/supabase-js';

const SIGN_IN_PATH = '/anmelden';

/**
 * The signed-in user, or a redirect to the sign-in page that comes back here afterwards. For a
 * form POST only the path comes back: `?/action` would be meaningless on a GET.
 */
export async function requireUser(
	event: Pick<RequestEvent, 'locals' | 'url' | 'request'>
): Promise<User> {
	const { user } = await event.locals.safeGetSession();
	if (user) return user;
	const { pathname, search } = event.url;
	const back = event.request.method === 'GET' ? pathname + search : pathname;
	redirect(303, `${SIGN_IN_PATH}?${new URLSearchParams({ redirectTo: back })}`);
}
