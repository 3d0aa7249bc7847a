import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { readAuthConfig } from '../../stack/auth/index.ts';

const { apiUrl, anonKey, serviceRoleKey, dbUrl } = inject('stack');
const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
afterAll(() => sql.end({ timeout: 5 }));

const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;
const PASSWORD = 'Stadtidee-2026!';

/** Requests as auth-js makes them (API version header), from an address of their own. */
function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
	return fetch(`${apiUrl}/auth/v1${path}`, {
		method: 'POST',
		headers: {
			apikey: anonKey,
			'content-type': 'application/json',
			'x-supabase-api-version': '2024-01-01',
			'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`,
			...headers
		},
		body
	});
}

/** The answer is a clear JSON error with this status and code. */
async function expectError(res: Response, status: number, code: string): Promise<string> {
	expect(res.status).toBe(status);
	expect(res.headers.get('content-type')).toMatch(/^application\/json/);
	const body = (await res.json()) as { code: string; message: string };
	expect(body).toEqual({ code, message: expect.any(String) });
	expect(body.message.length).toBeGreaterThan(5);
	return body.message;
}

async function usersWithEmail(address: string): Promise<number> {
	const [row] = await sql<{ count: number }[]>`
		select count(*)::int as count from auth.users where lower(email) = lower(${address})`;
	return row!.count;
}

describe('auth: bad input is a clear 4xx JSON error and writes nothing', () => {
	test('malformed JSON', async () => {
		const address = email('malformed');
		const res = await post('/signup', `{"email": "${address}", "password": "${PASSWORD}"`);
		const message = await expectError(res, 400, 'bad_json');
		expect(message).toMatch(/Could not parse request body as JSON/);
		expect(await usersWithEmail(address)).toBe(0);
	});

	test('a body that is not a JSON object', async () => {
		await expectError(await post('/signup', '["a", "b"]'), 400, 'bad_json');
		await expectError(await post('/token?grant_type=password', '"text"'), 400, 'bad_json');
	});

	test('fields of the wrong type', async () => {
		const address = email('types');
		const res = await post('/signup', JSON.stringify({ email: address, password: 12345678 }));
		expect(await expectError(res, 400, 'bad_json')).toMatch(/password/);
		const data = await post(
			'/signup',
			JSON.stringify({ email: address, password: PASSWORD, data: 'not an object' })
		);
		await expectError(data, 400, 'bad_json');
		expect(await usersWithEmail(address)).toBe(0);
	});

	test('a wrong content type', async () => {
		const address = email('ctype');
		const json = JSON.stringify({ email: address, password: PASSWORD });
		await expectError(
			await post('/signup', json, { 'content-type': 'text/plain' }),
			415,
			'bad_json'
		);
		const form = new URLSearchParams({ email: address, password: PASSWORD }).toString();
		await expectError(
			await post('/signup', form, { 'content-type': 'application/x-www-form-urlencoded' }),
			415,
			'bad_json'
		);
		expect(await usersWithEmail(address)).toBe(0);
	});

	test('missing fields', async () => {
		const address = email('missing');
		const noPassword = await post('/signup', JSON.stringify({ email: address }));
		expect(await expectError(noPassword, 400, 'validation_failed')).toMatch(/password/);
		const noEmail = await post(
			'/token?grant_type=password',
			JSON.stringify({ password: PASSWORD })
		);
		await expectError(noEmail, 400, 'validation_failed');
		const noToken = await post('/token?grant_type=refresh_token', '{}');
		await expectError(noToken, 400, 'validation_failed');
		const noType = await post('/verify', JSON.stringify({ email: address, token: '123456' }));
		await expectError(noType, 400, 'validation_failed');
		const noOtpEmail = await post('/otp', JSON.stringify({ create_user: true }));
		await expectError(noOtpEmail, 400, 'validation_failed');
		expect(await usersWithEmail(address)).toBe(0);
	});

	test('overlong fields: an email over 255 characters, a password over 72 bytes', async () => {
		const longEmail = `${'a'.repeat(250)}@example.com`;
		const tooLong = await post('/signup', JSON.stringify({ email: longEmail, password: PASSWORD }));
		expect(await expectError(tooLong, 400, 'validation_failed')).toMatch(/too long/);
		expect(await usersWithEmail(longEmail)).toBe(0);

		const address = email('longpw');
		// 37 two-byte characters are 74 bytes: bcrypt would cut them off silently.
		for (const password of ['x'.repeat(73), 'ü'.repeat(37)]) {
			const res = await post('/signup', JSON.stringify({ email: address, password }));
			expect(await expectError(res, 400, 'validation_failed')).toMatch(/72/);
		}
		const signIn = await post(
			'/token?grant_type=password',
			JSON.stringify({ email: address, password: 'y'.repeat(100) })
		);
		await expectError(signIn, 400, 'validation_failed');
		expect(await usersWithEmail(address)).toBe(0);
	});

	test('a malformed email address', async () => {
		for (const bad of ['no-at-sign', 'two@@example.com', 'spaces in@example.com', '<b>@x.de']) {
			const res = await post('/signup', JSON.stringify({ email: bad, password: PASSWORD }));
			await expectError(res, 400, 'validation_failed');
			expect(await usersWithEmail(bad)).toBe(0);
		}
	});

	test('a body over 1 MB', async () => {
		const address = email('huge');
		const body = JSON.stringify({
			email: address,
			password: PASSWORD,
			data: { blob: 'x'.repeat(1.1 * 1024 * 1024) }
		});
		await expectError(await post('/signup', body), 413, 'request_entity_too_large');
		expect(await usersWithEmail(address)).toBe(0);
	});

	test('an unsupported grant type and a malformed refresh token', async () => {
		await expectError(await post('/token?grant_type=magic', '{}'), 400, 'invalid_credentials');
		const res = await post(
			'/token?grant_type=refresh_token',
			JSON.stringify({ refresh_token: "'; drop table auth.users; --" })
		);
		await expectError(res, 400, 'validation_failed');
	});

	test('a missing apikey is refused by the gateway before auth sees it', async () => {
		const address = email('nokey');
		const res = await fetch(`${apiUrl}/auth/v1/signup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: address, password: PASSWORD })
		});
		expect(res.status).toBe(401);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		expect(await res.json()).toMatchObject({ message: 'No API key found in request' });
		expect(await usersWithEmail(address)).toBe(0);
	});

	test('admin endpoints: bad JSON from the service role writes nothing either', async () => {
		const address = email('admin-bad');
		const headers = { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}` };
		await expectError(
			await post('/admin/users', `{"email": "${address}",`, headers),
			400,
			'bad_json'
		);
		await expectError(
			await post('/admin/users', JSON.stringify({ email: address, email_confirm: 'yes' }), headers),
			400,
			'bad_json'
		);
		expect(await usersWithEmail(address)).toBe(0);
	});

	test('a mail link with a bad token redirects to the app with the error', async () => {
		const res = await fetch(`${apiUrl}/auth/v1/verify?type=magiclink&token=nope`, {
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		const location = new URL(res.headers.get('location')!);
		const toml = readFileSync(new URL('../../supabase/config.toml', import.meta.url), 'utf8');
		expect(location.origin).toBe(new URL(readAuthConfig(toml).siteUrl).origin);
		const fragment = new URLSearchParams(location.hash.slice(1));
		expect(fragment.get('error')).toBe('access_denied');
		expect(fragment.get('error_code')).toBe('otp_expired');
		expect(fragment.get('error_description')).toBe('Email link is invalid or has expired');
	});

	test('clients without the API version header get the older error shape', async () => {
		const res = await fetch(`${apiUrl}/auth/v1/signup`, {
			method: 'POST',
			headers: { apikey: anonKey, 'content-type': 'application/json' },
			body: '{'
		});
		expect(res.status).toBe(400);
		expect(res.headers.get('x-sb-error-code')).toBe('bad_json');
		expect(await res.json()).toEqual({
			code: 400,
			error_code: 'bad_json',
			msg: expect.any(String)
		});
	});

	test('unknown routes and methods are a JSON 404', async () => {
		const res = await fetch(`${apiUrl}/auth/v1/nothing-here`, { headers: { apikey: anonKey } });
		expect(res.status).toBe(404);
		expect(await res.json()).toMatchObject({ error_code: 'unknown' });
		const wrongMethod = await fetch(`${apiUrl}/auth/v1/signup`, { headers: { apikey: anonKey } });
		expect(wrongMethod.status).toBe(404);
	});
});
