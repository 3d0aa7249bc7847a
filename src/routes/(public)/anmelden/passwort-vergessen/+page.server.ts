import { fail } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import { emailSchema } from '$lib/schemas/auth';
import { AFTER_SIGN_IN, authProblem, callbackUrl, redirectQuery } from '$lib/server/auth';
import { RATE_LIMITED, clientMayTry, mailMaySend } from '$lib/server/abuse';
import { localPath } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const redirectTo = localPath(url.searchParams.get('redirectTo'), AFTER_SIGN_IN);
	return { redirectTo, query: redirectQuery(redirectTo) };
};

export const actions: Actions = {
	/** The auth server answers alike for known and unknown addresses; so does this page. */
	default: async (event) => {
		const { request, locals, url } = event;
		const form = Object.fromEntries(await request.formData());
		const email = typeof form.email === 'string' ? form.email : '';
		const parsed = emailSchema.safeParse(form);
		if (!parsed.success) return fail(400, { email, issues: fieldIssues(parsed.error) });
		if (!clientMayTry(event) || !mailMaySend(parsed.data.email)) {
			return fail(429, { email, problem: RATE_LIMITED });
		}

		const after = localPath(form.redirectTo, AFTER_SIGN_IN);
		const next = `/anmelden/neues-passwort?${redirectQuery(after)}`;
		const { error } = await locals.supabase.auth.resetPasswordForEmail(parsed.data.email, {
			redirectTo: callbackUrl(url.origin, next)
		});
		if (error) {
			const problem = authProblem(error);
			return fail(problem.status, { email, problem: problem.key });
		}
		return { email: parsed.data.email, sent: true };
	}
};
