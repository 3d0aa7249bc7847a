import { log } from './log';

/**
 * Whether the parts of the Supabase API answer: PostgREST (`rest`, and the database behind it) and
 * Auth (`auth`). Every server-side Supabase client fetches through `backendFetch`. A request that
 * gets no answer (refused, reset, or no headers within REQUEST_TIMEOUT_MS: a stopped database often
 * just hangs), or an answer saying the part cannot work now, marks that part unavailable; any other
 * answer from it marks it available again.
 *
 * While a part is unavailable, requests to it fail at once, and the `unavailable` hook answers
 * pages, data and form posts with a translated 503, asking the part again at most every
 * PROBE_INTERVAL_MS: the app works again within moments of its return, without a restart.
 */
const REQUEST_TIMEOUT_MS = 5_000;
const PROBE_INTERVAL_MS = 1_000;

export type Part = 'rest' | 'auth';

const partOf = (url: string): Part =>
	new URL(url).pathname.startsWith('/auth/') ? 'auth' : 'rest';

/** PostgREST's codes for "no database right now": connection errors, shutdown, too many clients. */
const NO_DATABASE = /^(08|57P0|53300|PGRST00)/;

async function saysUnavailable(part: Part, response: Response): Promise<boolean> {
	if (response.status === 502 || response.status === 503 || response.status === 504) return true;
	if (response.status < 500) return false;
	// Auth has no 5xx for a person's mistakes; PostgREST's 500 may be a bug in a query (not ours).
	if (part === 'auth') return true;
	const body = (await response
		.clone()
		.json()
		.catch(() => null)) as { code?: unknown } | null;
	return typeof body?.code === 'string' && NO_DATABASE.test(body.code);
}

const unavailableSince = new Map<Part, number>();
/** Counts the failures seen, so a request can tell whether one happened while it ran. */
let failures = 0;
let probing: Promise<unknown> | undefined;
let lastProbe = 0;

export function markUnavailable(part: Part, reason: string): void {
	failures += 1;
	if (unavailableSince.has(part)) return;
	unavailableSince.set(part, Date.now());
	log.error('backend unavailable', { part, reason });
}

export function markAvailable(part: Part): void {
	const since = unavailableSince.get(part);
	if (since === undefined) return;
	unavailableSince.delete(part);
	log.info('backend available again', { part, after_ms: Date.now() - since });
}

/**
 * fetch with a deadline for the answer's headers (the body may then stream as long as it takes),
 * reporting what the outcome says about the part it asked. For checks that must really ask:
 * /healthz and the probes.
 */
export const reportingFetch: typeof fetch = async (input, init) => {
	const part = partOf(input instanceof Request ? input.url : String(input));
	const deadline = new AbortController();
	const timer = setTimeout(
		() => deadline.abort(new DOMException('no answer in time', 'TimeoutError')),
		REQUEST_TIMEOUT_MS
	);
	const signal = init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal;
	try {
		const response = await fetch(input, { ...init, signal });
		if (await saysUnavailable(part, response)) markUnavailable(part, `status ${response.status}`);
		else markAvailable(part);
		return response;
	} catch (error) {
		// The caller's own abort says nothing about the backend.
		if (!init?.signal?.aborted) markUnavailable(part, String(error));
		throw error;
	} finally {
		clearTimeout(timer);
	}
};

/**
 * fetch for the app's Supabase clients: reportingFetch, except that a request to a part known to
 * be unavailable fails at once instead of waiting for its deadline (the probes find out when it
 * is back).
 */
export const backendFetch: typeof fetch = (input, init) =>
	unavailableSince.has(partOf(input instanceof Request ? input.url : String(input)))
		? Promise.reject(new TypeError('fetch failed: this part of the backend is unavailable'))
		: reportingFetch(input, init);

/**
 * Whether requests should go to the backend now: yes while every part answers; otherwise the
 * unavailable parts are asked again (one round at a time, at most every PROBE_INTERVAL_MS).
 */
export async function backendAvailable(probes: Record<Part, () => Promise<boolean>>) {
	if (unavailableSince.size === 0) return true;
	if (!probing && Date.now() - lastProbe >= PROBE_INTERVAL_MS) {
		lastProbe = Date.now();
		probing = Promise.all([...unavailableSince.keys()].map((part) => probes[part]())).finally(
			() => (probing = undefined)
		);
	}
	await probing;
	return unavailableSince.size === 0;
}

/** The failure count now; `failedSince(mark)` says whether a part failed after it was taken. */
export const failureMark = () => failures;
export const failedSince = (mark: number) => failures > mark;
