/**
 * A token bucket per key, in memory: the app's abuse limits (src/lib/server/abuse.ts) and the local
 * auth service's GoTrue-like limits (stack/auth/ratelimit.ts) both count with it.
 */
interface Bucket {
	tokens: number;
	at: number;
}

/** Keys kept before full buckets (clients idle long enough) are dropped. */
const MAX_KEYS = 10_000;

/**
 * `count` requests at once per key, refilled at `count` per `windowSeconds`. GoTrue uses tollbooth
 * the same way (rate = count / window); the burst here equals `count` instead of GoTrue's fixed 30,
 * so a small configured limit bites after exactly that many requests.
 */
export class RateLimiter {
	readonly #buckets = new Map<string, Bucket>();
	readonly count: number;
	readonly windowSeconds: number;
	readonly now: () => number;

	constructor(count: number, windowSeconds: number, now: () => number = Date.now) {
		this.count = count;
		this.windowSeconds = windowSeconds;
		this.now = now;
	}

	/** Takes one token for `key`; false when the key is over its limit. */
	take(key: string): boolean {
		const bucket = this.#refill(key);
		if (!bucket || bucket.tokens < 1) return false;
		bucket.tokens -= 1;
		return true;
	}

	/** Whether `key` has a token left, without taking it (charge later with take()). */
	allows(key: string): boolean {
		const bucket = this.#refill(key);
		return bucket !== undefined && bucket.tokens >= 1;
	}

	#refill(key: string): Bucket | undefined {
		if (this.count <= 0) return undefined;
		const now = this.now();
		const perMs = this.count / (this.windowSeconds * 1000);
		const bucket = this.#buckets.get(key) ?? { tokens: this.count, at: now };
		bucket.tokens = Math.min(this.count, bucket.tokens + (now - bucket.at) * perMs);
		bucket.at = now;
		if (this.#buckets.size >= MAX_KEYS) this.#prune(now, perMs);
		this.#buckets.set(key, bucket);
		return bucket;
	}

	#prune(now: number, perMs: number): void {
		for (const [key, bucket] of this.#buckets) {
			if (bucket.tokens + (now - bucket.at) * perMs >= this.count) this.#buckets.delete(key);
		}
	}
}
