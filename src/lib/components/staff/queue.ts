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
