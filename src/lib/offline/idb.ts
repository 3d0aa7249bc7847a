import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxItem, OutboxStore } from './types';

interface OutboxDb extends DBSchema {
	outbox: { key: string; value: OutboxItem };
}

let opened: Promise<IDBPDatabase<OutboxDb>> | undefined;

/** One database for pages and the service worker; keep its version stable across app releases. */
function db(): Promise<IDBPDatabase<OutboxDb>> {
	return (opened ??= openDB<OutboxDb>('stadtidee-offline', 1, {
		upgrade(database) {
			database.createObjectStore('outbox', { keyPath: 'key' });
		}
	}));
}

/**
 * The outbox in IndexedDB. Deliberately thin: claim and settle are read-modify-write in one
 * readwrite transaction, which IndexedDB runs one at a time per store across all tabs and the
 * service worker, so a lease cannot be taken twice.
 */
export const idbStore: OutboxStore = {
	async all() {
		return (await db()).getAll('outbox');
	},
	async get(key) {
		return (await db()).get('outbox', key);
	},
	async put(item) {
		await (await db()).put('outbox', item);
	},
	async delete(key) {
		await (await db()).delete('outbox', key);
	},
	async claim(key, holder, now, ttlMs) {
		const tx = (await db()).transaction('outbox', 'readwrite');
		const item = await tx.store.get(key);
		let claimed: OutboxItem | undefined;
		if (item && (!item.lease || item.lease.holder === holder || item.lease.until <= now)) {
			claimed = { ...item, lease: { holder, until: now + ttlMs } };
			await tx.store.put(claimed);
		}
		await tx.done;
		return claimed;
	},
	async settle(key, revision, change) {
		const tx = (await db()).transaction('outbox', 'readwrite');
		const item = await tx.store.get(key);
		if (item && item.revision === revision) {
			const next = change(item);
			await (next ? tx.store.put(next) : tx.store.delete(key));
		}
		await tx.done;
	}
};
