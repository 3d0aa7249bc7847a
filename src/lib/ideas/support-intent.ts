/**
 * "I want to support this idea" carried through sign-in in the return path: a password sign-in
 * supports it at once (a POST from our own form) and comes back to the support box; a mail link
 * comes back to the support box with the button ready (a GET never supports by itself).
 */
const INTENT = 'unterstuetzen';

/** The support box's anchor on the idea page. */
export const SUPPORT_ANCHOR = 'unterstuetzung';

/** Where sign-in returns to when it was asked for to support `ideaId`. */
export function supportIntentPath(ideaId: string): string {
	return `/ideen/${ideaId}?${INTENT}#${SUPPORT_ANCHOR}`;
}

const IDEA_PATH = /^\/ideen\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The idea a return path asks to support, or null. */
export function supportIntent(path: string): string | null {
	const url = new URL(path, 'http://stadtidee.invalid');
	const idea = IDEA_PATH.exec(url.pathname)?.[1];
	return idea && url.searchParams.has(INTENT) ? idea : null;
}
