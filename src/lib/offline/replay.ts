import { LOCK_NAME, replayOnce } from './logic';
import { idbStore } from './idb';
import { currentUser, sendItem } from './send';

export interface ReplayOutcome {
	/** The signed-in account (null: signed out), or undefined when the server was unreachable. */
	owner: string | null | undefined;
	delivered: number;
}

/**
 * One delivery round for the IndexedDB outbox, from a page or the service worker. The session
 * check comes first: it refreshes an access token that expired while offline, and it tells whose
 * items may go. A Web Lock makes rounds of different tabs take turns (the per-item lease in the
 * store covers browsers without Web Locks).
 */
export async function replayStored(holder: string, origin: string): Promise<ReplayOutcome> {
	const round = async (): Promise<ReplayOutcome> => {
		let owner: string | null;
		try {
			owner = await currentUser(origin);
		} catch {
			return { owner: undefined, delivered: 0 };
		}
		if (!owner) return { owner, delivered: 0 };
		const delivered = await replayOnce({
			store: idbStore,
			send: (item) => sendItem(item, origin),
			holder,
			owner,
			now: Date.now
		});
		return { owner, delivered };
	};
	return 'locks' in navigator ? navigator.locks.request(LOCK_NAME, round) : round();
}
