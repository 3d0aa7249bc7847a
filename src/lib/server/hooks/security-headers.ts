import type { Handle } from '@sveltejs/kit';
import { env } from '$env/dynamic/public';
import { allowConnectTo } from '../csp';
import { withHeaders } from '../response';

// Geolocation is for placing an idea on the map; every other powerful feature stays off.
const PERMISSIONS_POLICY = [
	'geolocation=(self)',
	'camera=()',
	'microphone=()',
	'payment=()',
	'usb=()',
	'midi=()',
	'accelerometer=()',
	'gyroscope=()',
	'magnetometer=()',
	'display-capture=()',
	'browsing-topics=()'
].join(', ');

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers: Record<string, string> = {
		'referrer-policy': 'strict-origin-when-cross-origin',
		'permissions-policy': PERMISSIONS_POLICY,
		'x-content-type-options': 'nosniff'
	};
	// SvelteKit writes the CSP (with this response's nonce) from svelte.config.js, which only knows
	// build-time sources; the browser client talks to Supabase, whose URL is runtime config.
	const csp = response.headers.get('content-security-policy');
	if (csp && env.PUBLIC_SUPABASE_URL) {
		headers['content-security-policy'] = allowConnectTo(
			csp,
			new URL(env.PUBLIC_SUPABASE_URL).origin
		);
	}
	return withHeaders(response, headers);
};
