import { error, type Handle, type RequestEvent } from '@sveltejs/kit';
import type { Database } from '$lib/types/database';
import { requireUser } from '../auth';

export type Role = Database['public']['Enums']['user_role'];

const RANK: Record<Role, number> = { citizen: 0, moderator: 1, staff: 2, admin: 3 };

/**
 * The least role each part of the console needs; the longest matching prefix wins. The console
 * itself (overview, moderation) is for moderators; triage, agenda, dashboard and exports for
 * staff; administration for admins. The database enforces the same independently (RLS, RPCs).
 */
const CONSOLE_ROLES: [prefix: string, role: Role][] = [
	['/(staff)/verwaltung/admin', 'admin'],
	['/(staff)/verwaltung/ideen', 'staff'],
	['/(staff)/verwaltung/agenda', 'staff'],
	['/(staff)/verwaltung/beteiligung', 'staff'],
	['/(staff)/verwaltung/dashboard', 'staff'],
	['/(staff)/verwaltung/export', 'staff'],
	['/(staff)', 'moderator']
];

/** The role a route needs, or null for routes open to everyone. */
export function requiredRole(routeId: string | null): Role | null {
	if (!routeId) return null;
	const match = CONSOLE_ROLES.find(
		([prefix]) => routeId === prefix || routeId.startsWith(`${prefix}/`)
	);
	return match ? match[1] : null;
}

export function hasRole(role: Role | undefined | null, needed: Role): boolean {
	return role != null && RANK[role] >= RANK[needed];
}

/**
 * The fence a console page, action or endpoint puts up itself for the least role it names (RLS
 * and the RPCs' own role checks come first): signed out → the sign-in page, too low a role → 403.
 */
export async function requireRole(
	event: Pick<RequestEvent, 'locals' | 'url' | 'request'>,
	min: Exclude<Role, 'citizen'>
): Promise<void> {
	await requireUser(event);
	if (!hasRole((await event.locals.getProfile())?.role, min)) error(403, 'forbidden');
}

/**
 * src/routes/(private) needs a signed-in user, src/routes/(staff) a signed-in user with the role
 * above. Checked here rather than in a layout load because form actions and endpoints run without
 * layout loads. Signed out → the sign-in page (and back); signed in without the role → 403.
 */
export const authGuard: Handle = async ({ event, resolve }) => {
	const routeId = event.route.id;
	if (routeId?.startsWith('/(private)')) await requireUser(event);
	if (requiredRole(routeId)) {
		await requireUser(event);
		// A page (GET) is refused by its loads (requireConsoleRole), so the reader gets the
		// translated 403 page in the site layout; a POST (form action) is refused right here, since
		// actions run without layout loads.
		if (event.request.method !== 'GET' && event.request.method !== 'HEAD') {
			await requireConsoleRole(event);
		}
	}
	return resolve(event);
};

/** Throws 403 unless the signed-in user has the role the route needs; returns that role. */
export async function requireConsoleRole(
	event: Pick<RequestEvent, 'locals' | 'route'>
): Promise<Role> {
	const needed = requiredRole(event.route.id);
	const role = (await event.locals.getProfile())?.role;
	if (!needed || !role || !hasRole(role, needed)) error(403, 'forbidden');
	return role;
}
