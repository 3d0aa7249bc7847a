import { fail, redirect } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import { signUpSchema, type SignUp } from '$lib/schemas/auth';
import { AFTER_SIGN_IN, authProblem, callbackUrl, redirectQuery } from '$lib/server/auth';
import { RATE_LIMITED, clientMayTry, mailMaySend } from '$lib/server/abuse';
import { localPath } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const redirectTo = localPath(url.searchParams.get('redirectTo'), AFTER_SIGN_IN);
	const { user } = await locals.safeGetSession();
	if (user) redirect(303, redirectTo);
	return { redirectTo, query: redirectQuery(redirectTo) };
};

/** What the form sends back on an error: everything but the password. */
function kept(form: Record<string, FormDataEntryValue>) {
	const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
	return {
		displayName: text('displayName'),
		email: text('email'),
		kind: text('kind') === 'business' ? 'business' : 'resident',
		organization: text('organization'),
		sector: text('sector'),
		method: text('method') === 'link' ? 'link' : 'password'
	};
}

/** User metadata the sign-up trigger reads (public.handle_new_user) to make the profile. */
function metadata(input: SignUp) {
	return {
		display_name: input.displayName,
		kind: input.kind,
		...(input.kind === 'business' ? { organization: input.organization, sector: input.sector } : {})
	};
}

export const actions: Actions = {
	signUp: async (event) => {
		const { request, locals, url } = event;
		const form = Object.fromEntries(await request.formData());
		const values = kept(form);
		const parsed = signUpSchema.safeParse(form);
		if (!parsed.success) return fail(400, { values, issues: fieldIssues(parsed.error) });
		if (!clientMayTry(event) || !mailMaySend(parsed.data.email)) {
			return fail(429, { values, problem: RATE_LIMITED });
		}

		const input = parsed.data;
		const next = localPath(form.redirectTo, AFTER_SIGN_IN);
		const emailRedirectTo = callbackUrl(url.origin, next);
		if (input.method === 'link') {
			// For an address that already has an account this is simply a sign-in link: the answer
			// is the same either way, so the form tells nobody who is registered.
			const { error } = await locals.supabase.auth.signInWithOtp({
				email: input.email,
				options: { shouldCreateUser: true, data: metadata(input), emailRedirectTo }
			});
			if (error) {
				const problem = authProblem(error);
				return fail(problem.status, { values, problem: problem.key });
			}
			return { mailSent: 'link' as const, email: input.email, values };
		}

		const { data, error } = await locals.supabase.auth.signUp({
			email: input.email,
			password: input.password,
			options: { data: metadata(input), emailRedirectTo }
		});
		if (error) {
			const problem = authProblem(error);
			return fail(problem.status, { values, problem: problem.key });
		}
		// Without e-mail confirmation the account is ready; with it, the mail's link signs in.
		if (data.session) redirect(303, next);
		// An address that has an account already: Auth answers as for a new one (no identities),
		// so the page says the same either way. Its owner gets a sign-in link instead of nothing.
		if (data.user?.identities?.length === 0) {
			await locals.supabase.auth.signInWithOtp({
				email: input.email,
				options: { shouldCreateUser: false, emailRedirectTo }
			});
		}
		return { mailSent: 'confirm' as const, email: input.email, values };
	}
};
