import { json } from '@sveltejs/kit';
import { databaseAnswers } from '$lib/server/supabase';
import type { RequestHandler } from './$types';

const TIMEOUT_MS = 3000;

/**
 * For load balancers, `npm start` and the pages' connectivity check: 200 only if the database
 * answers through the Supabase API, 503 otherwise; JSON either way (the pages tell our answer from
 * a captive portal's by it).
 */
export const GET: RequestHandler = async () => {
	const reachable = await databaseAnswers(TIMEOUT_MS);
	return json(
		reachable ? { status: 'ok', database: 'ok' } : { status: 'error', database: 'error' },
		{
			status: reachable ? 200 : 503,
			headers: { 'cache-control': 'no-store' }
		}
	);
};
