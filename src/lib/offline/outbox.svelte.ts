import { invalidateAll } from '$app/navigation';
import { connectivity } from './connectivity.svelte';
import { idbStore } from './idb';
import {
	CHANNEL_NAME,
	SYNC_TAG,
	dueItems,
	keyFor,
	makeItem,
	nextWake,
	probeDelayMs,
	storeItem,
	type EnqueueInput,
	type Stored
} from './logic';

/** After a lease runs out, a moment for its holder's own last write before another tab claims. */
const LEASE_SLACK_MS = 250;
import { replayStored } from './replay';
import type { OutboxItem } from './types';

interface SyncRegistration extends ServiceWorkerRegistration {
	sync?: { register(tag: string): Promise<void> };
}

/**
 * The page side of the outbox: a reactive view of the stored items for the signed-in account, and
 * the triggers that deliver them (app start, the server reachable again, a timer with backoff,
 * Background Sync via the service worker, and every enqueue). A round that gets nowhere (the
 * server unreachable, an item leased by another tab) waits longer before the next one.
 */
class Outbox {
	items = $state<OutboxItem[]>([]);
	/**
	 * The account the page says is signed in (its data, also from a stored copy offline): new
	 * items belong to it, and only its items are shown. Never another's, never nobody's.
	 */
	user = $state<string | null>(null);
	/** Who the server last said is signed in (null: nobody); undefined until a round asked. */
	session = $state<string | null | undefined>(undefined);
	started = $state(false);

	mine = $derived(this.items.filter((item) => item.owner === this.user));
	pending = $derived(this.mine.filter((item) => item.state === 'pending'));
	refused = $derived(this.mine.filter((item) => item.state === 'refused'));
	/** This page's person has changes waiting, but the server no longer knows them as signed in. */
	needsSignIn = $derived(
		this.pending.length > 0 && this.session !== undefined && this.session !== this.user
	);

	#holder = `tab-${crypto.randomUUID()}`;
	#channel: BroadcastChannel | undefined;
	#timer: ReturnType<typeof setTimeout> | undefined;
	/** Rounds in a row that left due items unsent, and the earliest time for the next one. */
	#stalls = 0;
	#notBefore = 0;

	/** Wires the triggers once per tab; returns the clean-up. */
	start(): () => void {
		this.started = true;
		const stopConnectivity = connectivity.start();
		// Back online is the moment to send: waiting out a backoff from before would only delay.
		const stopBack = connectivity.onBack(() => void this.sendNow());
		const fromWorker = (event: MessageEvent<{ type?: string }>) => {
			if (event.data?.type === 'outbox-replay') void this.replay();
		};
		navigator.serviceWorker?.addEventListener('message', fromWorker);
		this.#channel = new BroadcastChannel(CHANNEL_NAME);
		this.#channel.onmessage = () => void this.refresh();
		void this.refresh().then(() => this.replay());
		return () => {
			stopConnectivity();
			stopBack();
			navigator.serviceWorker?.removeEventListener('message', fromWorker);
			this.#channel?.close();
			clearTimeout(this.#timer);
		};
	}

	/** Whose page this is: set from the page's data whenever it changes. */
	signedInAs(user: string | null): void {
		if (user === this.user) return;
		this.user = user;
		this.session = undefined;
		void this.refresh();
	}

	/**
	 * Queues a write for the page's account; a support replaces any earlier support of the same
	 * idea. False when the page has nobody signed in (the write then goes to the server, which
	 * asks to sign in); 'stored-without-files' when the device had no room for its photos.
	 * Throws when it could not be stored at all.
	 */
	async enqueue(input: EnqueueInput): Promise<Stored | false> {
		if (!this.user) return false;
		const item = makeItem(input, this.user, Date.now(), crypto.randomUUID());
		const stored = await storeItem(idbStore, item);
		await this.#changed();
		await this.#requestSync();
		void this.replay();
		return stored;
	}

	/** The queued support state for an idea, if one is waiting. */
	queuedVote(ideaId: string): boolean | undefined {
		const item = this.pending.find((entry) => entry.key === keyFor('vote', ideaId));
		return item ? item.payload.supported === 'true' : undefined;
	}

	async cancel(key: string): Promise<void> {
		await idbStore.delete(key);
		await this.#changed();
	}

	/** Sends a refused item again (e.g. after the rate limit passed or the text was fixed). */
	async retry(key: string): Promise<void> {
		const item = await idbStore.get(key);
		if (!item) return;
		const { problem: _problem, lease: _lease, ...rest } = item;
		await idbStore.put({ ...rest, state: 'pending', attempts: 0, nextAttemptAt: Date.now() });
		await this.#changed();
		await this.replay();
	}

	/** Drops every item of the signed-in account (the "discard" answer at sign-out). */
	async discardMine(): Promise<void> {
		for (const item of this.mine) await idbStore.delete(item.key);
		await this.#changed();
	}

	/** Sends every waiting item now, whatever its backoff ("send now", before signing out). */
	async sendNow(): Promise<void> {
		if (!connectivity.online && !(await connectivity.check())) return;
		this.#stalls = 0;
		this.#notBefore = 0;
		const now = Date.now();
		for (const item of this.pending) {
			await idbStore.settle(item.key, item.revision, (current) => ({
				...current,
				nextAttemptAt: now
			}));
		}
		await this.replay();
	}

	/** One delivery round now (a no-op offline); reloads the page's data when something arrived. */
	async replay(): Promise<void> {
		if (!connectivity.online) return;
		const { owner, delivered } = await replayStored(this.#holder, location.origin);
		// Not even the session check got through: is the network there at all?
		if (owner === undefined) void connectivity.check();
		else this.session = owner;
		const now = Date.now();
		const left = owner ? dueItems(await idbStore.all(), owner, now) : [];
		const stuck = owner === undefined || left.length > 0;
		this.#stalls = stuck ? this.#stalls + 1 : 0;
		// An item another tab holds is free again when its lease runs out: no later than that.
		const freed = left
			.map((item) => item.lease?.until ?? 0)
			.filter((until) => until > now)
			.map((until) => until + LEASE_SLACK_MS);
		this.#notBefore = stuck ? Math.min(now + probeDelayMs(this.#stalls), ...freed) : 0;
		await this.#changed();
		if (delivered > 0) await invalidateAll();
	}

	async refresh(): Promise<void> {
		this.items = await idbStore.all();
		this.#schedule();
	}

	async #changed(): Promise<void> {
		await this.refresh();
		this.#channel?.postMessage('changed');
	}

	#schedule() {
		clearTimeout(this.#timer);
		const due = this.user ? nextWake(this.items, this.user) : null;
		if (due === null) return;
		const wake = Math.max(due, this.#notBefore);
		this.#timer = setTimeout(() => void this.replay(), Math.max(0, wake - Date.now()));
	}

	/** Background Sync (Chromium): the service worker delivers even if the tab is closed by then. */
	async #requestSync() {
		const registration = (await navigator.serviceWorker?.getRegistration()) as
			SyncRegistration | undefined;
		await registration?.sync?.register(SYNC_TAG).catch(() => undefined);
	}
}

export const outbox = new Outbox();
