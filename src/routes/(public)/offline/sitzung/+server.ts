import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * Who is signed in, for the outbox: it sends an account's items only while that account is
 * signed in. Reading the session here also refreshes an access token that expired while the
 * device was offline (the Supabase hook writes the new cookies), before any item is sent.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const { user } = await locals.safeGetSession();
	return json({ userId: user?.id ?? null }, { headers: { 'cache-control': 'no-store' } });
};
