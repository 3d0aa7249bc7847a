import { json } from '@sveltejs/kit';
import { createAnonClient } from '$lib/server/supabase';
import { log } from '$lib/server/log';
import type { RequestHandler } from './$types';

const TIMEOUT_MS = 3000;

/**
 * For load balancers and `npm start`: 200 only if the database answers through the Supabase API,
 * as an anonymous visitor would reach it (a head count, no rows transferred).
 */
export const GET: RequestHandler = async () => {
	const reachable = await databaseReachable();
	return json(
		reachable ? { status: 'ok', database: 'ok' } : { status: 'error', database: 'error' },
		{
			status: reachable ? 200 : 503,
			headers: { 'cache-control': 'no-store' }
		}
	);
};

async function databaseReachable(): Promise<boolean> {
	try {
		const { error } = await createAnonClient()
			.from('fields_of_action')
			.select('*', { count: 'exact', head: true })
			.abortSignal(AbortSignal.timeout(TIMEOUT_MS));
		if (error) log.error('health check failed', { code: error.code, error: error.message });
		return !error;
	} catch (error) {
		log.error('health check failed', { error: String(error) });
		return false;
	}
}
