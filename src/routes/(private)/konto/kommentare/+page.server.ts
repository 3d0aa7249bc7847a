import { fail } from '@sveltejs/kit';
import { z } from '$lib/schemas/zod';
import { problemFor } from '$lib/problems';
import { requireUser } from '$lib/server/auth';
import { listMyComments, listMyFollows } from '$lib/server/db/account';
import { explain } from '$lib/server/db/errors';
import { setFollow } from '$lib/server/db/ideas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requireUser(event);
	const [comments, follows] = await Promise.all([
		listMyComments(event.locals.supabase, user.id),
		listMyFollows(event.locals.supabase, user.id)
	]);
	return { comments, follows };
};

const ideaRef = z.object({ ideaId: z.uuid() });

export const actions: Actions = {
	unfollow: async ({ request, locals }) => {
		const parsed = ideaRef.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { listProblem: problemFor('idea', undefined) });
		try {
			await setFollow(locals.supabase, parsed.data.ideaId, false);
		} catch (problem) {
			const { status, message } = explain('idea', problem);
			return fail(status, { listProblem: message });
		}
		return { unfollowed: true };
	}
};
