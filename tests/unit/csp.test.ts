import { describe, expect, it } from 'vitest';
import { allowSource, tileSource } from '$lib/server/csp';

const API = 'https://abc.supabase.co';

describe('allowSource', () => {
	it('appends the origin to the directive and leaves the rest alone', () => {
		const policy =
			"default-src 'self'; script-src 'self' 'nonce-abc'; connect-src 'self'; frame-ancestors 'none'";
		expect(allowSource(policy, 'connect-src', API)).toBe(
			`default-src 'self'; script-src 'self' 'nonce-abc'; connect-src 'self' ${API}; frame-ancestors 'none'`
		);
	});

	it('does not repeat an origin already allowed', () => {
		expect(allowSource(`connect-src 'self' ${API}`, 'connect-src', API)).toBe(
			`connect-src 'self' ${API}`
		);
	});

	it("adds the directive with 'self' when the policy has none", () => {
		expect(allowSource("default-src 'self';", 'img-src', API)).toBe(
			`default-src 'self'; img-src 'self' ${API}`
		);
	});

	it('only touches the named directive', () => {
		expect(allowSource("img-src 'self' data:; connect-src 'self'", 'img-src', API)).toBe(
			`img-src 'self' data: ${API}; connect-src 'self'`
		);
	});
});

describe('tileSource', () => {
	it('is the origin of a tile template', () => {
		expect(
			tileSource(
				'https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png'
			)
		).toBe('https://sgx.geodatenzentrum.de');
	});

	it('keeps a port', () => {
		expect(tileSource('http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png')).toBe('http://127.0.0.1:8080');
	});

	it('turns a {s} subdomain into a wildcard', () => {
		expect(tileSource('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(
			'https://*.tile.openstreetmap.org'
		);
	});

	it('refuses anything that would widen the policy', () => {
		expect(tileSource('javascript:alert(1)')).toBeNull();
		expect(tileSource("https://a.example; script-src 'unsafe-inline'/{z}")).toBeNull();
		expect(tileSource('https://{z}.example/{x}/{y}.png')).toBeNull();
		expect(tileSource('https://*/{z}/{x}/{y}.png')).toBeNull();
	});
});
