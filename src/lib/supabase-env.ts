import { env } from '$env/dynamic/public';

/**
 * Read at runtime (not baked in at build time), so one build runs against any Supabase project.
 */
export function supabaseEnv(): { url: string; anonKey: string } {
	const url = env.PUBLIC_SUPABASE_URL;
	const anonKey = env.PUBLIC_SUPABASE_ANON_KEY;
	if (!url || !anonKey) {
		throw new Error(
			'PUBLIC_SUPABASE_URL and PUBLIC_SUPABASE_ANON_KEY must be set (npm start sets them for the local stack)'
		);
	}
	return { url, anonKey };
}
