import { describe, expect, it } from 'vitest';
import { localPath } from '$lib/server/redirect';

describe('localPath', () => {
	it.each([
		['/konto', '/konto'],
		['/ideen?sort=neu#karte', '/ideen?sort=neu#karte'],
		['/a/../konto', '/konto']
	])('keeps the local path %s', (value, expected) => {
		expect(localPath(value, '/')).toBe(expected);
	});

	it.each([
		'https://evil.example/',
		'//evil.example/konto',
		'/\\evil.example',
		'/\t/evil.example',
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
