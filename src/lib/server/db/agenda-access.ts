import { error, type RequestEvent } from '@sveltejs/kit';
import { requireUser } from '../auth';

type ConsoleRole = 'moderator' | 'staff' | 'admin';
const RANK: Record<string, number> = { citizen: 0, moderator: 1, staff: 2, admin: 3 };

/**
 * The app's second fence for console pages, actions and endpoints (RLS and the RPCs' own role
 * checks are the first): signed out → sign-in page, too low a role → 403.
 */
export async function requireRole(
	event: Pick<RequestEvent, 'locals' | 'url' | 'request'>,
	min: ConsoleRole
): Promise<void> {
	await requireUser(event);
	const profile = await event.locals.getProfile();
	if (!profile || (RANK[profile.role] ?? 0) < RANK[min]!) error(403, 'forbidden');
}
