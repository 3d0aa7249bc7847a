import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseDuration, readAuthConfig } from '../../stack/auth/config.ts';

describe('auth config from supabase/config.toml', () => {
	test('an empty [auth] gets the Supabase CLI defaults', () => {
		const config = readAuthConfig('[auth]\n');
		expect(config).toMatchObject({
			siteUrl: 'http://127.0.0.1:3000',
			jwtExpiry: 3600,
			refreshTokenRotation: true,
			refreshTokenReuseInterval: 10,
			sessionInactivityTimeout: 0,
			enableSignup: true,
			enableAnonymousSignIns: false,
			minimumPasswordLength: 6,
			passwordRequiredCharacters: [],
			rateLimit: {
				emailSent: 2,
				signInSignUps: 30,
				tokenRefresh: 150,
				tokenVerifications: 30,
				anonymousUsers: 30
			},
			email: {
				enableSignup: true,
				doubleConfirmChanges: true,
				securePasswordChange: false,
				enableConfirmations: false,
				otpLength: 6,
				otpExpiry: 3600,
				maxFrequency: 1
			}
		});
	});

	test("reads the project's own file, and the site URL can be overridden", () => {
		const toml = readFileSync(new URL('../../supabase/config.toml', import.meta.url), 'utf8');
		expect(readAuthConfig(toml).siteUrl).toMatch(/^http/);
		expect(readAuthConfig(toml, { siteUrl: 'http://127.0.0.1:4173' }).siteUrl).toBe(
			'http://127.0.0.1:4173'
		);
	});

	test('password requirements become character sets; a minimum below 6 is raised to 6', () => {
		const config = readAuthConfig(`[auth]
minimum_password_length = 4
password_requirements = "lower_upper_letters_digits"
`);
		expect(config.minimumPasswordLength).toBe(6);
		expect(config.passwordRequiredCharacters).toHaveLength(3);
	});

	test('wrong types and unknown values are refused with the key named', () => {
		expect(() => readAuthConfig('[auth]\njwt_expiry = "soon"\n')).toThrow(/auth\.jwt_expiry/);
		expect(() => readAuthConfig('[auth.email]\nmax_frequency = "often"\n')).toThrow(
			/auth\.email\.max_frequency/
		);
		expect(() => readAuthConfig('[auth]\npassword_requirements = "emoji"\n')).toThrow(
			/password_requirements/
		);
	});

	test('Go durations', () => {
		expect(parseDuration('1s')).toBe(1);
		expect(parseDuration('1m30s')).toBe(90);
		expect(parseDuration('500ms')).toBe(0.5);
		expect(parseDuration('2h')).toBe(7200);
	});
});
