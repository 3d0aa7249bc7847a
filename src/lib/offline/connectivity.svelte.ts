import { probeDelayMs } from './logic';

/** Answered by our own server and never by the service worker (no route of the worker matches). */
export const PROBE_PATH = '/healthz';
/** A probe that has not answered by then counts as failed: a dead line often just hangs. */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * Whether the network reaches our server, as this tab has seen it. `navigator.onLine` only says
 * that some network interface is up: a phone on a captive portal or dead Wi-Fi says "online", and
 * so does Chromium (150 and later) for a page that was loaded while offline. So the flag is one
 * witness: "offline" from the browser is believed at once; anything that suggests the network
 * failed (a request that never reached the server, a page the service worker answered from its
 * copy) is checked with a small request to the server, and while that fails it is tried again
 * with growing, jittered waits until an answer comes back.
 */
class Connectivity {
	online = $state(true);

	#failures = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#probe: Promise<boolean> | undefined;
	#back = new Set<() => void>();

	/** Wires the browser's own signals once per tab; returns the clean-up. */
	start(): () => void {
		this.online = navigator.onLine;
		// The browser saying "online" again is a reason to look, not proof.
		const online = () => void this.check();
		const offline = () => this.#set(false);
		const visible = () => {
			if (document.visibilityState === 'visible' && !this.online) void this.check();
		};
		window.addEventListener('online', online);
		window.addEventListener('offline', offline);
		document.addEventListener('visibilitychange', visible);
		return () => {
			window.removeEventListener('online', online);
			window.removeEventListener('offline', offline);
			document.removeEventListener('visibilitychange', visible);
			clearTimeout(this.#timer);
		};
	}

	/** Calls `listener` each time the server is reachable again after it was not. */
	onBack(listener: () => void): () => void {
		this.#back.add(listener);
		return () => this.#back.delete(listener);
	}

	/** Our server answered something: the network works. */
	answered(): void {
		this.#set(true);
	}

	/**
	 * Asks the server whether it can be reached (one probe at a time, however many callers);
	 * resolves to the new state. Any HTTP answer of ours counts, even an error status: the network
	 * works, and what failed is the server's business.
	 */
	check(): Promise<boolean> {
		if (!navigator.onLine) {
			this.#set(false);
			return Promise.resolve(false);
		}
		this.#probe ??= probe().then((reachable) => {
			this.#probe = undefined;
			this.#set(reachable);
			return reachable;
		});
		return this.#probe;
	}

	#set(online: boolean) {
		clearTimeout(this.#timer);
		const wasOnline = this.online;
		this.online = online;
		if (online) {
			this.#failures = 0;
			if (!wasOnline) for (const listener of this.#back) listener();
			return;
		}
		// The browser's `online` event ends a known offline period; otherwise we ask again.
		if (!navigator.onLine) return;
		this.#failures += 1;
		this.#timer = setTimeout(() => void this.check(), probeDelayMs(this.#failures));
	}
}

async function probe(): Promise<boolean> {
	try {
		const response = await fetch(PROBE_PATH, {
			method: 'HEAD',
			cache: 'no-store',
			credentials: 'omit',
			signal: AbortSignal.timeout(PROBE_TIMEOUT_MS)
		});
		// A captive portal answers too, but with its own sign-in page, not our JSON.
		return response.headers.get('content-type')?.startsWith('application/json') ?? false;
	} catch {
		return false;
	}
}

export const connectivity = new Connectivity();
