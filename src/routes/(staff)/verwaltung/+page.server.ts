import { requireConsoleRole } from '$lib/server/hooks/auth-guard';
import { consoleCounts } from '$lib/server/db/staff';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireConsoleRole(event);
	return { counts: await consoleCounts(event.locals.supabase) };
};
