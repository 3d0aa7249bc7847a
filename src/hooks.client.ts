import type { HandleClientError } from '@sveltejs/kit';
import { connectivity } from '$lib/offline/connectivity.svelte';

/** What browsers throw when a request never reached the server (Chromium, Firefox, Safari). */
const NETWORK_FAILURE =
	/^(Failed to fetch|NetworkError when attempting to fetch resource|Load failed)/;

/**
 * A page's data or code failed to load in the browser. When the request never reached the server
 * (offline, dead Wi-Fi) that is no bug: SvelteKit then loads the page in full, which the service
 * worker answers with its copy or the offline page, and the connectivity check finds out whether
 * the server can be reached. Anything else is logged, as SvelteKit's default does.
 */
export const handleError: HandleClientError = ({ error, message }) => {
	if (error instanceof TypeError && NETWORK_FAILURE.test(error.message)) void connectivity.check();
	else console.error(error);
	return { message };
};
