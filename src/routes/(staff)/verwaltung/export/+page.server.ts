import { requireRole } from '$lib/server/db/agenda-access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'staff');
};
