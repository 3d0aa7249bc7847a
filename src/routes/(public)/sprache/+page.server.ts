import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { LOCALE_COOKIE, locales } from '$lib/i18n';
import { issue } from '$lib/schemas/issues';
import { localPath } from '$lib/server/redirect';
import type { Actions } from './$types';

const ONE_YEAR = 60 * 60 * 24 * 365;
const choiceSchema = z.object({ locale: z.enum(locales, issue('language.errors.unsupported')) });

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const form = Object.fromEntries(await request.formData());
		const parsed = choiceSchema.safeParse(form);
		if (!parsed.success) return fail(400, { problem: 'language.errors.unsupported' as const });
		// Read only by the server (hooks), so httpOnly; a choice, not a tracker: no consent needed.
		cookies.set(LOCALE_COOKIE, parsed.data.locale, {
			path: '/',
			maxAge: ONE_YEAR,
			sameSite: 'lax',
			httpOnly: true
		});
		redirect(303, localPath(form.redirectTo, '/'));
	}
};
