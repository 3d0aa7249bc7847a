import { fail, redirect } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import { newPasswordSchema } from '$lib/schemas/auth';
import { AFTER_SIGN_IN, authProblem, redirectQuery } from '$lib/server/auth';
import { localPath } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

/**
 * Reached from a reset mail through /auth/callback, which has signed the person in; without a
 * session there is nothing to change, so they start over.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const redirectTo = localPath(url.searchParams.get('redirectTo'), AFTER_SIGN_IN);
	const { user } = await locals.safeGetSession();
	if (!user) redirect(303, `/anmelden/passwort-vergessen?${redirectQuery(redirectTo)}`);
	return { redirectTo };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const { user } = await locals.safeGetSession();
		if (!user) return fail(401, { problem: 'auth.errors.linkInvalid' as const });
		const form = Object.fromEntries(await request.formData());
		const parsed = newPasswordSchema.safeParse(form);
		if (!parsed.success) return fail(400, { issues: fieldIssues(parsed.error) });

		const { error } = await locals.supabase.auth.updateUser({ password: parsed.data.password });
		if (error) {
			const problem = authProblem(error);
			return fail(problem.status, { problem: problem.key });
		}
		redirect(303, localPath(form.redirectTo, AFTER_SIGN_IN));
	}
};
