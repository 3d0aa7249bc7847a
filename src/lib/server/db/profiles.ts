import { log } from '../log';

export async function getOwnProfile(supabase: App.Locals['supabase'], userId: string) {
	// Profiles are public (contributions show their author); this is the caller's own row.
	const { data, error } = await supabase
		.from('profiles')
		.select('display_name, kind, role')
		.eq('id', userId)
		.single();
	if (error) throw new Error(`profiles: ${error.message}`);
	return data;
}

/** Through the RPC, as the user: role and kind stay out of reach by design. */
export async function updateOwnDisplayName(
	supabase: App.Locals['supabase'],
	displayName: string
): Promise<boolean> {
	const { error } = await supabase.rpc('update_my_profile', { display_name: displayName });
	if (error) log.error('update_my_profile failed', { code: error.code, error: error.message });
	return !error;
}
