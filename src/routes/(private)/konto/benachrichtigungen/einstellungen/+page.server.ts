import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { NotificationKind } from '$lib/notifications/describe';
import { requireUser } from '$lib/server/auth';
import { formFailure } from '$lib/server/db/errors';
import {
	DEFAULT_MAIL_CHOICE,
	getMailPreferences,
	saveMailPreferences,
	type MailChoice
} from '$lib/server/db/notifications';
import { hasRole } from '$lib/server/hooks/auth-guard';
import type { Actions, PageServerLoad } from './$types';

const CHOICES = ['instant', 'daily', 'weekly', 'off'] as const satisfies readonly MailChoice[];

/**
 * The kinds everyone can be told of; staff also hear of ideas assigned to them or their
 * department, and of their ideas that wait too long for an answer.
 */
const KINDS: NotificationKind[] = [
	'status_changed',
	'answered',
	'merged',
	'measure_linked',
	'measure_changed',
	'published',
	'hidden',
	'comment_added',
	'idea_new',
	'report_resolved'
];

async function kindsFor(locals: App.Locals): Promise<NotificationKind[]> {
	const profile = await locals.getProfile();
	if (!profile) error(500, 'signed in without a profile');
	return hasRole(profile.role, 'staff')
		? [...KINDS, 'assigned', 'routed', 'answer_overdue']
		: KINDS;
}

// The (private) guard has checked the session with the auth server.
export const load: PageServerLoad = async ({ locals }) => {
	const [kinds, preferences] = await Promise.all([
		kindsFor(locals),
		getMailPreferences(locals.supabase)
	]);
	return {
		choices: kinds.map((kind) => ({
			kind,
			mail: preferences.choices[kind] ?? DEFAULT_MAIL_CHOICE
		})),
		unsubscribedAt: preferences.unsubscribedAt,
		bouncedAt: preferences.bouncedAt
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = await requireUser(event);
		const kinds = await kindsFor(event.locals);
		const schema = z.object(
			Object.fromEntries(kinds.map((kind) => [kind, z.enum(CHOICES)])) as Record<
				NotificationKind,
				z.ZodEnum<{ [K in (typeof CHOICES)[number]]: K }>
			>
		);
		const parsed = schema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) {
			return fail(400, { invalid: parsed.error.issues.map((issue) => String(issue.path[0])) });
		}
		try {
			await saveMailPreferences(event.locals.supabase, user.id, parsed.data);
		} catch (problem) {
			return formFailure('account', problem);
		}
		return { saved: true };
	}
};
