import type { Handle } from '@sveltejs/kit';
import { env } from '$env/dynamic/public';
import { allowSource, tileSource } from '../csp';
import { cachedTileUrl } from '../db/settings';
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
	// build-time sources; the browser client talks to Supabase and the map loads tiles from the
	// configured server, both runtime config. Nothing else foreign is allowed.
	let csp = response.headers.get('content-security-policy');
	if (csp) {
		if (env.PUBLIC_SUPABASE_URL) {
			csp = allowSource(csp, 'connect-src', new URL(env.PUBLIC_SUPABASE_URL).origin);
		}
		// locals.supabase exists once the inner hooks ran (they always do for a page).
		const tiles = event.locals.supabase && (await cachedTileUrl(event.locals.supabase));
		const source = tiles ? tileSource(tiles) : null;
		if (source) csp = allowSource(csp, 'img-src', source);
		headers['content-security-policy'] = csp;
	}
	return withHeaders(response, headers);
};
