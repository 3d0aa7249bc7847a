import { error, fail } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import { displayNameSchema } from '$lib/schemas/profile';
import { requireUser } from '$lib/server/auth';
import { updateOwnDisplayName } from '$lib/server/db/profiles';
import type { Actions, PageServerLoad } from './$types';

// hooks.server.ts already guards (private); requireUser here also hands us the typed user.
export const load: PageServerLoad = async (event) => {
	const user = await requireUser(event);
	const profile = await event.locals.getProfile();
	if (!profile) error(500, 'signed in without a profile');
	return { email: user.email ?? '', profile };
};

export const actions: Actions = {
	displayName: async ({ request, locals }) => {
		const form = Object.fromEntries(await request.formData());
		const displayName = typeof form.displayName === 'string' ? form.displayName : '';
		const parsed = displayNameSchema.safeParse(form);
		if (!parsed.success) return fail(400, { displayName, issues: fieldIssues(parsed.error) });

		if (!(await updateOwnDisplayName(locals.supabase, parsed.data.displayName))) {
			return fail(500, { displayName, problem: 'account.errors.saveFailed' as const });
		}
		return { saved: true };
	}
};
