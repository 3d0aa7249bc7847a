import { listDistricts, listFieldsOfAction } from '$lib/server/db/reference';
import { listRounds } from '$lib/server/db/rounds';
import type { PageServerLoad } from './$types';

/** The archive of calls: every published round, open ones first, then planned, then past. */
export const load: PageServerLoad = async ({ locals }) => {
	const [rounds, fields, districts] = await Promise.all([
		listRounds(locals.supabase),
		listFieldsOfAction(locals.supabase, locals.locale),
		listDistricts(locals.supabase)
	]);
	const published = rounds.filter((round) => round.state !== 'draft');
	return {
		groups: (['open', 'planned', 'closed'] as const)
			.map((state) => ({ state, rounds: published.filter((round) => round.state === state) }))
			.filter((group) => group.rounds.length > 0),
		fields: fields.map(({ slug, name }) => ({ slug, name })),
		districts
	};
};
