import type { SubmitFunction } from '@sveltejs/kit';

/** Whole days from `from` (an ISO time) to `now` (ms): how long something has been open. */
export function daysBetween(from: string, now: number): number {
	return Math.max(0, Math.floor((now - Date.parse(from)) / (24 * 3600 * 1000)));
}

/**
 * Where focus goes once an item has left a queue (ADR 017): the heading of the item after it, or
 * the queue's own heading when it was the last.
 */
export function nextHeading(headings: string[], done: string, queueHeading: string): string {
	const index = headings.indexOf(done);
	return (index >= 0 && headings[index + 1]) || queueHeading;
}

/**
 * A form's enhancement that moves focus once its action succeeded (ADR 017): to the element with
 * the id `focusTo` names, read when the form is sent (the queue may have changed since it was
 * drawn). The outcome itself is announced by the page's status region.
 */
export function focusingOn(focusTo: string | (() => string)): SubmitFunction {
	return () => {
		const target = typeof focusTo === 'function' ? focusTo() : focusTo;
		return async ({ result, update }) => {
			await update();
			if (result.type === 'success') document.getElementById(target)?.focus();
		};
	};
}
