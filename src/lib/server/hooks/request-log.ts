import type { Handle } from '@sveltejs/kit';
import { log } from '../log';

/**
 * One line per request. Deliberately without IP address, query string or user: the route id says
 * what was asked for without saying by whom (GDPR).
 */
export const requestLog: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		return response;
	} finally {
		log.info('request', {
			method: event.request.method,
			route: event.route.id,
			status,
			ms: Math.round(performance.now() - started)
		});
	}
};
