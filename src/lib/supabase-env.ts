import { env } from '$env/dynamic/public';

/**
 * Read at runtime (not baked in at build time), so one build runs against any Supabase project.
 * The key is the project's publishable key; a legacy anon key in PUBLIC_SUPABASE_ANON_KEY is
 * taken when no publishable key is set.
 */
export function supabaseEnv(): { url: string; key: string } {
	const url = env.PUBLIC_SUPABASE_URL;
	const key = env.PUBLIC_SUPABASE_PUBLISHABLE_KEY || env.PUBLIC_SUPABASE_ANON_KEY;
	if (!url || !key) {
		throw new Error(
			'PUBLIC_SUPABASE_URL and PUBLIC_SUPABASE_PUBLISHABLE_KEY must be set (npm start sets them for the local stack)'
		);
	}
	return { url, key };
}
