import type { AuthConfig } from './config.ts';

interface Bucket {
	tokens: number;
	at: number;
}

/** Keys kept before full buckets (clients idle long enough) are dropped. */
const MAX_KEYS = 10_000;

/**
 * A token bucket per key: `count` requests at once, refilled at `count` per `windowSeconds`.
 * GoTrue uses tollbooth the same way (rate = count / window); we make the burst equal to `count`
 * instead of GoTrue's fixed 30, so a small configured limit bites after exactly that many requests.
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
		if (this.count <= 0) return false;
		const now = this.now();
		const perMs = this.count / (this.windowSeconds * 1000);
		const bucket = this.#buckets.get(key) ?? { tokens: this.count, at: now };
		bucket.tokens = Math.min(this.count, bucket.tokens + (now - bucket.at) * perMs);
		bucket.at = now;
		if (this.#buckets.size >= MAX_KEYS) this.#prune(now, perMs);
		this.#buckets.set(key, bucket);
		if (bucket.tokens < 1) return false;
		bucket.tokens -= 1;
		return true;
	}

	#prune(now: number, perMs: number): void {
		for (const [key, bucket] of this.#buckets) {
			if (bucket.tokens + (now - bucket.at) * perMs >= this.count) this.#buckets.delete(key);
		}
	}
}

export interface Limits {
	signInSignUps: RateLimiter;
	token: RateLimiter;
	verify: RateLimiter;
	anonymous: RateLimiter;
	/** Instance-wide, not per IP (GoTrue's RateLimitEmailSent). */
	email: RateLimiter;
}

/** The limiters as GoTrue maps the Supabase CLI's [auth.rate_limit] keys onto endpoints. */
export function createLimits(config: AuthConfig): Limits {
	const { rateLimit } = config;
	return {
		signInSignUps: new RateLimiter(rateLimit.signInSignUps, 300),
		token: new RateLimiter(rateLimit.tokenRefresh, 300),
		verify: new RateLimiter(rateLimit.tokenVerifications, 300),
		anonymous: new RateLimiter(rateLimit.anonymousUsers, 3600),
		email: new RateLimiter(rateLimit.emailSent, 3600)
	};
}
