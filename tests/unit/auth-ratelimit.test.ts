import { describe, expect, test } from 'vitest';
import { RateLimiter } from '../../src/lib/server/rate-limiter.ts';

describe('token-bucket rate limiter', () => {
	test('allows `count` at once per key, then refills over the window', () => {
		let now = 0;
		const limiter = new RateLimiter(3, 300, () => now);
		expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
		expect(limiter.take('b')).toBe(true);
		now += 100_000; // a third of the window: one request's worth
		expect(limiter.take('a')).toBe(true);
		expect(limiter.take('a')).toBe(false);
		now += 10 * 300_000;
		expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
	});

	test('allows() looks without taking; take() charges', () => {
		const limiter = new RateLimiter(2, 300, () => 0);
		expect(limiter.allows('a')).toBe(true);
		expect(limiter.allows('a')).toBe(true);
		limiter.take('a');
		limiter.take('a');
		expect(limiter.allows('a')).toBe(false);
		expect(limiter.allows('b')).toBe(true);
	});

	test('a limit of 0 refuses everything', () => {
		expect(new RateLimiter(0, 300).take('a')).toBe(false);
	});
});
