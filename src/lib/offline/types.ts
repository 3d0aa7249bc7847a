/** What the outbox can deliver; each maps to an existing idempotent form action. */
export type OutboxKind = 'idea' | 'vote' | 'comment';

/**
 * A file field as queued (a photo of an idea). IndexedDB keeps the Blob by structured clone, with
 * its type; the name is kept beside it, since not every structured clone keeps a File a File.
 */
export interface OutboxFile {
	file: Blob;
	name: string;
}

/** A form field as queued: text, or a file. A replay sends it as the form post would. */
export type OutboxValue = string | OutboxFile;

/** The form fields of a queued write, exactly as the action expects them. */
export type OutboxPayload = Record<string, OutboxValue>;

/**
 * A write made while offline (or while the connection failed), waiting to be delivered.
 * `payload` holds exactly the form fields the action expects (files included), so a replay is the
 * same request the page would have sent. Idempotency comes from the server: the idea id, the comment id, and a
 * support sent as its desired state.
 */
export interface OutboxItem {
	/** Store key: one per idea for supports (later states replace earlier ones), else per id. */
	key: string;
	kind: OutboxKind;
	/** The client-made id (idea or comment); for a support, the idea's id. */
	id: string;
	/** The idea a support or comment belongs to (the action's URL); the id itself for an idea. */
	ideaId: string;
	/** The account it was made by: sent only while that account is signed in. */
	owner: string;
	payload: OutboxPayload;
	/** The text a person recognises the item by (title or comment), kept until it is delivered. */
	label: string;
	/** For a support or comment: the title of the idea it is about, so the list can name it. */
	about?: string;
	createdAt: number;
	/** Changes on every edit, so a sender deletes only what it actually sent. */
	revision: string;
	attempts: number;
	nextAttemptAt: number;
	/** `refused`: the server said no (the problem says why); it stays until the person acts. */
	state: 'pending' | 'refused';
	/** A message key (the action's own translated problem), or one of ours. */
	problem?: string;
	/** Who is sending it right now and until when: two tabs never send the same item at once. */
	lease?: { holder: string; until: number };
}

/** The persistence the outbox needs; IndexedDB in browsers, an array in unit tests. */
export interface OutboxStore {
	all(): Promise<OutboxItem[]>;
	get(key: string): Promise<OutboxItem | undefined>;
	put(item: OutboxItem): Promise<void>;
	delete(key: string): Promise<void>;
	/** Atomically: the item leased to `holder` unless someone else holds a live lease. */
	claim(key: string, holder: string, now: number, ttlMs: number): Promise<OutboxItem | undefined>;
	/** Atomically: apply `change` only if the item still has `revision` (nobody edited it meanwhile). */
	settle(
		key: string,
		revision: string,
		change: (item: OutboxItem) => OutboxItem | null
	): Promise<void>;
}

/** How the server answered one delivery attempt. */
export type SendResult =
	| { outcome: 'delivered' }
	| { outcome: 'refused'; problem: string }
	| { outcome: 'retry'; problem?: string }
	| { outcome: 'signed-out' };
