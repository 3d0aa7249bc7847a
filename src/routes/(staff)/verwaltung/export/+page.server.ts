import { getOpenDataLicence } from '$lib/server/db/settings';
import { requireRole } from '$lib/server/hooks/auth-guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'staff');
	return { licence: await getOpenDataLicence(event.locals.supabase) };
};
