import { fail, redirect } from '@sveltejs/kit';
import { isAuthApiError } from '@supabase/supabase-js';
import type { MessageKey } from '$lib/i18n';
import { fieldIssues } from '$lib/schemas/issues';
import { signInSchema } from '$lib/schemas/auth';
import { localPath } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

const AFTER_SIGN_IN = '/konto';

export const load: PageServerLoad = async ({ locals, url }) => {
	const redirectTo = localPath(url.searchParams.get('redirectTo'), AFTER_SIGN_IN);
	const { user } = await locals.safeGetSession();
	if (user) redirect(303, redirectTo);
	return { redirectTo };
};

// Named actions, so magic link and sign-up can join as `?/magicLink`, `?/signUp` later.
export const actions: Actions = {
	signIn: async ({ request, locals }) => {
		const form = Object.fromEntries(await request.formData());
		const email = typeof form.email === 'string' ? form.email : '';
		const parsed = signInSchema.safeParse(form);
		if (!parsed.success) return fail(400, { email, issues: fieldIssues(parsed.error) });

		const { error } = await locals.supabase.auth.signInWithPassword(parsed.data);
		if (error) {
			const problem = signInProblem(error);
			return fail(problem.status, { email, problem: problem.key });
		}
		redirect(303, localPath(form.redirectTo, AFTER_SIGN_IN));
	},

	signOut: async ({ locals }) => {
		// Local scope: signs out this browser, not the person's other devices.
		await locals.supabase.auth.signOut({ scope: 'local' });
		redirect(303, '/');
	}
};

function signInProblem(error: unknown): { status: number; key: MessageKey } {
	if (isAuthApiError(error) && error.status === 400) {
		return { status: 400, key: 'auth.errors.invalidCredentials' };
	}
	if (isAuthApiError(error) && error.status === 429) {
		return { status: 429, key: 'auth.errors.rateLimited' };
	}
	return { status: 503, key: 'auth.errors.unavailable' };
}
