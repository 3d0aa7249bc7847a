import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { authCookieOptions, SESSION_MAX_AGE_S } from '$lib/server/session-cookie';
import { readAuthConfig } from '../../stack/auth/config.ts';

describe('the auth cookie', () => {
	test('lives as long as a session may go unused, not 400 days', () => {
		const toml = readFileSync(new URL('../../supabase/config.toml', import.meta.url), 'utf8');
		expect(readAuthConfig(toml).sessionInactivityTimeout).toBe(SESSION_MAX_AGE_S);
		expect(authCookieOptions({ maxAge: 400 * 24 * 3600, sameSite: 'lax' })).toEqual({
			maxAge: SESSION_MAX_AGE_S,
			sameSite: 'lax',
			path: '/'
		});
	});

	test('a removal stays a removal', () => {
		expect(authCookieOptions({ maxAge: 0 }).maxAge).toBe(0);
	});
});
