import { describe, expect, inject, test } from 'vitest';

const { apiUrl } = inject('stack');

/**
 * The auth routes Supabase's API gateway lets through without an apikey: the `auth-v1-open*`
 * services in supabase/supabase docker/volumes/api/kong.yml. Every other /auth/v1 route sits
 * behind its `key-auth` plugin.
 */
const OPEN = [
	'GET /verify',
	'POST /verify',
	'GET /callback',
	'GET /authorize',
	'GET /.well-known/jwks.json'
];

/** Every route the auth service serves, and a few it does not (the gateway answers them first). */
const KEYED = [
	'GET /health',
	'GET /settings',
	'POST /signup',
	'POST /token?grant_type=password',
	'POST /logout',
	'GET /user',
	'PUT /user',
	'GET /reauthenticate',
	'POST /otp',
	'POST /magiclink',
	'POST /recover',
	'POST /resend',
	'POST /invite',
	'GET /admin/users',
	'POST /admin/generate_link',
	'GET /verify-other',
	'GET /.well-known/openid-configuration',
	'GET /'
];

async function withoutKey(route: string): Promise<Response> {
	const [method, path] = route.split(' ') as [string, string];
	return fetch(`${apiUrl}/auth/v1${path}`, {
		method,
		redirect: 'manual',
		...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' })
	});
}

describe('gateway: which auth routes need an apikey', () => {
	test.each(OPEN)('%s is open, as on Supabase', async (route) => {
		const res = await withoutKey(route);
		const body = res.headers.get('content-type')?.includes('json') ? await res.json() : {};
		expect(body, `${route} answered ${res.status}`).not.toMatchObject({
			message: 'No API key found in request'
		});
		expect(res.status).not.toBe(401);
	});

	test.each(KEYED)('%s needs an apikey', async (route) => {
		const res = await withoutKey(route);
		expect(res.status).toBe(401);
		expect(await res.json()).toMatchObject({ message: 'No API key found in request' });
	});

	test('a trailing slash does not change the answer', async () => {
		expect((await withoutKey('GET /verify/')).status).not.toBe(401);
		expect((await withoutKey('GET /settings/')).status).toBe(401);
	});
});
