import { describe, expect, it } from 'vitest';
import { localPath } from '$lib/server/redirect';

describe('localPath', () => {
	it.each([
		['/konto', '/konto'],
		['/ideen?sort=neu#karte', '/ideen?sort=neu#karte'],
		['/a/../konto', '/konto'],
		// Encoded slashes stay encoded: a path on this site, never a host.
		['/%2f%2fevil.example', '/%2f%2fevil.example']
	])('keeps the local path %s', (value, expected) => {
		expect(localPath(value, '/')).toBe(expected);
	});

	it.each([
		'https://evil.example/',
		'//evil.example/konto',
		'/\\evil.example',
		'/\t/evil.example',
		'/.//evil.example/',
		'/./\\evil.example/',
		'/%2e//evil.example/',
		'/a/..//evil.example',
		'//evil.example',
		'/\n/evil.example',
		'\\evil.example',
		'https:/evil.example',
		'javascript:alert(1)',
		'konto',
		'',
		null,
		undefined,
		42
	])('falls back for %j', (value) => {
		expect(localPath(value, '/start')).toBe('/start');
	});
});
