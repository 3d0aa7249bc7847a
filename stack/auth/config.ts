import { parse } from 'smol-toml';
import { z } from 'zod';

/**
 * The `[auth]` settings of supabase/config.toml that this service honours, in the Supabase CLI's
 * format and with the CLI's defaults for absent keys (so an empty `[auth]` behaves like a fresh
 * `supabase init` project).
 */
export interface AuthConfig {
	siteUrl: string;
	additionalRedirectUrls: string[];
	/** Access token lifetime, seconds. */
	jwtExpiry: number;
	refreshTokenRotation: boolean;
	/** Seconds during which a just-rotated refresh token may still be used. */
	refreshTokenReuseInterval: number;
	/** Seconds a session may go without a refresh before it ends; 0: never ([auth.sessions]). */
	sessionInactivityTimeout: number;
	enableSignup: boolean;
	enableAnonymousSignIns: boolean;
	minimumPasswordLength: number;
	/** Character sets a password must each contain one of (from `password_requirements`). */
	passwordRequiredCharacters: string[];
	rateLimit: {
		/** Mails per hour, whole instance (applies only while confirmations are on, as in GoTrue). */
		emailSent: number;
		/** Per IP per 5 minutes: sign-ups, OTP / magic link / recovery / resend requests, user updates. */
		signInSignUps: number;
		/** Per IP per 5 minutes: all /token grants (password sign-in, refresh, PKCE exchange). */
		tokenRefresh: number;
		/** Per IP per 5 minutes: /verify. */
		tokenVerifications: number;
		/** Per IP per hour: anonymous sign-ins. */
		anonymousUsers: number;
	};
	email: {
		/** The email provider as a whole (sign-up and sign-in by email). */
		enableSignup: boolean;
		/** An email change needs confirming from both the old and the new address. */
		doubleConfirmChanges: boolean;
		/** A password change needs a mailed nonce unless the session is recent (GoTrue: 24 h). */
		securePasswordChange: boolean;
		enableConfirmations: boolean;
		otpLength: number;
		/** OTP and mail link lifetime, seconds. */
		otpExpiry: number;
		/** Minimum seconds between two mails of one kind to one user. */
		maxFrequency: number;
	};
}

/** What `password_requirements` means, as the Supabase CLI passes it to GoTrue. */
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const SYMBOLS = '!@#$%^&*()_+-=[]{};\'\\:"|<>?,./`~';
const PASSWORD_REQUIREMENTS: Record<string, string[]> = {
	'': [],
	letters_digits: [LOWER + UPPER, DIGITS],
	lower_upper_letters_digits: [LOWER, UPPER, DIGITS],
	lower_upper_letters_digits_symbols: [LOWER, UPPER, DIGITS, SYMBOLS]
};

const count = z.number().int().nonnegative();
const durationPattern = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

const authSection = z.object({
	site_url: z.url().default('http://127.0.0.1:3000'),
	additional_redirect_urls: z.array(z.string()).default(['https://127.0.0.1:3000']),
	jwt_expiry: z.number().int().positive().max(604800).default(3600),
	enable_refresh_token_rotation: z.boolean().default(true),
	refresh_token_reuse_interval: count.default(10),
	enable_signup: z.boolean().default(true),
	enable_anonymous_sign_ins: z.boolean().default(false),
	minimum_password_length: count.default(6),
	password_requirements: z
		.enum(Object.keys(PASSWORD_REQUIREMENTS) as [string, ...string[]])
		.default(''),
	rate_limit: z
		.object({
			email_sent: count.default(2),
			sign_in_sign_ups: count.default(30),
			token_refresh: count.default(150),
			token_verifications: count.default(30),
			anonymous_users: count.default(30)
		})
		.prefault({}),
	sessions: z
		.object({
			// A session not refreshed for this long ends ("0s": never, GoTrue's default).
			inactivity_timeout: z
				.string()
				.regex(durationPattern, 'a duration like "8h" or "720h"')
				.default('0s')
		})
		.prefault({}),
	email: z
		.object({
			enable_signup: z.boolean().default(true),
			double_confirm_changes: z.boolean().default(true),
			secure_password_change: z.boolean().default(false),
			enable_confirmations: z.boolean().default(false),
			otp_length: z.number().int().min(6).max(10).default(6),
			otp_expiry: z.number().int().positive().max(86400).default(3600),
			max_frequency: z
				.string()
				.regex(durationPattern, 'a duration like "1s" or "1m0s"')
				.default('1s')
		})
		.prefault({})
});

/** Seconds in a Go duration string ("1s", "1m30s", "500ms"). */
export function parseDuration(value: string): number {
	const units: Record<string, number> = {
		ns: 1e-9,
		us: 1e-6,
		µs: 1e-6,
		ms: 1e-3,
		s: 1,
		m: 60,
		h: 3600
	};
	let seconds = 0;
	for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
		seconds += Number(amount) * units[unit!]!;
	}
	return seconds;
}

export function readAuthConfig(configToml: string, overrides?: { siteUrl?: string }): AuthConfig {
	const toml = parse(configToml) as { auth?: unknown };
	const result = authSection.safeParse(toml.auth ?? {});
	if (!result.success) {
		const problems = result.error.issues.map(
			(issue) => `auth.${issue.path.join('.')}: ${issue.message}`
		);
		throw new Error(`supabase/config.toml: invalid [auth] settings:\n${problems.join('\n')}`);
	}
	const auth = result.data;
	// GoTrue raises a lower minimum to 6 (its own floor).
	const minimumPasswordLength = Math.max(auth.minimum_password_length, 6);
	return {
		siteUrl: overrides?.siteUrl ?? auth.site_url,
		additionalRedirectUrls: auth.additional_redirect_urls,
		jwtExpiry: auth.jwt_expiry,
		refreshTokenRotation: auth.enable_refresh_token_rotation,
		refreshTokenReuseInterval: auth.refresh_token_reuse_interval,
		sessionInactivityTimeout: parseDuration(auth.sessions.inactivity_timeout),
		enableSignup: auth.enable_signup,
		enableAnonymousSignIns: auth.enable_anonymous_sign_ins,
		minimumPasswordLength,
		passwordRequiredCharacters: PASSWORD_REQUIREMENTS[auth.password_requirements] ?? [],
		rateLimit: {
			emailSent: auth.rate_limit.email_sent,
			signInSignUps: auth.rate_limit.sign_in_sign_ups,
			tokenRefresh: auth.rate_limit.token_refresh,
			tokenVerifications: auth.rate_limit.token_verifications,
			anonymousUsers: auth.rate_limit.anonymous_users
		},
		email: {
			enableSignup: auth.email.enable_signup,
			doubleConfirmChanges: auth.email.double_confirm_changes,
			securePasswordChange: auth.email.secure_password_change,
			enableConfirmations: auth.email.enable_confirmations,
			otpLength: auth.email.otp_length,
			otpExpiry: auth.email.otp_expiry,
			maxFrequency: parseDuration(auth.email.max_frequency)
		}
	};
}
