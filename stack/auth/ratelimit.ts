import { RateLimiter } from '../../src/lib/server/rate-limiter.ts';
import type { AuthConfig } from './config.ts';

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
