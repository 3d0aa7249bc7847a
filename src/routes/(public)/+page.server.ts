import { listFieldsOfAction } from '$lib/server/db/fields-of-action';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	fields: await listFieldsOfAction(locals.supabase, locals.locale)
});
