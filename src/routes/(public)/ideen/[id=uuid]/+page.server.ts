import { randomUUID } from 'node:crypto';
import { error, fail } from '@sveltejs/kit';
import { fieldIssues } from '$lib/schemas/issues';
import { problemFor } from '$lib/problems';
import { commentSchema, keepInformedSchema, voteSchema } from '$lib/schemas/idea';
import { followSchema, reportSchema } from '$lib/schemas/report';
import { requireUser } from '$lib/server/auth';
import { addComment, listComments } from '$lib/server/db/comments';
import { getMapSettings } from '$lib/server/db/settings';
import { DatabaseProblem, explain } from '$lib/server/db/errors';
import {
	getIdea,
	isFollowing,
	listMeasures,
	listPublicEvents,
	listSimilar,
	reportContent,
	setFollow,
	ownVote,
	setKeepInformed,
	setVote
} from '$lib/server/db/ideas';
import { supportIntent, supportIntentPath } from '$lib/ideas/support-intent';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const idea = await getIdea(locals.supabase, params.id, locals.locale);
	// Unknown, hidden from this visitor, or never published: the same 404, so nothing leaks.
	if (!idea) error(404, 'idea_not_found');

	const { user } = await locals.safeGetSession();
	const [events, comments, measures, similar, vote, following, map] = await Promise.all([
		listPublicEvents(locals.supabase, idea.id),
		listComments(locals.supabase, idea.id),
		listMeasures(locals.supabase, idea.id),
		listSimilar(locals.supabase, idea),
		user ? ownVote(locals.supabase, idea.id, user.id) : Promise.resolve(null),
		user ? isFollowing(locals.supabase, idea.id, user.id) : Promise.resolve(false),
		getMapSettings(locals.supabase)
	]);
	return {
		idea,
		events,
		comments,
		measures,
		similar,
		supported: vote !== null,
		keepInformed: vote?.notify ?? false,
		following,
		// The static map needs only the tiles (no boundary: it would only weigh down the page data).
		tiles: { url: map.tileUrl, attribution: map.tileAttribution },
		signedIn: user !== null,
		signInQuery: new URLSearchParams({ redirectTo: url.pathname }).toString(),
		// Signing in to support comes back and finishes the support (see $lib/ideas/support-intent).
		supportSignInQuery: new URLSearchParams({
			redirectTo: supportIntentPath(idea.id)
		}).toString(),
		finishingSupport:
			user !== null && vote === null && supportIntent(url.pathname + url.search) !== null,
		// The idempotency key of the next comment: a repeated post adds it only once.
		commentId: randomUUID(),
		canonical: url.origin + url.pathname
	};
};

export const actions: Actions = {
	vote: async (event) => {
		await requireUser(event);
		const parsed = voteSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { voteProblem: problemFor('idea', undefined) });
		try {
			await setVote(event.locals.supabase, event.params.id, parsed.data.supported);
		} catch (problem) {
			const { status, message } = explain('idea', problem);
			return fail(status, { voteProblem: message });
		}
		return { voted: parsed.data.supported };
	},

	inform: async (event) => {
		await requireUser(event);
		const parsed = keepInformedSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { voteProblem: problemFor('idea', undefined) });
		try {
			await setKeepInformed(event.locals.supabase, event.params.id, parsed.data.notify);
		} catch (problem) {
			const { status, message } = explain('idea', problem);
			return fail(status, { voteProblem: message });
		}
		return { informed: parsed.data.notify };
	},

	comment: async (event) => {
		await requireUser(event);
		const form = Object.fromEntries(await event.request.formData());
		const body = typeof form.body === 'string' ? form.body : '';
		const parsed = commentSchema.safeParse(form);
		if (!parsed.success) return fail(400, { body, issues: fieldIssues(parsed.error) });
		try {
			await addComment(event.locals.supabase, { ...parsed.data, ideaId: event.params.id });
		} catch (problem) {
			const { status, message } = explain('idea', problem);
			return fail(status, { body, commentProblem: message });
		}
		return { commented: true };
	},

	follow: async (event) => {
		await requireUser(event);
		const parsed = followSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { followProblem: problemFor('idea', undefined) });
		try {
			await setFollow(event.locals.supabase, event.params.id, parsed.data.following);
		} catch (problem) {
			const { status, message } = explain('idea', problem);
			return fail(status, { followProblem: message });
		}
		return { followed: parsed.data.following };
	},

	report: async (event) => {
		await requireUser(event);
		const form = Object.fromEntries(await event.request.formData());
		// Which form answered: the idea's own, one comment's or the photos' (the page opens it again).
		const target =
			typeof form.commentId === 'string' && form.commentId
				? form.commentId
				: form.about === 'photo'
					? 'photos'
					: 'idea';
		const note = typeof form.note === 'string' ? form.note : '';
		const parsed = reportSchema.safeParse(form);
		if (!parsed.success) {
			return fail(400, { reportTarget: target, note, reportIssues: fieldIssues(parsed.error) });
		}
		try {
			await reportContent(event.locals.supabase, { ...parsed.data, ideaId: event.params.id });
		} catch (problem) {
			if (!(problem instanceof DatabaseProblem)) throw problem;
			// Reported before: for the person, the outcome is the same.
			if (problem.code === 'duplicate') return { reported: target };
			const { status, message } = explain('report', problem);
			return fail(status, { reportTarget: target, note, reportProblem: message });
		}
		return { reported: target };
	}
};
