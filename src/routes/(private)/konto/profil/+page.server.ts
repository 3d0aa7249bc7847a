import { error, fail, redirect } from '@sveltejs/kit';
import { isAuthApiError } from '@supabase/supabase-js';
import { z } from '$lib/schemas/zod';
import { locales } from '$lib/i18n';
import { emailSchema } from '$lib/schemas/auth';
import { fieldIssues, issue } from '$lib/schemas/issues';
import { displayNameSchema, personaSchema } from '$lib/schemas/profile';
import { authProblem, callbackUrl, requireUser } from '$lib/server/auth';
import { explain } from '$lib/server/db/errors';
import {
	getOwnPersona,
	saveOwnLocale,
	updateOwnDisplayName,
	updateOwnPersona
} from '$lib/server/db/profiles';
import { setLocaleCookie } from '$lib/server/locale';
import type { Actions, PageServerLoad } from './$types';

// hooks.server.ts already guards (private); requireUser here also hands us the typed user.
export const load: PageServerLoad = async (event) => {
	const user = await requireUser(event);
	const profile = await event.locals.getProfile();
	if (!profile) error(500, 'signed in without a profile');
	const persona = await getOwnPersona(event.locals.supabase, user.id);
	return { email: user.email ?? '', profile, persona };
};

const localeSchema = z.object({ locale: z.enum(locales, issue('language.errors.unsupported')) });

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
	},

	/**
	 * A new address, confirmed from both mailboxes (double_confirm_changes): until both links are
	 * opened the account keeps its address. The second link lands on the callback with a code.
	 */
	email: async (event) => {
		const user = await requireUser(event);
		const form = Object.fromEntries(await event.request.formData());
		const entered = typeof form.email === 'string' ? form.email : '';
		const parsed = emailSchema.safeParse(form);
		if (!parsed.success) {
			return fail(400, { newEmail: entered, emailIssue: fieldIssues(parsed.error).email });
		}
		const next = parsed.data.email.toLowerCase();
		if (next === user.email?.toLowerCase()) {
			return fail(400, { newEmail: entered, emailIssue: 'account.email.errors.same' as const });
		}
		const { error } = await event.locals.supabase.auth.updateUser(
			{ email: next },
			{ emailRedirectTo: callbackUrl(event.url.origin, '/konto/profil?gespeichert=email') }
		);
		if (isAuthApiError(error) && error.code === 'email_exists') {
			return fail(409, { newEmail: entered, emailProblem: 'account.email.errors.taken' as const });
		}
		if (error) {
			const problem = authProblem(error);
			return fail(problem.status, { newEmail: entered, emailProblem: problem.key });
		}
		return { emailRequested: next };
	},

	persona: async ({ request, locals }) => {
		const form = Object.fromEntries(await request.formData());
		const text = (key: string) => (typeof form[key] === 'string' ? form[key] : '');
		const entered = {
			kind: text('kind'),
			organization: text('organization'),
			sector: text('sector')
		};
		const parsed = personaSchema.safeParse(form);
		if (!parsed.success) {
			return fail(400, { persona: entered, personaIssues: fieldIssues(parsed.error) });
		}
		try {
			await updateOwnPersona(locals.supabase, parsed.data);
		} catch (problem) {
			const { status, message } = explain('account', problem);
			return fail(status, { persona: entered, personaProblem: message });
		}
		return { personaSaved: true };
	},

	language: async ({ request, locals, cookies }) => {
		const parsed = localeSchema.safeParse(Object.fromEntries(await request.formData()));
		const profile = await locals.getProfile();
		if (!parsed.success || !profile) {
			return fail(400, { languageProblem: 'language.errors.unsupported' as const });
		}
		if (!(await saveOwnLocale(locals.supabase, profile.display_name, parsed.data.locale))) {
			return fail(500, { languageProblem: 'account.errors.saveFailed' as const });
		}
		setLocaleCookie(cookies, parsed.data.locale);
		// A full new page: every text, and <html lang>, in the chosen language.
		redirect(303, '/konto/profil?gespeichert=sprache#language-heading');
	}
};
