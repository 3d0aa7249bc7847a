import { fail } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import {
	commentModerationSchema,
	formObject,
	moderateSchema,
	reportSchema,
	textOrCanned
} from '$lib/schemas/staff';
import { listCannedReasons } from '$lib/server/db/canned';
import { requireConsoleRole } from '$lib/server/hooks/auth-guard';
import { bulkSetStatus } from '$lib/server/db/staff';
import { formFailure } from '$lib/server/db/errors';
import {
	listAwaitingIdeas,
	listHiddenIdeas,
	listReportedTargets,
	resolveReports,
	restoreIdea,
	setCommentHidden
} from '$lib/server/db/staff-moderation';
import { moderatePhoto } from '../photo-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireConsoleRole(event);
	const supabase = event.locals.supabase;
	const [ideas, reported, hidden, canned] = await Promise.all([
		listAwaitingIdeas(supabase),
		listReportedTargets(supabase),
		listHiddenIdeas(supabase),
		listCannedReasons(supabase, 'hide')
	]);
	return { ideas, reported, hidden, canned, now: Date.now() };
};

/**
 * The queue is one form: each item's buttons send `target=approve:<id>` or `hide:<id>` (with that
 * item's reason field), the bulk buttons `approve:selected` / `hide:selected` with the ticked
 * `ids` and the shared reason. So it all works without JavaScript too.
 */
function readModeration(form: FormData) {
	const [decision = '', which = ''] = String(form.get('target') ?? '').split(':');
	const bulk = which === 'selected';
	return moderateSchema.safeParse({
		decision,
		ids: bulk ? form.getAll('ids') : [which],
		reason: textOrCanned(form, bulk ? 'reason' : `reason-${which}`)
	});
}

/**
 * Hiding closes every open report on what was hidden, in the database's transaction; a hide sent
 * from the report queue says so, so the page can tell the moderator.
 */
function hidFromReports(form: FormData): boolean {
	return form.get('from') === 'reports';
}

export const actions: Actions = {
	moderate: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = readModeration(form);
		if (!parsed.success) {
			const issues = fieldIssues(parsed.error);
			return fail(400, {
				target: String(form.get('target') ?? ''),
				problem: issues.reason ?? issues.ids ?? issues.decision ?? 'staff.errors.generic'
			});
		}
		const { ids, decision, reason } = parsed.data;
		try {
			const status = decision === 'approve' ? 'published' : 'hidden';
			const result = await bulkSetStatus(locals.supabase, ids, status, reason);
			return {
				moderated: decision,
				changed: result.changed,
				failed: result.failed.length,
				reportsClosed: hidFromReports(form) && result.changed > 0
			};
		} catch (problem) {
			return formFailure('staff', problem);
		}
	},

	restore: async ({ request, locals }) => {
		const id = String((await request.formData()).get('id') ?? '');
		try {
			await restoreIdea(locals.supabase, id);
			return { restored: true };
		} catch (problem) {
			return formFailure('staff', problem);
		}
	},

	comment: async ({ request, locals }) => {
		const form = await request.formData();
		const comment = String(form.get('comment') ?? '');
		const parsed = commentModerationSchema.safeParse({
			comment,
			hidden: form.get('hidden'),
			reason: textOrCanned(form, `reason-${comment}`)
		});
		if (!parsed.success) {
			return fail(400, {
				target: `comment:${comment}`,
				problem: 'staff.errors.reason_required' as const
			});
		}
		try {
			await setCommentHidden(locals.supabase, comment, parsed.data.hidden, parsed.data.reason);
			return parsed.data.hidden
				? { moderated: 'hide' as const, changed: 1, failed: 0, reportsClosed: hidFromReports(form) }
				: { restored: true };
		} catch (problem) {
			return formFailure('staff', problem);
		}
	},

	/** A photo hidden or shown again, from the waiting ideas' queue or the report queue. */
	photo: (event) => moderatePhoto(event, (form) => ({ reportsClosed: hidFromReports(form) })),

	report: async ({ request, locals }) => {
		const parsed = reportSchema.safeParse(formObject(await request.formData(), ['reports']));
		if (!parsed.success) return fail(400, { problem: 'staff.errors.generic' as const });
		try {
			await resolveReports(locals.supabase, parsed.data.reports, parsed.data.status);
			return { resolved: true };
		} catch (problem) {
			return formFailure('staff', problem);
		}
	}
};
