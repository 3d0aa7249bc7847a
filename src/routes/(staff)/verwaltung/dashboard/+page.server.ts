import { requireRole } from '$lib/server/hooks/auth-guard';
import { getDashboardStats } from '$lib/server/db/dashboard';
import { listFieldsOfAction } from '$lib/server/db/reference';
import { getMapSettings } from '$lib/server/db/settings';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'staff');
	const { locals } = event;
	const [stats, fields, mapSettings] = await Promise.all([
		getDashboardStats(locals.supabase),
		listFieldsOfAction(locals.supabase, locals.locale),
		getMapSettings(locals.supabase)
	]);
	return {
		stats,
		mapSettings,
		fieldNames: Object.fromEntries(fields.map((f) => [f.slug, f.name]))
	};
};
