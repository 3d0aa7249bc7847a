import type { Handle, RequestEvent } from '@sveltejs/kit';
import { escapeHtml } from '$lib/html';
import { createTranslator } from '$lib/i18n/translator';
import { backendAvailable, failedSince, failureMark } from '../backend';
import { messagesFor } from '../i18n';
import { authAnswers, databaseAnswers } from '../supabase';

/** Answered by its own route (JSON, 503 while the database is away): never replaced here. */
const HEALTH_PATH = '/healthz';
const PROBE_TIMEOUT_MS = 1_500;
/** What a browser or the outbox is told to wait before trying again. */
const RETRY_AFTER_S = 5;

/**
 * While the Supabase API or the database behind it is away (../backend.ts), every page, page data
 * and form post gets a translated 503 at once: no stack trace, no blank page, no request left to
 * hang. A request that failed for that reason while it ran gets the same answer. Once the backend
 * answers again, requests go through again: nothing to restart.
 */
export const unavailable: Handle = async ({ event, resolve }) => {
	if (event.url.pathname === HEALTH_PATH) return resolve(event);
	const available = await backendAvailable({
		rest: () => databaseAnswers(PROBE_TIMEOUT_MS),
		auth: () => authAnswers(PROBE_TIMEOUT_MS)
	});
	if (!available) {
		return unavailableResponse(event);
	}
	const mark = failureMark();
	const response = await resolve(event);
	return response.status >= 500 && failedSince(mark) ? unavailableResponse(event) : response;
};

function unavailableResponse(event: RequestEvent): Response {
	const t = createTranslator(event.locals.locale, messagesFor(event.locals.locale));
	const headers = { 'retry-after': String(RETRY_AFTER_S), 'cache-control': 'no-store' };
	const message = t('error.unavailable.title');
	// A form sent by use:enhance or the outbox reads SvelteKit's action answer; an error one with
	// this status is retried (the outbox) or queued (the page).
	if (event.request.headers.get('x-sveltekit-action') === 'true') {
		return Response.json({ type: 'error', error: { message } }, { status: 503, headers });
	}
	const accept = event.request.headers.get('accept') ?? '';
	if (event.url.pathname.endsWith('/__data.json') || !accept.includes('text/html')) {
		return Response.json({ message }, { status: 503, headers });
	}
	const again = escapeHtml(event.url.pathname + event.url.search);
	const html = `<!doctype html>
<html lang="${event.locals.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(message)} – Stadtidee</title>
</head>
<body>
<main>
<h1>${escapeHtml(message)}</h1>
<p>${escapeHtml(t('error.unavailable.body'))}</p>
<p><a href="${again}">${escapeHtml(t('error.unavailable.retry'))}</a> · <a href="/">${escapeHtml(t('error.backHome'))}</a></p>
</main>
</body>
</html>
`;
	return new Response(html, {
		status: 503,
		headers: {
			...headers,
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy':
				"default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
		}
	});
}
