import type { Locale } from '$lib/i18n';
import { log } from '../log';
import { refused } from './errors';
import type { Supabase } from '../supabase';

/**
 * The signed-in person's own profile, role and language included (others' are not readable).
 * None while an account is being deleted (a request racing the deletion): then no viewer.
 */
export async function getOwnProfile(supabase: Supabase) {
	const { data, error } = await supabase.rpc('my_profile').maybeSingle();
	if (error) throw new Error(`my_profile: ${error.message}`);
	return data;
}

/** The business details too: only the account page needs them. */
export async function getOwnPersona(supabase: Supabase, userId: string) {
	const { data, error } = await supabase
		.from('profiles')
		.select('organization, sector')
		.eq('id', userId)
		.single();
	if (error) throw new Error(`profiles: ${error.message}`);
	return data;
}

/** Through the RPC, as the user: role and kind stay out of reach by design. */
export async function updateOwnDisplayName(supabase: Supabase, displayName: string) {
	const { error } = await supabase.rpc('update_my_profile', { display_name: displayName });
	if (error) log.error('update_my_profile failed', { code: error.code, error: error.message });
	return !error;
}

/** update_my_profile needs the display name as well; the current one is passed unchanged. */
export async function saveOwnLocale(supabase: Supabase, displayName: string, locale: Locale) {
	const { error } = await supabase.rpc('update_my_profile', {
		display_name: displayName,
		locale
	});
	if (error) log.error('saving the locale failed', { code: error.code, error: error.message });
	return !error;
}

export type Persona =
	{ kind: 'resident' } | { kind: 'business'; organization: string; sector: string };

export async function updateOwnPersona(supabase: Supabase, persona: Persona): Promise<void> {
	const { error } = await supabase.rpc(
		'update_my_persona',
		persona.kind === 'business'
			? { kind: 'business', organization: persona.organization, sector: persona.sector }
			: { kind: 'resident' }
	);
	if (error) throw refused('update_my_persona', error);
}
