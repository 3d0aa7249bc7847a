/**
 * The service worker (built from src/service-worker.js): precached app shell, network-first pages
 * with an offline fallback, private caches emptied on sign-in/out, Background Sync for the
 * outbox, and web push (shown as a notification that opens the idea).
 */
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute, setCatchHandler } from 'workbox-routing';
import { CacheOnly, NetworkFirst, NetworkOnly } from 'workbox-strategies';
import type { RouteHandlerCallback } from 'workbox-core/types';
import {
	CHANNEL_NAME,
	STALE_COPY,
	STALE_COPY_QUERY,
	SYNC_TAG,
	WARM_UP,
	nextWake
} from '$lib/offline/logic';
import { idbStore } from '$lib/offline/idb';
import { replayStored } from '$lib/offline/replay';
import { appPath, readPushMessage } from '$lib/notifications/push';

// The project is type-checked with the DOM library; these are the few worker types used here.
interface ExtendableEvent extends Event {
	waitUntil(promise: Promise<unknown>): void;
}
interface WorkerClient {
	id: string;
	url: string;
	postMessage(message: unknown): void;
	focus?(): Promise<WorkerClient>;
	navigate?(url: string): Promise<WorkerClient | null>;
}
interface ShownNotification {
	data: unknown;
	close(): void;
}
/** What the fetch event tells about the tab: its own id, or the new page's for a navigation. */
interface FetchEventClients {
	clientId?: string;
	resultingClientId?: string;
}
interface WorkerScope {
	location: Location;
	navigator: { onLine: boolean };
	clients: {
		claim(): Promise<void>;
		matchAll(options: { type: 'window'; includeUncontrolled?: boolean }): Promise<WorkerClient[]>;
		get(id: string): Promise<WorkerClient | undefined>;
		openWindow(url: string): Promise<WorkerClient | null>;
	};
	registration: {
		showNotification(
			title: string,
			options: NotificationOptions & { renotify?: boolean }
		): Promise<void>;
	};
	skipWaiting(): Promise<void>;
	addEventListener(
		type: 'install' | 'activate' | 'sync',
		listener: (event: ExtendableEvent & { tag?: string }) => void
	): void;
	addEventListener(
		type: 'message',
		listener: (event: ExtendableEvent & { data: unknown; source: WorkerClient | null }) => void
	): void;
	addEventListener(
		type: 'fetch',
		listener: (event: ExtendableEvent & { request: Request }) => void
	): void;
	addEventListener(
		type: 'push',
		listener: (event: ExtendableEvent & { data: { json(): unknown } | null }) => void
	): void;
	addEventListener(
		type: 'notificationclick',
		listener: (event: ExtendableEvent & { notification: ShownNotification }) => void
	): void;
}

const sw = self as unknown as WorkerScope;
type Precache = { __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };

/** Pages and data as one signed-in person saw them: emptied whenever who is signed in changes. */
const PERSONAL_CACHE = 'stadtidee-pages';
/** The offline page, fetched without cookies: the same for everyone. */
const SHELL_CACHE = 'stadtidee-shell';
const OFFLINE_PATH = '/offline';
/** A slow network loses to the copy after this long (a basement, not a dead line). */
const NETWORK_TIMEOUT_S = 3;

/**
 * Copied as whoever is signed in, even before they were opened: the start page (an installed app
 * opens with it) and the wizard, so an idea can be written offline right after signing in.
 */
const WARM_PATHS = ['/', '/ideen/neu'];

/** Never stored: one person's account and staff views, sign-in, and live session answers. */
const PRIVATE_PREFIXES = ['/konto', '/verwaltung', '/anmelden', '/auth', '/offline/sitzung'];
/** Only complete answers are kept; an error page must not replace a good copy. */
const onlyOk = {
	cacheWillUpdate: async ({ response }: { response: Response }) =>
		response.status === 200 ? response : null
};
const isPrivate = (path: string) =>
	PRIVATE_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

// The app shell: every built script, style and icon (the list is injected at build time).
// workbox-build looks for the literal `self.__WB_MANIFEST` in the built file.
precacheAndRoute((self as unknown as Precache).__WB_MANIFEST);
cleanupOutdatedCaches();

/** Copies of the WARM_PATHS not yet in the personal cache; a failed request just leaves a gap. */
async function warmUp(): Promise<void> {
	const pages = await caches.open(PERSONAL_CACHE);
	for (const path of WARM_PATHS) {
		if (await pages.match(path)) continue;
		const response = await fetch(path, { credentials: 'same-origin' }).catch(() => null);
		if (response?.status === 200) await pages.put(path, response);
	}
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const shell = await caches.open(SHELL_CACHE);
			await shell.add(new Request(OFFLINE_PATH, { credentials: 'omit' }));
			await warmUp();
		})()
	);
});

sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));

/**
 * Pages answered with a stored copy because the network failed or was too slow while the device
 * said it was online (offline, the banner says so already). A page being loaded cannot be
 * messaged yet: it asks for its own entry when it starts (STALE_COPY_QUERY), keyed by its tab.
 */
const copiesShown = new Map<string, string>();

sw.addEventListener('message', (event) => {
	const type = (event.data as { type?: string } | null)?.type;
	// The person chose "reload" in the update prompt; never taken over by ourselves.
	if (type === 'SKIP_WAITING') void sw.skipWaiting();
	if (type === WARM_UP) event.waitUntil(warmUp());
	if (type === STALE_COPY_QUERY && event.source) {
		const since = copiesShown.get(event.source.id);
		copiesShown.delete(event.source.id);
		if (since !== undefined) event.source.postMessage({ type: STALE_COPY, since });
	}
});

// Signing in or out changes whose pages the cache would hold: drop them as the request goes out.
sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (url.origin !== sw.location.origin) return;
	// Sign-in/out posts go to /anmelden; magic links and e-mail confirmations arrive at /auth/….
	const signsInOrOut =
		(/^\/anmelden(\/|$)/.test(url.pathname) && event.request.method !== 'GET') ||
		/^\/auth(\/|$)/.test(url.pathname);
	if (signsInOrOut) {
		event.waitUntil(caches.delete(PERSONAL_CACHE));
	}
});

registerRoute(({ url, sameOrigin }) => sameOrigin && isPrivate(url.pathname), new NetworkOnly());

/** Tells the tab when the copy stands in for the network (a page load: when it asks, above). */
const markCopy = {
	cachedResponseWillBeUsed: async ({
		cachedResponse,
		event
	}: {
		cachedResponse?: Response;
		event: Event;
	}) => {
		if (!cachedResponse) return cachedResponse;
		// The copy's age: the Date header the server sent with it.
		const since = cachedResponse.headers.get('date') ?? '';
		const { clientId, resultingClientId } = event as FetchEventClients;
		if (resultingClientId) copiesShown.set(resultingClientId, since);
		else if (clientId) (await sw.clients.get(clientId))?.postMessage({ type: STALE_COPY, since });
		return cachedResponse;
	}
};

/**
 * Our server's 503 (its backend is away, ADR 008) counts as a failed network here: the last copy
 * stands in, so the app (and its outbox) keeps running. Without a copy, the 503 itself is shown
 * (kept here for the catch handler below).
 */
const unavailableAnswers = new Map<string, Response>();
const backendAway = {
	fetchDidSucceed: async ({ request, response }: { request: Request; response: Response }) => {
		if (response.status !== 503) return response;
		unavailableAnswers.set(request.url, response);
		throw new Error('backend unavailable');
	}
};

const networkFirst = new NetworkFirst({
	cacheName: PERSONAL_CACHE,
	networkTimeoutSeconds: NETWORK_TIMEOUT_S,
	plugins: [onlyOk, markCopy, backendAway]
});
const copyOnly = new CacheOnly({ cacheName: PERSONAL_CACHE });
/**
 * Fresh when possible, the last copy otherwise. When the device says it is offline there is no
 * point in a request first: the copy answers at once (the opening app on the tram paints sooner).
 * A miss ends in the catch handler below, like a failed request would.
 */
const freshOrCopy: RouteHandlerCallback = (options) =>
	(sw.navigator.onLine ? networkFirst : copyOnly).handle(options);

// Pages and the data of client-side navigations: fresh when possible, the last copy otherwise.
registerRoute(
	({ url, request, sameOrigin }) =>
		sameOrigin &&
		(request.mode === 'navigate' || url.pathname.endsWith('/__data.json')) &&
		!url.pathname.startsWith('/_app/'),
	freshOrCopy
);

// Same-origin JSON endpoints and Supabase reads (map data, lists) the page fetched itself.
registerRoute(
	({ url, request, sameOrigin }) =>
		request.destination === '' &&
		((sameOrigin && url.pathname.startsWith('/api/')) || url.pathname.startsWith('/rest/v1/')),
	freshOrCopy
);

// A page never opened before, while offline: the offline page, with the right status for robots;
// our server's 503 when it answered one and there was no copy.
setCatchHandler(async ({ request }) => {
	const unavailable = unavailableAnswers.get(request.url);
	unavailableAnswers.delete(request.url);
	if (unavailable) return unavailable;
	if (request.mode !== 'navigate') return Response.error();
	const page = await caches.match(OFFLINE_PATH, { cacheName: SHELL_CACHE });
	return page ?? Response.error();
});

// Background Sync: deliver the outbox even if every tab was closed after queueing.
sw.addEventListener('sync', (event) => {
	if (event.tag === SYNC_TAG) event.waitUntil(replayFromWorker());
});

async function replayFromWorker(): Promise<void> {
	const windows = await sw.clients.matchAll({ type: 'window' });
	if (windows.length > 0) {
		// An open tab replays and updates what it shows.
		for (const client of windows) client.postMessage({ type: 'outbox-replay' });
		return;
	}
	const { owner } = await replayStored('service-worker', sw.location.origin);
	new BroadcastChannel(CHANNEL_NAME).postMessage('changed');
	// Still something due: rejecting asks the browser to try this sync again later.
	if (owner && nextWake(await idbStore.all(), owner) !== null) {
		throw new Error('outbox: items still waiting');
	}
}

// Web push (ADR 011): the worker sent a notification's sentence and where it leads; anything else
// is not ours and shows nothing.
sw.addEventListener('push', (event) => {
	let data: unknown = null;
	try {
		data = event.data?.json() ?? null;
	} catch {
		// Not JSON: not ours.
	}
	const message = readPushMessage(data);
	if (!message) return;
	event.waitUntil(
		sw.registration.showNotification(message.title, {
			body: message.body,
			lang: message.lang,
			tag: message.tag,
			renotify: true,
			icon: '/icons/icon-192.png',
			badge: '/icons/icon-192.png',
			data: { url: message.url }
		})
	);
});

// A tap opens the idea: in a tab of the app that is open already, else in a new one.
sw.addEventListener('notificationclick', (event) => {
	event.notification.close();
	const path = appPath((event.notification.data as { url?: unknown } | null)?.url);
	if (!path) return;
	const target = new URL(path, sw.location.origin).href;
	event.waitUntil(
		(async () => {
			const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
			const open = windows.find((client) => client.url === target) ?? windows[0];
			if (open?.navigate) {
				// Focusing is the browser's to allow (a person's tap); the tab goes to the idea anyway.
				await open.focus?.().catch(() => undefined);
				if (open.url === target) return;
				// A tab this worker does not control cannot be sent anywhere: a new one opens instead.
				if (await open.navigate(target).catch(() => null)) return;
			}
			await sw.clients.openWindow(target);
		})()
	);
});
