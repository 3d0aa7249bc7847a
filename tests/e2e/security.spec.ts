import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { APP_ORIGIN, E2E_PORT } from './support/env.ts';
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

/** A raw POST: the headers as given, then the body (none: the answer comes before any is sent). */
function rawPost(path: string, headers: Record<string, string | number>, body?: string | Buffer) {
	return new Promise<number>((resolve, reject) => {
		const request = httpRequest(
			`http://127.0.0.1:${E2E_PORT}${path}`,
			{
				method: 'POST',
				headers: { host: new URL(APP_ORIGIN).host, origin: APP_ORIGIN, ...headers }
			},
			(response) => {
				response.resume();
				resolve(response.statusCode!);
				request.destroy();
			}
		);
		request.on('error', reject);
		if (body === undefined) request.flushHeaders();
		else request.end(body);
	});
}

test('request bodies: a declared length within the route’s limit, photos only signed in, forms for actions', async () => {
	const form = { 'content-type': 'application/x-www-form-urlencoded' };
	// A chunked body could be any size: refused before it is read.
	expect(await rawPost('/anmelden?/magicLink', { ...form, 'transfer-encoding': 'chunked' })).toBe(
		411
	);
	// 1 MB for a form without photos; 46 MB where photos go, and the transport's 48 MB above that.
	expect(await rawPost('/anmelden?/signIn', { ...form, 'content-length': 2 * 1024 * 1024 })).toBe(
		413
	);
	const multipart = { 'content-type': 'multipart/form-data; boundary=x' };
	expect(
		await rawPost('/ideen/neu?schritt=pruefen&/submit', {
			...multipart,
			'content-length': 47 * 1024 * 1024
		})
	).toBe(413);
	// Signed out, the megabytes of photos are not even read.
	expect(
		await rawPost('/ideen/neu?schritt=pruefen&/submit', {
			...multipart,
			'content-length': 8 * 1024 * 1024
		})
	).toBe(401);
	// A named form action takes a form.
	expect(
		await rawPost('/ideen/neu?schritt=pruefen&/submit', { 'content-type': 'text/plain' }, 'x')
	).toBe(415);
});

/**
 * A failed sign-in from a client address of its own: the machine's whole 127.0.0.0/8 is loopback,
 * so each address below is a different client to the app, as people behind their own routers are.
 */
function signInFrom(address: string, email: string): Promise<number> {
	const origin = `http://127.0.0.1:${E2E_PORT}`;
	const body = new URLSearchParams({ email, password: 'falsches-passwort' }).toString();
	return new Promise((resolve, reject) => {
		const request = httpRequest(
			`${origin}/anmelden?/signIn`,
			{
				method: 'POST',
				localAddress: address,
				headers: {
					origin,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body)
				}
			},
			(response) => {
				response.resume();
				resolve(response.statusCode!);
			}
		);
		request.on('error', reject);
		request.end(body);
	});
}

test('abuse limits count people: a noisy client and a guessed account are stopped, seventy others are not', async () => {
	test.skip(
		test.info().project.name !== 'desktop',
		'the limits live on the server: once is enough'
	);
	test.slow(); // About 150 password checks.
	const someone = () => `niemand-${randomUUID()}@musterstadt.example`;

	// One client tries again and again: it is stopped once over its limit ...
	const noisy: number[] = [];
	const started = Date.now();
	for (let i = 0; i < 70; i++) noisy.push(await signInFrom('127.0.2.1', someone()));
	expect(noisy.slice(0, 60)).toEqual(Array(60).fill(400));
	// The bucket refills one attempt every five seconds: on a busy machine, where these seventy
	// take longer, that many more of the last ten may get through, but never all of them.
	const refilled = Math.ceil((Date.now() - started) / 5000);
	const stopped = noisy.slice(60).filter((status) => status === 429).length;
	expect(stopped).toBeGreaterThanOrEqual(Math.max(1, 10 - refilled));

	// ... while seventy others, meanwhile, each get a plain "wrong password".
	const others: number[] = [];
	for (let batch = 0; batch < 70; batch += 10) {
		const addresses = Array.from({ length: 10 }, (_, i) => `127.0.1.${batch + i + 1}`);
		others.push(...(await Promise.all(addresses.map((a) => signInFrom(a, someone())))));
	}
	expect(others).toEqual(Array(70).fill(400));

	// Guessing one person's password from many addresses stops after ten tries.
	const target = someone();
	const guesses: number[] = [];
	for (let i = 1; i <= 12; i++) guesses.push(await signInFrom(`127.0.3.${i}`, target));
	expect(guesses).toEqual([...Array(10).fill(400), 429, 429]);
});
