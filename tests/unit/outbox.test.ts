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
	storeItem,
	textOf,
	type EnqueueInput
} from '../../src/lib/offline/logic';
import { bodyOf, problemOf } from '../../src/lib/offline/send';
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
			sent.push(textOf(item.payload, 'supported'));
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

describe('outbox: an idea with photos', () => {
	const PHOTO = '0b8f6a52-8f0e-4a37-9d7e-1c1b2a3b4c51';
	const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
	const idea = (): EnqueueInput => ({
		kind: 'idea',
		id: IDEA,
		payload: {
			id: IDEA,
			title: 'Ladesäule am Rathaus',
			photo_1: { file: new Blob([bytes], { type: 'image/jpeg' }), name: 'ladesaeule.jpg' },
			photo_1_id: PHOTO,
			photo_1_alt: 'Ladesäule vor dem Rathaus, Display dunkel'
		},
		label: 'Ladesäule am Rathaus'
	});

	async function fields(body: FormData | URLSearchParams) {
		// Read back as the server does: a multipart request's form data.
		const request = new Request('http://localhost/ideen/neu?/submit', { method: 'POST', body });
		return request.formData();
	}

	it('keeps the file with its name and type, and sends it as multipart with the same photo id every time', async () => {
		const store = memoryStore();
		expect(await storeItem(store, makeItem(idea(), USER, 1_000, 'r'))).toBe('stored');
		const sent: FormData[] = [];
		let answer: SendResult = { outcome: 'retry' };
		let now = 10_000;
		const deps = {
			store,
			// The first answer is lost on the way back: the server may have stored it; a resend must
			// carry the same ids, so that it stays one idea with one photo.
			send: async (item: OutboxItem) => (sent.push(await fields(bodyOf(item.payload))), answer),
			holder: 'tab',
			owner: USER,
			now: () => now,
			random: () => 0
		};
		await replayOnce(deps);
		answer = { outcome: 'delivered' };
		now += BACKOFF_BASE_MS;
		await replayOnce(deps);
		expect(sent).toHaveLength(2);
		for (const form of sent) {
			const file = form.get('photo_1');
			expect(file).toBeInstanceOf(File);
			expect((file as File).name).toBe('ladesaeule.jpg');
			expect((file as File).type).toBe('image/jpeg');
			expect(new Uint8Array(await (file as File).arrayBuffer())).toEqual(bytes);
			expect(form.get('photo_1_id')).toBe(PHOTO);
			expect(form.get('photo_1_alt')).toBe('Ladesäule vor dem Rathaus, Display dunkel');
			expect(form.get('id')).toBe(IDEA);
		}
		expect(await store.all()).toEqual([]);
	});

	it('sends a payload without files URL-encoded, as before', () => {
		const body = bodyOf({ id: 'c', body: 'Gute Idee & mehr' });
		expect(body).toBeInstanceOf(URLSearchParams);
		expect(body.toString()).toBe('id=c&body=Gute+Idee+%26+mehr');
	});

	it('keeps the idea without its photos when the device has no room for them', async () => {
		const store = memoryStore();
		const put = store.put;
		const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		store.put = async (item) => {
			if (Object.values(item.payload).some((value) => typeof value !== 'string')) throw full;
			return put(item);
		};
		expect(await storeItem(store, makeItem(idea(), USER, 1_000, 'r'))).toBe('stored-without-files');
		const [item] = await store.all();
		expect(item!.payload).toEqual({
			id: IDEA,
			title: 'Ladesäule am Rathaus',
			photo_1_id: PHOTO,
			photo_1_alt: 'Ladesäule vor dem Rathaus, Display dunkel'
		});
		expect(bodyOf(item!.payload)).toBeInstanceOf(URLSearchParams);
	});

	it('says so when not even the text fits, or storing fails otherwise', async () => {
		const store = memoryStore();
		store.put = async () => {
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		};
		await expect(storeItem(store, makeItem(idea(), USER, 1_000, 'r'))).rejects.toThrow(/quota/);
		await expect(storeItem(store, makeItem(vote(true), USER, 1_000, 'r'))).rejects.toThrow(/quota/);
		store.put = async () => {
			throw new DOMException('closing', 'InvalidStateError');
		};
		await expect(storeItem(store, makeItem(idea(), USER, 1_000, 'r'))).rejects.toThrow('closing');
		expect(await store.all()).toEqual([]);
	});
});
