import type { RequestEvent } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { RateLimiter } from './rate-limiter';

/**
 * Abuse limits for the sign-in, sign-up, magic-link and password-reset forms, counted per person
 * rather than per server. Every one of these goes through the app's form actions, so Supabase Auth
 * sees the app server's address for all of them: its per-IP limits would be shared by the whole
 * town (raise them on a Supabase project, see docs/architecture.md). These limits stand in front.
 *
 * - Per client address (adapter-node's getClientAddress: the socket's, or the configured proxy's
 *   header, ADDRESS_HEADER / XFF_DEPTH): 60 attempts at once, refilled over 5 minutes.
 * - Per e-mail address, whoever asks: 10 failed sign-ins, and 10 mails (links, resets, sign-ups),
 *   per 15 minutes - password guessing and mail floods aimed at one person.
 *
 * In memory, per app process: several app servers each count on their own.
 */
const perClient = new RateLimiter(60, 300);
const failedSignIns = new RateLimiter(10, 900);
const mailsPerAddress = new RateLimiter(10, 900);

/** What a form over its limit answers (with status 429), as to Auth's own 429. */
export const RATE_LIMITED: MessageKey = 'auth.errors.rateLimited';

const addressKey = (email: string) => email.trim().toLowerCase();

/** One attempt by this client; false when it is over its limit. */
export function clientMayTry(event: Pick<RequestEvent, 'getClientAddress'>): boolean {
	return perClient.take(event.getClientAddress());
}

/** Whether a sign-in for this address may be tried (it has failed too often lately). */
export function signInMayTry(email: string): boolean {
	return failedSignIns.allows(addressKey(email));
}

/** Counts a failed sign-in against the address. */
export function signInFailed(email: string): void {
	failedSignIns.take(addressKey(email));
}

/** One mail to this address (sign-in link, reset, confirmation); false when over its limit. */
export function mailMaySend(email: string): boolean {
	return mailsPerAddress.take(addressKey(email));
}
