import { error, fail } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import {
	formObject,
	mergeConfirmSchema,
	mergeSchema,
	saveSchema,
	textOrCanned
} from '$lib/schemas/staff';
import { listCannedReasons } from '$lib/server/db/canned';
import { DatabaseProblem, formFailure } from '$lib/server/db/errors';
import { listSimilar } from '$lib/server/db/ideas';
import { listIdeaMeasureLinks } from '$lib/server/db/agenda';
import { listDepartments, listFieldsOfAction } from '$lib/server/db/reference';
import { listStaffMembers } from '$lib/server/db/staff';
import { listIdeaPhotos } from '$lib/server/db/staff-photos';
import type { Supabase } from '$lib/server/supabase';
import {
	type StaffIdea,
	getStaffIdea,
	historyNames,
	listStaffEvents,
	mergeIdeas,
	nextStatuses,
	saveIdea
} from '$lib/server/db/staff-triage';
import { requireConsoleRole } from '$lib/server/hooks/auth-guard';
import { moderatePhoto, removePhotoAction } from '../../photo-actions';
import { linkMeasure } from './measure-links';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireConsoleRole(event);
	const { locals, params } = event;
	const idea = await getStaffIdea(locals.supabase, params.id);
	if (!idea) error(404, 'idea_not_found');
	const next = await nextStatuses(locals.supabase, idea.status);
	const mergeable = next.includes('merged');
	const [events, duplicates, fields, departments, staff, measures, canned, photos, hideCanned] =
		await Promise.all([
			listStaffEvents(locals.supabase, idea.id),
			mergeable ? listSimilar(locals.supabase, idea, 8) : Promise.resolve([]),
			listFieldsOfAction(locals.supabase, locals.locale),
			listDepartments(locals.supabase),
			listStaffMembers(locals.supabase),
			listIdeaMeasureLinks(locals.supabase, idea.id),
			listCannedReasons(locals.supabase, 'answer'),
			listIdeaPhotos(locals.supabase, idea.id),
			listCannedReasons(locals.supabase, 'hide')
		]);
	return {
		idea,
		events,
		// The history speaks of people and ideas by name, never by id.
		names: await historyNames(locals.supabase, events),
		duplicates,
		fields,
		// An archived department is offered only to the idea that has it (ADR 015).
		departments: departments.filter((d) => !d.archived_at || d.id === idea.departmentId),
		staff,
		canned,
		next,
		mergeable,
		measures,
		photos,
		hideCanned
	};
};

/**
 * A stale version: nothing was written. The editor gets the idea as it is now, so the page shows
 * the current values to decide against; what they wrote (answer, note, reason) stays.
 */
async function conflictOrRefusal(
	supabase: Supabase,
	id: string,
	problem: unknown,
	extra: { form: 'save' | 'merge'; answer?: string; note?: string; reason?: string }
) {
	if (problem instanceof DatabaseProblem && problem.code === 'version_conflict') {
		const current = await getStaffIdea(supabase, id);
		return fail(409, { ...extra, conflict: current });
	}
	return formFailure('staff', problem, extra);
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** What the merge confirmation previews of its target. */
const confirmOf = (target: StaffIdea) => ({
	id: target.id,
	title: target.title,
	status: target.status,
	voteCount: target.voteCount
});

export const actions: Actions = {
	linkMeasure,

	/** A photo hidden with a reason, or shown again (no idea version: the photo is its own row). */
	photo: (event) => moderatePhoto(event, () => ({ form: 'photos' as const })),

	/** Removing a photo for good: asks to confirm first, then removes it. */
	photoRemove: (event) => removePhotoAction(event, { form: 'photos' as const }),

	save: async ({ request, locals, params }) => {
		const form = await request.formData();
		const raw = formObject(form);
		raw.answer = textOrCanned(form, 'answer');
		const written = { form: 'save' as const, answer: text(raw.answer), note: text(raw.note) };
		const parsed = saveSchema.safeParse(raw);
		if (!parsed.success) {
			return fail(400, { ...written, issues: fieldIssues(parsed.error) });
		}
		const { department, assignee, priority, field, tags, status, answer, note, version } =
			parsed.data;
		try {
			await saveIdea(locals.supabase, params.id, {
				status,
				triage: {
					department_id: department === '' ? null : department,
					assignee_id: assignee === '' ? null : assignee,
					priority: priority === '' ? null : priority,
					field_slug: field,
					tags
				},
				answer,
				note,
				version
			});
			return { form: 'save', saved: true };
		} catch (problem) {
			return conflictOrRefusal(locals.supabase, params.id, problem, written);
		}
	},

	/** First step of a merge: nothing is written; the page asks to confirm against the target. */
	merge: async ({ request, locals, params }) => {
		const raw = formObject(await request.formData());
		const reason = text(raw.reason);
		const parsed = mergeSchema.safeParse(raw);
		if (!parsed.success) {
			return fail(400, { form: 'merge', reason, issues: fieldIssues(parsed.error) });
		}
		const target = await getStaffIdea(locals.supabase, parsed.data.target);
		if (!target || target.id === params.id) {
			return fail(400, {
				form: 'merge',
				reason,
				issues: { target: target ? 'staff.errors.merge_invalid' : 'staff.errors.idea_not_found' }
			});
		}
		return {
			form: 'merge',
			reason,
			version: parsed.data.version,
			confirm: confirmOf(target)
		};
	},

	mergeConfirm: async ({ request, locals, params }) => {
		const raw = formObject(await request.formData());
		const parsed = mergeConfirmSchema.safeParse(raw);
		if (!parsed.success) {
			// Still the confirmation: the target is shown again, so the reason can be added to it.
			const picked = mergeSchema.safeParse(raw);
			const target = picked.success
				? await getStaffIdea(locals.supabase, picked.data.target)
				: null;
			return fail(400, {
				form: 'merge',
				reason: text(raw.reason),
				version: picked.success ? picked.data.version : undefined,
				confirm: target ? confirmOf(target) : undefined,
				issues: fieldIssues(parsed.error)
			});
		}
		try {
			await mergeIdeas(locals.supabase, { source: params.id, ...parsed.data });
			return { form: 'merge', saved: true };
		} catch (problem) {
			return conflictOrRefusal(locals.supabase, params.id, problem, {
				form: 'merge' as const,
				reason: text(raw.reason)
			});
		}
	}
};
