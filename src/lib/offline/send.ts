import { parse } from 'devalue';
import { actionPath, hasFiles } from './logic';
import type { OutboxItem, OutboxPayload, SendResult } from './types';

/** Where a page or the service worker learns who is signed in; the request also refreshes an expired token. */
export const SESSION_PATH = '/offline/sitzung';

/**
 * The signed-in account's id, after the server has refreshed the session cookies if the access
 * token expired while offline (@supabase/ssr does that on any request that reads the session).
 * null: signed out. Throws when the server cannot be reached.
 */
export async function currentUser(origin: string): Promise<string | null> {
	const response = await fetch(new URL(SESSION_PATH, origin), {
		credentials: 'same-origin',
		cache: 'no-store',
		headers: { accept: 'application/json' }
	});
	if (!response.ok) throw new Error(`session check: ${response.status}`);
	const { userId } = (await response.json()) as { userId: string | null };
	return userId;
}

// The keys our form actions use for a refusal, in the order they are checked.
const PROBLEM_FIELDS = ['problem', 'voteProblem', 'commentProblem'];

/**
 * The request body a form post would have: multipart when files ride along (a photo keeps its
 * file name and type), else URL-encoded. fetch sets the matching Content-Type itself.
 */
export function bodyOf(payload: OutboxPayload): FormData | URLSearchParams {
	if (!hasFiles(payload)) return new URLSearchParams(payload as Record<string, string>);
	const form = new FormData();
	for (const [name, value] of Object.entries(payload)) {
		if (typeof value === 'string') form.append(name, value);
		else form.append(name, value.file, value.name);
	}
	return form;
}

/**
 * Posts the item to its form action the way `use:enhance` does and reads SvelteKit's JSON answer.
 * A failure (4xx) is the server refusing the item, except a rate limit, which is worth retrying.
 */
export async function sendItem(item: OutboxItem, origin: string): Promise<SendResult> {
	const response = await fetch(new URL(actionPath(item), origin), {
		method: 'POST',
		credentials: 'same-origin',
		headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
		body: bodyOf(item.payload)
	});
	if (!response.ok && response.status >= 500) return { outcome: 'retry' };
	const result = (await response.json()) as { type: string; status?: number; data?: string };
	switch (result.type) {
		case 'success':
			return { outcome: 'delivered' };
		case 'redirect':
			// requireUser sends the visitor to the sign-in page.
			return { outcome: 'signed-out' };
		case 'failure': {
			const problem = problemOf(result.data);
			return result.status === 429
				? { outcome: 'retry', problem }
				: { outcome: 'refused', problem };
		}
		default:
			return { outcome: 'retry' };
	}
}

/** The message key of a refusal, from SvelteKit's serialised action data. */
export function problemOf(data: string | undefined): string {
	const fallback = 'offline.problems.refused';
	if (!data) return fallback;
	const parsed: unknown = parse(data);
	if (!parsed || typeof parsed !== 'object') return fallback;
	const fields = parsed as Record<string, unknown>;
	for (const name of PROBLEM_FIELDS) {
		if (typeof fields[name] === 'string') return fields[name];
	}
	// Field errors (a zod issue, each a message key): the first one says what is wrong (too long,
	// title too short); without one, the stored text no longer passes validation in general.
	if ('issues' in fields) {
		const first = Object.values((fields.issues ?? {}) as Record<string, unknown>).find(
			(value) => typeof value === 'string'
		);
		return typeof first === 'string' ? first : 'offline.problems.invalid';
	}
	return fallback;
}
