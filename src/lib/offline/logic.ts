import type { OutboxItem, OutboxKind, OutboxPayload, OutboxStore, SendResult } from './types';

export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 5 * 60_000;
/**
 * How long a claimed item is left to the tab sending it. Short, so the items of a tab closed
 * mid-send are taken over within seconds: a send that outlives its lease may go out twice, which
 * the server makes harmless (ideas and comments are idempotent on their ids, a support is sent as
 * its desired state), and rounds of open tabs take turns under a Web Lock anyway.
 */
export const LEASE_MS = 5_000;

export interface EnqueueInput {
	kind: OutboxKind;
	id: string;
	ideaId?: string;
	payload: OutboxPayload;
	label: string;
	/** For a support or comment: the idea's title. */
	about?: string;
}

/** The store key: supports collapse to one item per idea, the last desired state wins. */
export function keyFor(kind: OutboxKind, id: string): string {
	return `${kind}:${id}`;
}

/** A new item, or the existing one's replacement (a newer desired support state). */
export function makeItem(
	input: EnqueueInput,
	owner: string,
	now: number,
	revision: string
): OutboxItem {
	return {
		key: keyFor(input.kind, input.id),
		kind: input.kind,
		id: input.id,
		ideaId: input.ideaId ?? input.id,
		owner,
		payload: input.payload,
		label: input.label,
		...(input.about ? { about: input.about } : {}),
		createdAt: now,
		revision,
		attempts: 0,
		nextAttemptAt: now,
		state: 'pending'
	};
}

/** Whether a payload carries files (photos): then it is sent as multipart, as its form is. */
export function hasFiles(payload: OutboxPayload): boolean {
	return Object.values(payload).some((value) => typeof value !== 'string');
}

/** The payload's text field, '' for a missing one or a file. */
export function textOf(payload: OutboxPayload, name: string): string {
	const value = payload[name];
	return typeof value === 'string' ? value : '';
}

/** The storage is full (or the browser's quota for this site is): IndexedDB's QuotaExceededError. */
export function isQuotaError(error: unknown): boolean {
	return (
		typeof error === 'object' &&
		error !== null &&
		'name' in error &&
		(error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED')
	);
}

/** How an item went into the store. */
export type Stored = 'stored' | 'stored-without-files';

/**
 * Puts a new item into the store. Files take room: when the browser's quota refuses the item with
 * its files, it is stored without them (the idea is not lost for its photos) and the caller says
 * so. Any other failure, or a full store even without files, throws: the caller tells the person,
 * and the wizard keeps its draft.
 */
export async function storeItem(store: OutboxStore, item: OutboxItem): Promise<Stored> {
	try {
		await store.put(item);
		return 'stored';
	} catch (error) {
		if (!isQuotaError(error) || !hasFiles(item.payload)) throw error;
	}
	// The text fields only; a photo's id and alt text without its file are ignored by the action.
	const payload = Object.fromEntries(
		Object.entries(item.payload).filter(([, value]) => typeof value === 'string')
	);
	await store.put({ ...item, payload });
	return 'stored-without-files';
}

/** Between checks whether the server can be reached, and between outbox rounds that got nowhere. */
export const PROBE_BASE_MS = 1_000;
export const PROBE_MAX_MS = 15_000;

/** Exponential backoff with up to 20 % jitter, so many phones coming back online spread out. */
function jittered(attempts: number, base: number, max: number, random: () => number): number {
	const plain = Math.min(base * 2 ** Math.max(0, attempts - 1), max);
	return Math.round(plain * (1 + 0.2 * random()));
}

/** The wait before an item's next attempt after `attempts` failed ones. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
	return jittered(attempts, BACKOFF_BASE_MS, BACKOFF_MAX_MS, random);
}

/** The wait before the next probe (or outbox round) after `failures` in a row that got nowhere. */
export function probeDelayMs(failures: number, random: () => number = Math.random): number {
	return jittered(failures, PROBE_BASE_MS, PROBE_MAX_MS, random);
}

/** The form action a replay posts to: the same contracts the pages use online. */
export function actionPath(item: Pick<OutboxItem, 'kind' | 'ideaId'>): string {
	switch (item.kind) {
		case 'idea':
			return '/ideen/neu?/submit';
		case 'vote':
			return `/ideen/${item.ideaId}?/vote`;
		case 'comment':
			return `/ideen/${item.ideaId}?/comment`;
	}
}

/** Items that are this account's and due to be sent now. Oldest first: an idea before its comments. */
export function dueItems(items: OutboxItem[], owner: string, now: number): OutboxItem[] {
	return items
		.filter((item) => item.owner === owner && item.state === 'pending' && item.nextAttemptAt <= now)
		.sort((a, b) => a.createdAt - b.createdAt);
}

/** When the next timer should fire (earliest pending attempt of this owner), or null. */
export function nextWake(items: OutboxItem[], owner: string): number | null {
	const times = items
		.filter((item) => item.owner === owner && item.state === 'pending')
		.map((item) => item.nextAttemptAt);
	return times.length ? Math.min(...times) : null;
}

/** The stored item after one attempt; null means it is done and leaves the outbox. */
export function afterAttempt(
	item: OutboxItem,
	result: SendResult,
	now: number,
	random?: () => number
): OutboxItem | null {
	const { lease: _lease, ...rest } = item;
	switch (result.outcome) {
		case 'delivered':
			return null;
		case 'refused':
			return { ...rest, state: 'refused', problem: result.problem };
		case 'signed-out':
			// Not a failure of the item: it waits for its owner to sign in again.
			return { ...rest, problem: 'offline.problems.signedOut' };
		case 'retry': {
			const attempts = item.attempts + 1;
			return {
				...rest,
				attempts,
				problem: result.problem,
				nextAttemptAt: now + backoffMs(attempts, random)
			};
		}
	}
}

export interface ReplayDeps {
	store: OutboxStore;
	send: (item: OutboxItem) => Promise<SendResult>;
	/** This sender's name in leases (a tab or the service worker). */
	holder: string;
	owner: string;
	now: () => number;
	random?: () => number;
}

/**
 * Sends every due item of `owner` once. Each item is claimed first, so a second tab (or the service
 * worker) skips it while this one sends; afterwards the result is written only if the item was not
 * edited meanwhile (a newer support state is sent on the next round instead of being deleted).
 * Returns how many were delivered.
 */
export async function replayOnce(deps: ReplayDeps): Promise<number> {
	const { store, send, holder, owner, now } = deps;
	let delivered = 0;
	for (const candidate of dueItems(await store.all(), owner, now())) {
		const item = await store.claim(candidate.key, holder, now(), LEASE_MS);
		if (!item || item.state !== 'pending' || item.owner !== owner) continue;
		let result: SendResult;
		try {
			result = await send(item);
		} catch {
			// The network went away mid-send; the server may have the write, which is fine: a resend
			// of the same id changes nothing there.
			result = { outcome: 'retry' };
		}
		await store.settle(item.key, item.revision, (current) =>
			afterAttempt(current, result, now(), deps.random)
		);
		if (result.outcome === 'delivered') delivered += 1;
		// Without a session nothing else will go through either.
		if (result.outcome === 'signed-out') break;
	}
	return delivered;
}

/** Names shared by pages and the service worker. */
export const LOCK_NAME = 'stadtidee-outbox';
export const CHANNEL_NAME = 'stadtidee-outbox';
export const SYNC_TAG = 'stadtidee-outbox';

/** Worker → tab: this page (or its data) is a stored copy, from `since` (an HTTP date, or ''). */
export const STALE_COPY = 'stale-copy';
/** Tab → worker, as a page starts: was I answered with a copy? */
export const STALE_COPY_QUERY = 'stale-copy?';
/**
 * Tab → worker, when a page starts and whenever who is signed in changes: have copies of the pages
 * someone needs offline without having opened them since signing in (the worker's WARM_PATHS).
 */
export const WARM_UP = 'warm-up';
