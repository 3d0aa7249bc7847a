import { stringify } from 'devalue';
import { describe, expect, it } from 'vitest';
import {
	BACKOFF_BASE_MS,
	BACKOFF_MAX_MS,
	LEASE_MS,
	actionPath,
	afterAttempt,
	backoffMs,
	PROBE_BASE_MS,
	PROBE_MAX_MS,
	probeDelayMs,
	makeItem,
	nextWake,
	replayOnce,
	type EnqueueInput
} from '../../src/lib/offline/logic';
import { problemOf } from '../../src/lib/offline/send';
import type { OutboxItem, OutboxStore, SendResult } from '../../src/lib/offline/types';

/** The IndexedDB adapter's contract on a plain Map (each call is atomic, as a transaction is). */
function memoryStore(): OutboxStore & { map: Map<string, OutboxItem> } {
	const map = new Map<string, OutboxItem>();
	const copy = (item: OutboxItem | undefined) => (item ? structuredClone(item) : undefined);
	return {
		map,
		all: async () => [...map.values()].map((item) => structuredClone(item)),
		get: async (key) => copy(map.get(key)),
		put: async (item) => void map.set(item.key, structuredClone(item)),
		delete: async (key) => void map.delete(key),
		claim: async (key, holder, now, ttl) => {
			const item = map.get(key);
			if (!item || (item.lease && item.lease.holder !== holder && item.lease.until > now)) return;
			item.lease = { holder, until: now + ttl };
			return copy(item);
		},
		settle: async (key, revision, change) => {
			const item = map.get(key);
			if (!item || item.revision !== revision) return;
			const next = change(structuredClone(item));
			if (next) map.set(key, next);
			else map.delete(key);
		}
	};
}

const IDEA = '6f1c2a52-8f0e-4a37-9d7e-1c1b2a3b4c5d';
const USER = 'user-a';
let revisions = 0;
const enqueue = (store: OutboxStore, input: EnqueueInput, owner = USER, now = 1_000) =>
	store.put(makeItem(input, owner, now, `r${++revisions}`));
const vote = (supported: boolean): EnqueueInput => ({
	kind: 'vote',
	id: IDEA,
	payload: { supported: String(supported) },
	label: 'Mehr Bänke am Marktplatz'
});

describe('outbox: supports collapse to the last desired state', () => {
	it('keeps one item per idea whose payload is the last state', async () => {
		const store = memoryStore();
		await enqueue(store, vote(true));
		await enqueue(store, vote(false));
		await enqueue(store, vote(true));
		const items = await store.all();
		expect(items).toHaveLength(1);
		expect(items[0]!.payload).toEqual({ supported: 'true' });
		expect(actionPath(items[0]!)).toBe(`/ideen/${IDEA}?/vote`);
	});

	it('keeps comments and ideas apart, each by its own id', async () => {
		const store = memoryStore();
		for (const id of ['c1', 'c2']) {
			await enqueue(store, {
				kind: 'comment',
				id,
				ideaId: IDEA,
				payload: { id, body: id },
				label: id
			});
		}
		await enqueue(store, { kind: 'idea', id: IDEA, payload: { title: 'x' }, label: 'x' });
		expect((await store.all()).map((item) => item.key).sort()).toEqual([
			'comment:c1',
			'comment:c2',
			`idea:${IDEA}`
		]);
		expect(actionPath({ kind: 'comment', ideaId: IDEA })).toBe(`/ideen/${IDEA}?/comment`);
		expect(actionPath({ kind: 'idea', ideaId: IDEA })).toBe('/ideen/neu?/submit');
	});

	it('does not delete a newer state that was queued while the older one was being sent', async () => {
		const store = memoryStore();
		await enqueue(store, vote(true));
		const sent: string[] = [];
		const send = async (item: OutboxItem): Promise<SendResult> => {
			sent.push(item.payload.supported!);
			// The person taps again while the request is under way.
			if (sent.length === 1) await enqueue(store, vote(false));
			return { outcome: 'delivered' };
		};
		const deps = { store, send, holder: 'tab', owner: USER, now: () => 2_000 };
		await replayOnce(deps);
		expect(await store.all()).toHaveLength(1);
		await replayOnce(deps);
		expect(sent).toEqual(['true', 'false']);
		expect(await store.all()).toEqual([]);
	});
});

describe('outbox: backoff', () => {
	it('doubles from the base up to the cap', () => {
		const none = () => 0;
		expect(backoffMs(1, none)).toBe(BACKOFF_BASE_MS);
		expect(backoffMs(2, none)).toBe(2 * BACKOFF_BASE_MS);
		expect(backoffMs(3, none)).toBe(4 * BACKOFF_BASE_MS);
		expect(backoffMs(30, none)).toBe(BACKOFF_MAX_MS);
	});

	it('adds at most a fifth as jitter', () => {
		expect(backoffMs(1, () => 1)).toBe(BACKOFF_BASE_MS * 1.2);
		expect(backoffMs(30, () => 0.5)).toBe(BACKOFF_MAX_MS * 1.1);
	});

	it('checks the network again soon, then less often, never in a tight loop', () => {
		const none = () => 0;
		expect(probeDelayMs(1, none)).toBe(PROBE_BASE_MS);
		expect(probeDelayMs(2, none)).toBe(2 * PROBE_BASE_MS);
		expect(probeDelayMs(50, none)).toBe(PROBE_MAX_MS);
		expect(probeDelayMs(50, () => 1)).toBe(PROBE_MAX_MS * 1.2);
		expect(PROBE_BASE_MS).toBeGreaterThanOrEqual(1_000);
	});

	it('schedules a failed attempt later and counts it', () => {
		const item = makeItem(vote(true), USER, 0, 'r');
		const next = afterAttempt(item, { outcome: 'retry' }, 10_000, () => 0)!;
		expect(next.attempts).toBe(1);
		expect(next.nextAttemptAt).toBe(10_000 + BACKOFF_BASE_MS);
		expect(nextWake([next], USER)).toBe(10_000 + BACKOFF_BASE_MS);
		expect(nextWake([next], 'someone-else')).toBeNull();
	});
});

describe('outbox: replay', () => {
	it('sends due items of the signed-in owner only, oldest first', async () => {
		const store = memoryStore();
		await enqueue(store, { kind: 'idea', id: 'i2', payload: {}, label: 'second' }, USER, 200);
		await enqueue(store, { kind: 'idea', id: 'i1', payload: {}, label: 'first' }, USER, 100);
		await enqueue(store, { kind: 'idea', id: 'x', payload: {}, label: 'other' }, 'user-b', 50);
		const sent: string[] = [];
		const delivered = await replayOnce({
			store,
			send: async (item) => (sent.push(item.label), { outcome: 'delivered' }),
			holder: 'tab',
			owner: USER,
			now: () => 1_000
		});
		expect(delivered).toBe(2);
		expect(sent).toEqual(['first', 'second']);
		expect((await store.all()).map((item) => item.owner)).toEqual(['user-b']);
	});

	it('keeps a refused item with the reason and its text, and sends it no more', async () => {
		const store = memoryStore();
		await enqueue(store, {
			kind: 'comment',
			id: 'c',
			ideaId: IDEA,
			payload: { id: 'c', body: 'Gute Idee!' },
			label: 'Gute Idee!'
		});
		let calls = 0;
		const deps = {
			store,
			send: async (): Promise<SendResult> => (
				calls++,
				{ outcome: 'refused', problem: 'idea.errors.idea_closed' }
			),
			holder: 'tab',
			owner: USER,
			now: () => 5_000
		};
		await replayOnce(deps);
		await replayOnce(deps);
		expect(calls).toBe(1);
		const [item] = await store.all();
		expect(item).toMatchObject({
			state: 'refused',
			problem: 'idea.errors.idea_closed',
			label: 'Gute Idee!'
		});
		expect(item!.lease).toBeUndefined();
	});

	it('retries after a network error with backoff, not before', async () => {
		const store = memoryStore();
		await enqueue(store, vote(true));
		let now = 1_000;
		let calls = 0;
		const deps = {
			store,
			send: async (): Promise<SendResult> => {
				calls++;
				throw new TypeError('Failed to fetch');
			},
			holder: 'tab',
			owner: USER,
			now: () => now,
			random: () => 0
		};
		await replayOnce(deps);
		await replayOnce(deps);
		expect(calls).toBe(1);
		now += BACKOFF_BASE_MS;
		await replayOnce(deps);
		expect(calls).toBe(2);
		expect((await store.all())[0]!.attempts).toBe(2);
	});

	it('lets two senders never send the same item at the same time', async () => {
		const store = memoryStore();
		await enqueue(store, vote(true));
		let inFlight = 0;
		let maxInFlight = 0;
		let calls = 0;
		const send = async (): Promise<SendResult> => {
			calls++;
			maxInFlight = Math.max(maxInFlight, ++inFlight);
			await new Promise((resolve) => setTimeout(resolve, 10));
			inFlight--;
			return { outcome: 'delivered' };
		};
		const tab = (holder: string) =>
			replayOnce({ store, send, holder, owner: USER, now: () => 2_000 });
		const results = await Promise.all([tab('tab-1'), tab('tab-2')]);
		expect(calls).toBe(1);
		expect(maxInFlight).toBe(1);
		expect(results.sort()).toEqual([0, 1]);
	});

	it('takes over an item whose sender died mid-send once the lease ran out', async () => {
		const store = memoryStore();
		await enqueue(store, vote(true));
		expect(await store.claim(`vote:${IDEA}`, 'crashed-tab', 1_000, LEASE_MS)).toBeDefined();
		const send = async (): Promise<SendResult> => ({ outcome: 'delivered' });
		const early = { store, send, holder: 'tab', owner: USER, now: () => 2_000 };
		expect(await replayOnce(early)).toBe(0);
		expect(await replayOnce({ ...early, now: () => 1_000 + LEASE_MS })).toBe(1);
	});

	it('stops at a lost session and keeps the items for their owner', async () => {
		const store = memoryStore();
		await enqueue(store, vote(true));
		await enqueue(store, { kind: 'idea', id: 'i', payload: {}, label: 'i' });
		let calls = 0;
		await replayOnce({
			store,
			send: async () => (calls++, { outcome: 'signed-out' }),
			holder: 'tab',
			owner: USER,
			now: () => 2_000
		});
		expect(calls).toBe(1);
		const items = await store.all();
		expect(items).toHaveLength(2);
		expect(items.every((item) => item.state === 'pending')).toBe(true);
	});
});

describe('outbox: why the server refused', () => {
	it('names the first field problem (too long, too short), not a generic one', () => {
		expect(problemOf(stringify({ issues: { body: 'idea.errors.comment_too_long' } }))).toBe(
			'idea.errors.comment_too_long'
		);
		expect(problemOf(stringify({ commentProblem: 'idea.errors.idea_not_found' }))).toBe(
			'idea.errors.idea_not_found'
		);
		expect(problemOf(stringify({ issues: {} }))).toBe('offline.problems.invalid');
		expect(problemOf(undefined)).toBe('offline.problems.refused');
	});
});
