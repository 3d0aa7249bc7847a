import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth';
import { countMine } from '$lib/server/db/account';
import { getOwnPersona } from '$lib/server/db/profiles';
import type { PageServerLoad } from './$types';

/**
 * Where a `?gespeichert=` that once landed on the single account page belongs now: links in
 * mails already sent (an email change's confirmation) still say /konto.
 */
const MOVED: Record<string, string> = {
	email: '/konto/profil',
	'email-teilweise': '/konto/profil',
	sprache: '/konto/profil',
	idee: '/konto/ideen'
};

// The overview: who is signed in and how much each section holds (counts only, no lists).
export const load: PageServerLoad = async (event) => {
	const saved = event.url.searchParams.get('gespeichert');
	// A redirect without a fragment keeps the one the browser had (#email-heading).
	if (saved && Object.hasOwn(MOVED, saved)) redirect(303, `${MOVED[saved]}${event.url.search}`);
	const user = await requireUser(event);
	const profile = await event.locals.getProfile();
	if (!profile) error(500, 'signed in without a profile');
	const supabase = event.locals.supabase;
	const [persona, counts] = await Promise.all([
		getOwnPersona(supabase, user.id),
		countMine(supabase, user.id)
	]);
	return { email: user.email ?? '', profile, persona, counts };
};
