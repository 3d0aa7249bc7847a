import type { HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { authGuard } from '$lib/server/hooks/auth-guard';
import { compress } from '$lib/server/hooks/compress';
import { csrf } from '$lib/server/hooks/csrf';
import { formBody } from '$lib/server/hooks/form-body';
import { i18n } from '$lib/server/hooks/i18n';
import { requestLog } from '$lib/server/hooks/request-log';
import { securityHeaders } from '$lib/server/hooks/security-headers';
import { supabase } from '$lib/server/hooks/supabase';
import { unavailable } from '$lib/server/hooks/unavailable';
import { log } from '$lib/server/log';

// Outermost first: the log sees the final status and duration, compression wraps the finished
// body, the headers apply to every response (errors and redirects included), a cross-site form
// post is refused before anything reads it (SvelteKit's check, plus RFC 8058), the guard runs with
// a Supabase client in place; a body that is no form is refused before anything reads it; while
// the backend is away, a translated 503 answers before anything waits for it.
export const handle = sequence(
	requestLog,
	compress,
	securityHeaders,
	csrf,
	formBody,
	i18n,
	unavailable,
	supabase,
	authGuard
);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status !== 404) {
		log.error('unhandled error', {
			method: event.request.method,
			route: event.route.id,
			status,
			error: error instanceof Error ? (error.stack ?? error.message) : String(error)
		});
	}
	return { message };
};
