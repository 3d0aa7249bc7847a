import { fail, redirect } from '@sveltejs/kit';
import { isAuthApiError } from '@supabase/supabase-js';
import { fieldIssues } from '$lib/schemas/issues';
import { emailSchema, signInSchema } from '$lib/schemas/auth';
import {
	AFTER_SIGN_IN,
	afterSignIn,
	authProblem,
	callbackUrl,
	redirectQuery
} from '$lib/server/auth';
import {
	RATE_LIMITED,
	clientMayTry,
	mailMaySend,
	signInFailed,
	signInMayTry
} from '$lib/server/abuse';
import { SUPPORT_ANCHOR, supportIntent } from '$lib/ideas/support-intent';
import { setVote } from '$lib/server/db/ideas';
import { localPath } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const redirectTo = localPath(url.searchParams.get('redirectTo'), AFTER_SIGN_IN);
	const { user } = await locals.safeGetSession();
	if (user) redirect(303, redirectTo);
	return {
		redirectTo,
		query: redirectQuery(redirectTo),
		// Set by /auth/callback when a mail link was expired, used or opened in another browser.
		linkFailed: url.searchParams.has('link-ungueltig')
	};
};

export const actions: Actions = {
	signIn: async (event) => {
		const { request, locals } = event;
		const form = Object.fromEntries(await request.formData());
		const email = typeof form.email === 'string' ? form.email : '';
		const parsed = signInSchema.safeParse(form);
		if (!parsed.success) return fail(400, { email, issues: fieldIssues(parsed.error) });
		if (!clientMayTry(event) || !signInMayTry(parsed.data.email)) {
			return fail(429, { email, problem: RATE_LIMITED });
		}

		const { error } = await locals.supabase.auth.signInWithPassword(parsed.data);
		if (error) {
			signInFailed(parsed.data.email);
			const problem = authProblem(error);
			return fail(problem.status, { email, problem: problem.key });
		}
		const back = localPath(form.redirectTo, AFTER_SIGN_IN);
		const target = await afterSignIn(locals.supabase, back);
		if (target !== back) redirect(303, target);
		// Signed in to support an idea: the support is given now and the idea's support box shows it.
		// Refused (closed meanwhile, a rule): the box has the button ready, and a click says why.
		const idea = supportIntent(target);
		if (idea) {
			const given = await setVote(locals.supabase, idea, true).then(
				() => true,
				() => false
			);
			redirect(303, given ? `/ideen/${idea}#${SUPPORT_ANCHOR}` : target);
		}
		redirect(303, target);
	},

	/** A sign-in link by mail, for existing accounts; new ones sign up on /anmelden/registrieren. */
	magicLink: async (event) => {
		const { request, locals, url } = event;
		const form = Object.fromEntries(await request.formData());
		const email = typeof form.email === 'string' ? form.email : '';
		const parsed = emailSchema.safeParse(form);
		if (!parsed.success) {
			return fail(400, { email, issues: { email: fieldIssues(parsed.error).email } });
		}
		if (!clientMayTry(event) || !mailMaySend(parsed.data.email)) {
			return fail(429, { email, problem: RATE_LIMITED });
		}
		const next = localPath(form.redirectTo, AFTER_SIGN_IN);
		const { error } = await locals.supabase.auth.signInWithOtp({
			email: parsed.data.email,
			options: { shouldCreateUser: false, emailRedirectTo: callbackUrl(url.origin, next) }
		});
		// An unknown address gets the same answer as a known one: nobody learns who has an account.
		if (error && !(isAuthApiError(error) && error.code === 'otp_disabled')) {
			const problem = authProblem(error);
			return fail(problem.status, { email, problem: problem.key });
		}
		return { email: parsed.data.email, linkSent: true };
	},

	signOut: async ({ locals }) => {
		// Local scope: signs out this browser, not the person's other devices.
		await locals.supabase.auth.signOut({ scope: 'local' });
		redirect(303, '/');
	}
};
