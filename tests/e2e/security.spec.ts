import { APP_ORIGIN } from './support/env.ts';
import { expect, signIn, test } from './support/fixtures.ts';

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

test('no redirect leaves the site, however the target is dressed up', async ({
	page,
	context,
	freshUser
}) => {
	await signIn(page, freshUser);
	const tricks = [
		'/.//evil.example/',
		'//evil.example/',
		'/\\evil.example/',
		'/%2e//evil.example/'
	];
	const location = async (response: { headers(): Record<string, string> }) =>
		response.headers()['location'] ?? '';
	const offSite = (target: string) => new URL(target, APP_ORIGIN).origin !== APP_ORIGIN;

	for (const trick of tricks) {
		for (const path of ['/anmelden', '/anmelden/registrieren']) {
			const response = await page.request.get(`${path}?redirectTo=${encodeURIComponent(trick)}`, {
				maxRedirects: 0
			});
			expect(response.status(), `${path} ${trick}`).toBe(303);
			expect(offSite(await location(response)), `${path} ${trick}`).toBe(false);
		}
		const language = await page.request.post('/sprache', {
			// A plain form post, as a browser without JavaScript sends it.
			headers: { origin: APP_ORIGIN, accept: 'text/html' },
			form: { locale: 'de', redirectTo: trick },
			maxRedirects: 0
		});
		expect(language.status(), `/sprache ${trick}`).toBe(303);
		expect(offSite(await location(language)), `/sprache ${trick}`).toBe(false);
	}

	// Signed in on a device without a language cookie, any page is loaded again with the cookie.
	await context.clearCookies({ name: 'locale' });
	const again = await page.request.get(`${APP_ORIGIN}//evil.example/`, { maxRedirects: 0 });
	expect(offSite(await location(again))).toBe(false);
});

test('a form post whose body is no form answers 400, not 500', async ({ request }) => {
	for (const path of ['/anmelden?/signIn', '/ideen/neu?/step', '/sprache']) {
		const response = await request.post(path, {
			headers: {
				origin: APP_ORIGIN,
				accept: 'text/html',
				'content-type': 'multipart/form-data; boundary=----stadtidee'
			},
			data: '------stadtidee\r\nContent-Disposition: form-data; name="email"\r\n\r\nabgeschnitten',
			maxRedirects: 0
		});
		expect(response.status(), path).toBe(400);
	}
});
