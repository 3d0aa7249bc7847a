import { describe, expect, test } from 'vitest';
import { readAuthConfig } from '../../stack/auth/config.ts';
import { globToRegExp, isRedirectUrlValid, resolveRedirect } from '../../stack/auth/redirect.ts';

const config = readAuthConfig(`[auth]
site_url = "https://stadtidee.example.de"
additional_redirect_urls = ["https://*.preview.example.de/**", "https://app.example.org/callback"]
`);

describe('auth redirect allow-list (GoTrue rules)', () => {
	test('the site itself, any path', () => {
		expect(isRedirectUrlValid(config, 'https://stadtidee.example.de/konto?x=1')).toBe(true);
		expect(isRedirectUrlValid(config, 'http://stadtidee.example.de/')).toBe(false);
		expect(isRedirectUrlValid(config, 'https://stadtidee.example.de:8443/')).toBe(false);
	});

	test('loopback addresses are always allowed, other IPs never', () => {
		expect(isRedirectUrlValid(config, 'http://127.0.0.1:5173/auth')).toBe(true);
		expect(isRedirectUrlValid(config, 'http://[::1]:5173/auth')).toBe(true);
		expect(isRedirectUrlValid(config, 'http://10.0.0.1/auth')).toBe(false);
		// Decimal IPs: URL parsing normalises them (2130706433 is 127.0.0.1, 167772161 10.0.0.1).
		expect(isRedirectUrlValid(config, 'http://2130706433/')).toBe(true);
		expect(isRedirectUrlValid(config, 'http://167772161/')).toBe(false);
	});

	test('globs: * stays within a label or segment, ** crosses them', () => {
		expect(isRedirectUrlValid(config, 'https://pr-12.preview.example.de/a/b')).toBe(true);
		expect(isRedirectUrlValid(config, 'https://a.b.preview.example.de/')).toBe(false);
		expect(isRedirectUrlValid(config, 'https://app.example.org/callback')).toBe(true);
		expect(isRedirectUrlValid(config, 'https://app.example.org/callback#frag')).toBe(true);
		expect(isRedirectUrlValid(config, 'https://app.example.org/callback/more')).toBe(false);
		expect(
			isRedirectUrlValid(config, 'https://evil.example/https://app.example.org/callback')
		).toBe(false);
		expect(globToRegExp('https://{a,b}.example.de').test('https://b.example.de')).toBe(true);
	});

	test('falls back to the Referer, then to the site URL', () => {
		expect(resolveRedirect(config, 'https://evil.example/')).toBe('https://stadtidee.example.de');
		expect(resolveRedirect(config, null, 'https://app.example.org/callback')).toBe(
			'https://app.example.org/callback'
		);
		expect(resolveRedirect(config, 'not a url')).toBe('https://stadtidee.example.de');
	});
});
