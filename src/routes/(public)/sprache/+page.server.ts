import { fail, redirect } from '@sveltejs/kit';
import { z } from '$lib/schemas/zod';
import { locales } from '$lib/i18n';
import { issue } from '$lib/schemas/issues';
import { saveOwnLocale } from '$lib/server/db/profiles';
import { setLocaleCookie } from '$lib/server/locale';
import { localPath } from '$lib/server/redirect';
import type { Actions } from './$types';

const choiceSchema = z.object({ locale: z.enum(locales, issue('language.errors.unsupported')) });

export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		const form = Object.fromEntries(await request.formData());
		const parsed = choiceSchema.safeParse(form);
		if (!parsed.success) return fail(400, { problem: 'language.errors.unsupported' as const });
		setLocaleCookie(cookies, parsed.data.locale);
		// Kept per user: a signed-in choice goes into the profile, so the next sign-in restores it.
		const profile = await locals.getProfile();
		if (profile && profile.locale !== parsed.data.locale) {
			await saveOwnLocale(locals.supabase, profile.display_name, parsed.data.locale);
		}
		redirect(303, localPath(form.redirectTo, '/'));
	}
};
