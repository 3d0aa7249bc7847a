import type { Handle } from '@sveltejs/kit';
import { requireUser } from '../auth';

/**
 * Everything under src/routes/(private) needs a signed-in user. Checked here rather than in a
 * layout load because form actions and endpoints run without layout loads.
 */
export const authGuard: Handle = async ({ event, resolve }) => {
	if (event.route.id?.startsWith('/(private)')) await requireUser(event);
	return resolve(event);
};
