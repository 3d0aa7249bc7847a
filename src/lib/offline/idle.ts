/** Longest wait for an idle moment; a busy page still gets its service worker. */
const IDLE_TIMEOUT_MS = 3000;

/**
 * Runs `task` after the window's load event, in the browser's next idle period (a short timer
 * where requestIdleCallback is missing, e.g. Safari). Returns a function that cancels it.
 */
export function afterLoadWhenIdle(task: () => void): () => void {
	let cancelled = false;
	let cancelIdle = () => {};
	const schedule = () => {
		if (cancelled) return;
		if ('requestIdleCallback' in window) {
			const handle = window.requestIdleCallback(task, { timeout: IDLE_TIMEOUT_MS });
			cancelIdle = () => window.cancelIdleCallback(handle);
		} else {
			const handle = setTimeout(task, 200);
			cancelIdle = () => clearTimeout(handle);
		}
	};
	if (document.readyState === 'complete') schedule();
	else window.addEventListener('load', schedule, { once: true });
	return () => {
		cancelled = true;
		window.removeEventListener('load', schedule);
		cancelIdle();
	};
}
