import { describe, expect, inject, test } from 'vitest';

const { apiUrl, anonKey, serviceRoleKey } = inject('stack');

describe('gateway', () => {
	test('requests without an apikey are refused with a clear JSON error', async () => {
		for (const path of ['/rest/v1/fields_of_action', '/auth/v1/settings']) {
			const res = await fetch(`${apiUrl}${path}`);
			expect(res.status).toBe(401);
			expect(res.headers.get('content-type')).toMatch(/application\/json/);
			expect(await res.json()).toMatchObject({ message: 'No API key found in request' });
		}
	});

	test('an unknown apikey is refused, even a well-formed JWT', async () => {
		const forged = anonKey.slice(0, -4) + 'AAAA';
		const res = await fetch(`${apiUrl}/rest/v1/fields_of_action`, { headers: { apikey: forged } });
		expect(res.status).toBe(401);
		expect(await res.json()).toMatchObject({ message: 'Invalid API key' });
	});

	test('the anon and service-role keys both reach PostgREST; the key doubles as bearer token', async () => {
		for (const key of [anonKey, serviceRoleKey]) {
			const res = await fetch(`${apiUrl}/rest/v1/fields_of_action?select=slug&limit=1`, {
				headers: { apikey: key }
			});
			expect(res.status).toBe(200);
			expect(await res.json()).toHaveLength(1);
		}
	});

	test('the apikey may come as a query parameter (as Supabase allows) and is not passed on', async () => {
		const res = await fetch(
			`${apiUrl}/rest/v1/fields_of_action?select=slug&limit=1&apikey=${anonKey}`
		);
		expect(res.status).toBe(200);
		expect(await res.json()).toHaveLength(1);
	});

	test('CORS answers the app origin and nobody else', async () => {
		const preflight = (origin: string) =>
			fetch(`${apiUrl}/rest/v1/fields_of_action`, {
				method: 'OPTIONS',
				headers: {
					origin,
					'access-control-request-method': 'GET',
					'access-control-request-headers': 'apikey, authorization'
				}
			});
		const ok = await preflight('http://localhost:3000');
		expect(ok.status).toBe(204);
		expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
		expect(ok.headers.get('access-control-allow-headers')).toMatch(/apikey/);

		const evil = await preflight('https://evil.example');
		expect(evil.headers.get('access-control-allow-origin')).toBeNull();

		const get = await fetch(`${apiUrl}/rest/v1/fields_of_action?limit=1`, {
			headers: { apikey: anonKey, origin: 'http://localhost:3000' }
		});
		expect(get.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
		expect(get.headers.get('access-control-expose-headers')).toMatch(/content-range/);
	});

	test('the dev mail outbox answers only at this machine, never through a proxy', async () => {
		expect((await fetch(`${apiUrl}/_dev/outbox`)).status).toBe(200);
		const proxied = await fetch(`${apiUrl}/_dev/outbox`, {
			headers: { 'x-forwarded-for': '203.0.113.7' }
		});
		expect(proxied.status).toBe(404);
	});

	test('unknown routes get a JSON 404', async () => {
		const res = await fetch(`${apiUrl}/graphql/v1`, { headers: { apikey: anonKey } });
		expect(res.status).toBe(404);
		expect(await res.json()).toMatchObject({ message: expect.any(String) });
	});

	test('malformed JSON to the data API is a 400 and writes nothing', async () => {
		const res = await fetch(`${apiUrl}/rest/v1/fields_of_action`, {
			method: 'POST',
			headers: { apikey: serviceRoleKey, 'content-type': 'application/json' },
			body: '{"slug": "broken",'
		});
		expect(res.status).toBe(400);
		const count = await fetch(`${apiUrl}/rest/v1/fields_of_action?slug=eq.broken`, {
			headers: { apikey: serviceRoleKey }
		});
		expect(await count.json()).toEqual([]);
	});
});
