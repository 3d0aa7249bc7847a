import { connectivity } from './connectivity.svelte';
import { STALE_COPY, STALE_COPY_QUERY } from './logic';

/**
 * Whether the page on screen is a stored copy the service worker answered with because the
 * network failed or was too slow (while the device said it was online). `since` is the copy's
 * HTTP Date header ('' when it had none); null while the page is fresh.
 */
class Freshness {
	copySince = $state<string | null>(null);

	/** Listens once per tab, and asks whether this page load was answered with a copy. */
	start(): () => void {
		const fromWorker = (event: MessageEvent<{ type?: string; since?: string }>) => {
			if (event.data?.type !== STALE_COPY) return;
			this.copySince = event.data.since ?? '';
			// The network failed this page: a slow server, or no network at all (whatever the flag says)?
			void connectivity.check();
		};
		navigator.serviceWorker?.addEventListener('message', fromWorker);
		navigator.serviceWorker?.controller?.postMessage({ type: STALE_COPY_QUERY });
		return () => navigator.serviceWorker?.removeEventListener('message', fromWorker);
	}

	/** Another page is on its way: what it brings decides anew. */
	leave(): void {
		this.copySince = null;
	}
}

export const freshness = new Freshness();
