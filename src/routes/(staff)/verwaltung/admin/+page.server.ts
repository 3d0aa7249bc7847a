import { fail } from '@sveltejs/kit';
import { roleSchema } from '$lib/schemas/admin';
import { requireRole } from '$lib/server/hooks/auth-guard';
import { formFailure } from '$lib/server/db/errors';
import { findUsers, setUserRole } from '$lib/server/db/admin';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'admin');
	const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 200);
	return { q, users: await findUsers(event.locals.supabase, q) };
};

export const actions: Actions = {
	setRole: async (event) => {
		await requireRole(event, 'admin');
		const parsed = roleSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { problem: 'admin.errors.invalid' as const });
		try {
			return {
				roleChanged: await setUserRole(event.locals.supabase, parsed.data.user_id, parsed.data.role)
			};
		} catch (problem) {
			return formFailure('admin', problem, { userId: parsed.data.user_id });
		}
	}
};
