import { expect, test } from './support/fixtures.ts';

test('/healthz reports the database through the API, uncached', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(response.headers()['cache-control']).toBe('no-store');
	expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
});

test('pages carry the security headers and a nonce-based CSP', async ({ request, stack }) => {
	const response = await request.get('/');
	const headers = response.headers();
	expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['permissions-policy']).toContain('geolocation=(self)');
	expect(headers['permissions-policy']).toContain('camera=()');
	expect(headers['permissions-policy']).toContain('microphone=()');

	const directives = new Map(
		(headers['content-security-policy'] ?? '')
			.split(';')
			.map((directive) => directive.trim().split(/\s+/))
			.map(([name = '', ...sources]) => [name, sources])
	);
	const scriptSrc = directives.get('script-src') ?? [];
	const nonce = scriptSrc.find((source) => source.startsWith("'nonce-"))?.slice(7, -1);
	expect(nonce).toBeTruthy();
	expect(scriptSrc).not.toContain("'unsafe-inline'");
	expect(directives.get('connect-src')).toEqual(["'self'", new URL(stack.apiUrl).origin]);
	expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
	expect(directives.get('object-src')).toEqual(["'none'"]);

	// Every inline script SvelteKit wrote carries this response's nonce.
	const html = await response.text();
	const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
	expect(inlineScripts.length).toBeGreaterThan(0);
	for (const attributes of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
});

test('a cross-site form post is refused', async ({ request }) => {
	const response = await request.post('/sprache', {
		headers: { origin: 'https://evil.example' },
		form: { locale: 'en', redirectTo: '/' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(403);
});
