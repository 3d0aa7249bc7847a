import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth';
import { listMyIdeas } from '$lib/server/db/account';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requireUser(event);
	const profile = await event.locals.getProfile();
	if (!profile) error(500, 'signed in without a profile');
	return { kind: profile.kind, ideas: await listMyIdeas(event.locals.supabase, user.id) };
};
