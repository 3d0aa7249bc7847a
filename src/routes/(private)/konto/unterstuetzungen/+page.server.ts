import { fail } from '@sveltejs/kit';
import { z } from '$lib/schemas/zod';
import { problemFor } from '$lib/problems';
import { requireUser } from '$lib/server/auth';
import { listMySupports, mySupport, visibleIdea } from '$lib/server/db/account';
import { explain } from '$lib/server/db/errors';
import { setKeepInformed, setVote } from '$lib/server/db/ideas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requireUser(event);
	return { supports: await listMySupports(event.locals.supabase, user.id) };
};

const ideaRef = z.object({ ideaId: z.uuid() });
// The undo gives back what was withdrawn: the support, and whether its supporter kept informed.
const restoreSchema = ideaRef.extend({ notify: z.enum(['true', 'false']).default('true') });

export const actions: Actions = {
	/** Withdraws a support and names it, so the page can offer to undo it. */
	withdraw: async (event) => {
		const user = await requireUser(event);
		const { supabase } = event.locals;
		const parsed = ideaRef.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { listProblem: problemFor('idea', undefined) });
		const { ideaId } = parsed.data;
		try {
			// Null when it was withdrawn already (a repeated post): nothing to give back then.
			const support = await mySupport(supabase, user.id, ideaId);
			await setVote(supabase, ideaId, false);
			return {
				withdrawn: support
					? { id: ideaId, title: support.idea.title, notify: support.notify }
					: { id: ideaId, title: null, notify: true }
			};
		} catch (problem) {
			const { status, message } = explain('idea', problem);
			return fail(status, { listProblem: message });
		}
	},

	/**
	 * Undo: supports the idea again through set_vote, as the idea page does, with all of its checks;
	 * an idea closed for support since says so.
	 */
	restore: async (event) => {
		await requireUser(event);
		const { supabase } = event.locals;
		const parsed = restoreSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { listProblem: problemFor('idea', undefined) });
		const { ideaId, notify } = parsed.data;
		let idea: Awaited<ReturnType<typeof visibleIdea>> = null;
		try {
			idea = await visibleIdea(supabase, ideaId);
			await setVote(supabase, ideaId, true);
			if (notify === 'false') await setKeepInformed(supabase, ideaId, false);
		} catch (problem) {
			const { status, message } = explain('idea', problem);
			return fail(status, { undoProblem: message, undoIdea: idea });
		}
		return { restored: idea?.title ?? '' };
	}
};
