import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServerClient } from '@supabase/ssr';
import { createRemoteJWKSet, decodeJwt, jwtVerify, SignJWT } from 'jose';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createAuthService, readAuthConfig } from '../../stack/auth/index.ts';
import { serveOutbox } from '../../stack/mail/outbox.ts';
import { startMailSink } from '../../stack/mail/sink.ts';
import { importJwtKeys } from '../../stack/auth/jwt.ts';
import { newSigningKey, publicJwk } from '../../stack/keys.ts';
import {
	APP,
	client,
	email,
	lastMail,
	mails,
	openLink,
	PASSWORD,
	randomIp,
	signUp,
	SITE_URL
} from './support/auth.ts';

const { apiUrl, anonKey, serviceRoleKey, jwtSecret, dbUrl } = inject('stack');
const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
afterAll(() => sql.end({ timeout: 5 }));

/** Signs up as a person does with config.toml's settings: no session until the mailed link is opened. */
async function signUpByMail(address: string, data = {}): Promise<void> {
	const signedUp = await client().auth.signUp({
		email: address,
		password: PASSWORD,
		options: { data }
	});
	expect(signedUp.error).toBeNull();
	expect(signedUp.data.session).toBeNull();
	await openLink((await lastMail(address)).link);
}

async function refreshTokenRow(token: string) {
	const [row] = await sql<{ revoked: boolean; parent: string | null; session_id: string }[]>`
		select revoked, parent, session_id from auth.refresh_tokens where token = ${token}`;
	return row;
}

describe('auth: sign-up and sign-in', () => {
	test('sign-up with email and password, once confirmed, signs in and stores a bcrypt hash', async () => {
		const address = email('signup');
		await signUpByMail(address, { display_name: 'Anna Testerin' });
		const signedIn = await client().auth.signInWithPassword({ email: address, password: PASSWORD });
		expect(signedIn.error).toBeNull();
		const session = signedIn.data.session!;
		expect(session.user.email).toBe(address);
		expect(session.user.user_metadata).toMatchObject({ display_name: 'Anna Testerin' });
		expect(session.user.app_metadata).toEqual({ provider: 'email', providers: ['email'] });
		expect(session.user.identities?.[0]).toMatchObject({ provider: 'email', id: session.user.id });
		expect(session.token_type).toBe('bearer');
		expect(session.expires_in).toBeGreaterThan(3500);

		const [row] = await sql<{ encrypted_password: string; raw_user_meta_data: object }[]>`
			select encrypted_password, raw_user_meta_data from auth.users where email = ${address}`;
		expect(row!.encrypted_password).toMatch(/^\$2[aby]\$10\$/);
		expect(row!.raw_user_meta_data).toMatchObject({ display_name: 'Anna Testerin' });
	});

	test('sign-in with the right password works, a wrong one is invalid_credentials', async () => {
		const address = email('signin');
		await signUp(address);
		const ok = await client().auth.signInWithPassword({ email: address, password: PASSWORD });
		expect(ok.error).toBeNull();
		expect(ok.data.user?.email).toBe(address);

		for (const attempt of [
			{ email: address, password: 'not-the-password' },
			{ email: email('nobody'), password: PASSWORD }
		]) {
			const { data, error } = await client().auth.signInWithPassword(attempt);
			expect(data.session).toBeNull();
			expect(error).toMatchObject({
				status: 400,
				code: 'invalid_credentials',
				message: 'Invalid login credentials'
			});
		}
	});

	test('a wrong password takes as long for an unknown address as for a known one', async () => {
		const known = email('timing');
		await signUp(known);
		// Alternate the two addresses, so a busy machine (the app builds beside these tests) slows
		// both alike instead of whichever was measured first.
		const times: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
		const addresses = { known, unknown: email('nobody') };
		for (let i = 0; i < 7; i++) {
			for (const which of ['known', 'unknown'] as const) {
				const started = performance.now();
				await client().auth.signInWithPassword({
					email: addresses[which],
					password: 'not-the-password'
				});
				times[which].push(performance.now() - started);
			}
		}
		const median = (values: number[]) => values.sort((a, b) => a - b)[3]!;
		const [knownMs, unknownMs] = [median(times.known), median(times.unknown)];
		// bcrypt at cost 10 takes tens of milliseconds; skipping it for unknown addresses took ~5 ms.
		expect(unknownMs).toBeGreaterThan(knownMs * 0.5);
	});

	test('a weak password is refused with the reasons', async () => {
		const { error } = await client().auth.signUp({ email: email('weak'), password: 'short' });
		expect(error).toMatchObject({ status: 422, code: 'weak_password', reasons: ['length'] });
	});
});

describe('auth: access tokens', () => {
	test('carry exactly the claims GoTrue puts in, signed ES256 with a key of the JWKS', async () => {
		const address = email('claims');
		await signUp(address);
		const { data } = await client().auth.signInWithPassword({ email: address, password: PASSWORD });
		const session = data.session!;
		const { payload, protectedHeader } = await jwtVerify(
			session.access_token,
			createRemoteJWKSet(new URL(`${apiUrl}/auth/v1/.well-known/jwks.json`), {
				headers: { apikey: anonKey }
			})
		);
		expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: expect.any(String) });
		expect(Object.keys(payload)).toEqual([
			'iss',
			'sub',
			'aud',
			'exp',
			'iat',
			'email',
			'phone',
			'app_metadata',
			'user_metadata',
			'role',
			'aal',
			'amr',
			'session_id',
			'is_anonymous'
		]);
		expect(payload).toMatchObject({
			iss: `${apiUrl}/auth/v1`,
			sub: session.user.id,
			aud: 'authenticated',
			email: address,
			phone: '',
			app_metadata: { provider: 'email', providers: ['email'] },
			role: 'authenticated',
			aal: 'aal1',
			amr: [{ method: 'password', timestamp: expect.any(Number) }],
			is_anonymous: false
		});
		expect(payload.exp! - payload.iat!).toBe(3600);
		expect(session.expires_at).toBe(payload.exp);
		const [row] = await sql`select 1 from auth.sessions where id = ${payload.session_id as string}`;
		expect(row).toBeDefined();
	});

	test('PostgREST refuses a token signed with another secret and an expired one (401)', async () => {
		const now = Math.floor(Date.now() / 1000);
		const claims = { sub: randomUUID(), role: 'authenticated', aud: 'authenticated' };
		const forged = await new SignJWT(claims)
			.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
			.setIssuedAt(now)
			.setExpirationTime(now + 3600)
			.sign(new TextEncoder().encode('not-the-secret-of-this-stack-but-long-enough'));
		const expired = await new SignJWT(claims)
			.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
			.setIssuedAt(now - 7200)
			.setExpirationTime(now - 3600)
			.sign(new TextEncoder().encode(jwtSecret));
		const valid = await new SignJWT(claims)
			.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
			.setIssuedAt(now)
			.setExpirationTime(now + 3600)
			.sign(new TextEncoder().encode(jwtSecret));

		const rest = (token: string) =>
			fetch(`${apiUrl}/rest/v1/`, {
				headers: { apikey: anonKey, authorization: `Bearer ${token}` }
			});
		for (const token of [forged, expired]) {
			const res = await rest(token);
			expect(res.status).toBe(401);
			expect(await res.json()).toMatchObject({ message: expect.any(String) });
		}
		expect((await rest(valid)).status).toBe(200);
	});

	test('the auth service itself refuses them too (bad_jwt)', async () => {
		const now = Math.floor(Date.now() / 1000);
		const expired = await new SignJWT({ sub: randomUUID(), role: 'authenticated' })
			.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
			.setExpirationTime(now - 10)
			.sign(new TextEncoder().encode(jwtSecret));
		const { error } = await client().auth.getUser(expired);
		expect(error).toMatchObject({ status: 403, code: 'bad_jwt' });
	});
});

describe('auth: refresh tokens', () => {
	test('a refresh rotates the token; the parent reused returns the active child', async () => {
		const address = email('refresh');
		const first = await signUp(address);
		const auth = client().auth;

		const { data: one, error } = await auth.refreshSession({ refresh_token: first.refresh_token });
		expect(error).toBeNull();
		const second = one.session!;
		expect(second.refresh_token).not.toBe(first.refresh_token);
		expect(decodeJwt(second.access_token)).toMatchObject({
			session_id: decodeJwt(first.access_token).session_id,
			amr: [{ method: 'password' }]
		});
		expect(await refreshTokenRow(first.refresh_token)).toMatchObject({ revoked: true });
		expect(await refreshTokenRow(second.refresh_token)).toMatchObject({
			revoked: false,
			parent: first.refresh_token
		});

		// A client that lost the answer may present the old token again: it gets the active one.
		const again = await auth.refreshSession({ refresh_token: first.refresh_token });
		expect(again.error).toBeNull();
		expect(again.data.session!.refresh_token).toBe(second.refresh_token);
	});

	test('an unknown refresh token is refresh_token_not_found', async () => {
		const { error } = await client().auth.refreshSession({ refresh_token: 'abcdefghijkl' });
		expect(error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
	});
});

describe('auth: sign-out', () => {
	test('signing out revokes the session: refresh and getUser fail afterwards', async () => {
		const address = email('signout');
		await signUp(address);
		const supabase = client();
		const { data } = await supabase.auth.signInWithPassword({ email: address, password: PASSWORD });
		const session = data.session!;

		const { error } = await supabase.auth.signOut({ scope: 'local' });
		expect(error).toBeNull();
		const refresh = await client().auth.refreshSession({ refresh_token: session.refresh_token });
		expect(refresh.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
		const user = await client().auth.getUser(session.access_token);
		expect(user.error?.name).toBe('AuthSessionMissingError');
	});

	test('scope "others" ends the other sessions and keeps this one', async () => {
		const address = email('others');
		await signUp(address);
		const here = client();
		const elsewhere = await client().auth.signInWithPassword({
			email: address,
			password: PASSWORD
		});
		const { data } = await here.auth.signInWithPassword({ email: address, password: PASSWORD });

		expect((await here.auth.signOut({ scope: 'others' })).error).toBeNull();
		const gone = await client().auth.refreshSession({
			refresh_token: elsewhere.data.session!.refresh_token
		});
		expect(gone.error).toMatchObject({ code: 'refresh_token_not_found' });
		const kept = await client().auth.refreshSession({ refresh_token: data.session!.refresh_token });
		expect(kept.error).toBeNull();
	});
});

describe('auth: anonymous users', () => {
	test('an anonymous sign-in gets an authenticated, is_anonymous token and can add an email', async () => {
		const supabase = client();
		const { data, error } = await supabase.auth.signInAnonymously({
			options: { data: { locale: 'en' } }
		});
		expect(error).toBeNull();
		const claims = decodeJwt(data.session!.access_token);
		expect(claims).toMatchObject({
			role: 'authenticated',
			aud: 'authenticated',
			is_anonymous: true,
			email: '',
			app_metadata: {},
			user_metadata: { locale: 'en' },
			amr: [{ method: 'anonymous' }]
		});
		const [row] = await sql<{ is_anonymous: boolean; email: string | null }[]>`
			select is_anonymous, email from auth.users where id = ${claims.sub!}`;
		expect(row).toEqual({ is_anonymous: true, email: null });

		// With confirmations on, the address is the user's once the mailed link is opened.
		const address = email('converted');
		const updated = await supabase.auth.updateUser({ email: address });
		expect(updated.error).toBeNull();
		expect(updated.data.user).toMatchObject({ new_email: address, is_anonymous: true });
		await openLink((await lastMail(address)).link);
		const [after] = await sql<{ is_anonymous: boolean; email: string | null }[]>`
			select is_anonymous, email from auth.users where id = ${claims.sub!}`;
		expect(after).toEqual({ is_anonymous: false, email: address });
	});
});

describe('auth: mail links and codes', () => {
	test('a magic link from the outbox signs in (implicit flow: session in the fragment)', async () => {
		const address = email('magic');
		// An account that exists: for a new address, the mail would be the sign-up confirmation.
		await signUp(address);
		const supabase = client();
		const { error } = await supabase.auth.signInWithOtp({
			email: address,
			options: { emailRedirectTo: `${APP}/auth/callback` }
		});
		expect(error).toBeNull();
		const mail = await lastMail(address);
		expect(mail).toMatchObject({
			type: 'magiclink',
			to: address,
			redirect_to: `${APP}/auth/callback`
		});
		expect(mail.otp).toMatch(/^\d{6}$/);
		expect(mail.text).toContain(mail.link);

		const location = await openLink(mail.link);
		expect(`${location.origin}${location.pathname}`).toBe(`${APP}/auth/callback`);
		const fragment = new URLSearchParams(location.hash.slice(1));
		expect(fragment.get('type')).toBe('magiclink');
		expect(fragment.get('token_type')).toBe('bearer');
		expect(Number(fragment.get('expires_in'))).toBeGreaterThan(0);

		const session = await supabase.auth.setSession({
			access_token: fragment.get('access_token')!,
			refresh_token: fragment.get('refresh_token')!
		});
		expect(session.error).toBeNull();
		expect(session.data.user?.email).toBe(address);

		// The link is used up.
		const reused = await openLink(mail.link);
		expect(new URLSearchParams(reused.hash.slice(1)).get('error_code')).toBe('otp_expired');
	});

	test('with PKCE the link answers with ?code=, which exchangeCodeForSession redeems', async () => {
		const address = email('pkce');
		await signUp(address);
		const supabase = client({ flowType: 'pkce' });
		expect((await supabase.auth.signInWithOtp({ email: address })).error).toBeNull();
		const mail = await lastMail(address);
		expect(new URL(mail.link).searchParams.get('token')).toMatch(/^pkce_/);

		const location = await openLink(mail.link);
		expect(location.origin).toBe(APP);
		const code = location.searchParams.get('code');
		expect(code).toBeTruthy();
		const { data, error } = await supabase.auth.exchangeCodeForSession(code!);
		expect(error).toBeNull();
		expect(data.user?.email).toBe(address);
		expect(decodeJwt(data.session!.access_token).amr).toEqual([
			{ method: 'magiclink', timestamp: expect.any(Number) }
		]);
		// The code is used up.
		const twice = await fetch(`${apiUrl}/auth/v1/token?grant_type=pkce`, {
			method: 'POST',
			headers: { apikey: anonKey, 'content-type': 'application/json' },
			body: JSON.stringify({ auth_code: code, code_verifier: 'x'.repeat(43) })
		});
		expect(twice.status).toBe(404);
		expect(await twice.json()).toMatchObject({ error_code: 'flow_state_not_found' });
	});

	test('the code in the mail works with verifyOtp, once', async () => {
		const address = email('otp');
		await signUp(address);
		const supabase = client();
		expect((await supabase.auth.signInWithOtp({ email: address })).error).toBeNull();
		const { otp } = await lastMail(address);

		const wrong = await supabase.auth.verifyOtp({
			email: address,
			token: otp === '000000' ? '111111' : '000000',
			type: 'email'
		});
		expect(wrong.error).toMatchObject({ status: 403, code: 'otp_expired' });

		const { data, error } = await supabase.auth.verifyOtp({
			email: address,
			token: otp,
			type: 'email'
		});
		expect(error).toBeNull();
		expect(data.session?.user.email).toBe(address);
		expect(decodeJwt(data.session!.access_token).amr).toEqual([
			{ method: 'otp', timestamp: expect.any(Number) }
		]);

		const again = await client().auth.verifyOtp({ email: address, token: otp, type: 'email' });
		expect(again.error).toMatchObject({ code: 'otp_expired' });
	});

	test('five wrong guesses, from as many addresses, void the code: the right one no longer works', async () => {
		const address = email('guessed');
		await signUp(address);
		expect((await client().auth.signInWithOtp({ email: address })).error).toBeNull();
		const { otp, link } = await lastMail(address);
		const wrongCodes = ['000000', '111111', '222222', '333333', '444444', '555555']
			.filter((code) => code !== otp)
			.slice(0, 5);
		for (const token of wrongCodes) {
			const guess = await client().auth.verifyOtp({ email: address, token, type: 'email' });
			expect(guess.error).toMatchObject({ code: 'otp_expired' });
		}
		const right = await client().auth.verifyOtp({ email: address, token: otp, type: 'email' });
		expect(right.error).toMatchObject({ code: 'otp_expired' });
		expect(right.data.session).toBeNull();
		// The mailed link went with it; a new mail brings a new code that works.
		expect(
			new URLSearchParams((await openLink(link)).hash.slice(1)).get('access_token')
		).toBeNull();
		await new Promise((resolve) => setTimeout(resolve, 1100)); // max_frequency
		expect((await client().auth.signInWithOtp({ email: address })).error).toBeNull();
		const fresh = await lastMail(address);
		const ok = await client().auth.verifyOtp({ email: address, token: fresh.otp, type: 'email' });
		expect(ok.error).toBeNull();
	});

	test('signInWithOtp with shouldCreateUser false refuses unknown addresses', async () => {
		const { error } = await client().auth.signInWithOtp({
			email: email('unknown'),
			options: { shouldCreateUser: false }
		});
		expect(error).toMatchObject({ status: 422, code: 'otp_disabled' });
	});

	test('a password reset mail leads to a session in which the password can be changed', async () => {
		const address = email('recover');
		await signUp(address);
		const supabase = client();
		const { error } = await supabase.auth.resetPasswordForEmail(address, {
			redirectTo: `${APP}/konto/passwort`
		});
		expect(error).toBeNull();
		const mail = await lastMail(address);
		expect(mail.type).toBe('recovery');
		const fragment = new URLSearchParams((await openLink(mail.link)).hash.slice(1));
		expect(fragment.get('type')).toBe('recovery');
		await supabase.auth.setSession({
			access_token: fragment.get('access_token')!,
			refresh_token: fragment.get('refresh_token')!
		});
		expect(
			(await supabase.auth.updateUser({ password: 'Ganz-neues-Passwort-1' })).error
		).toBeNull();
		const signIn = await client().auth.signInWithPassword({
			email: address,
			password: 'Ganz-neues-Passwort-1'
		});
		expect(signIn.error).toBeNull();
	});

	test('a redirect_to outside the allow-list falls back to the site URL', async () => {
		const address = email('evil');
		await client().auth.signInWithOtp({
			email: address,
			options: { emailRedirectTo: 'https://evil.example/steal' }
		});
		const mail = await lastMail(address);
		expect(mail.redirect_to).toBe(SITE_URL);
		expect((await openLink(mail.link)).origin).toBe(APP);
	});

	test('the outbox page lists mails with their links, everything escaped', async () => {
		const address = `o'brien&co-${randomUUID().slice(0, 6)}@example.com`;
		await client().auth.signInWithOtp({ email: address });
		const res = await fetch(`${apiUrl}/_dev/outbox`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/text\/html/);
		const html = await res.text();
		expect(html).toContain('<html lang="en">');
		expect(html).toContain(address.replace('&', '&amp;').replace("'", '&#39;'));
		expect(html).not.toContain(address);
		expect(html).toMatch(/<a href="http:\/\/127\.0\.0\.1:\d+\/auth\/v1\/verify\?token=/);
	});
});

describe("auth: @supabase/ssr (the app's server client)", () => {
	/** A cookie jar standing in for the browser across "requests". */
	function ssrClient(jar: Map<string, string>) {
		return createServerClient(apiUrl, anonKey, {
			global: { headers: { 'x-forwarded-for': randomIp() } },
			cookies: {
				getAll: () => [...jar].map(([name, value]) => ({ name, value })),
				setAll: (cookies) => {
					for (const { name, value } of cookies) {
						if (value) jar.set(name, value);
						else jar.delete(name);
					}
				}
			}
		});
	}

	test('a PKCE magic link and a password sign-in end in a cookie session getUser accepts', async () => {
		const address = email('ssr');
		await signUp(address);
		const jar = new Map<string, string>();
		const { error } = await ssrClient(jar).auth.signInWithOtp({
			email: address,
			options: { emailRedirectTo: `${APP}/auth/callback` }
		});
		expect(error).toBeNull();
		const location = await openLink((await lastMail(address)).link);
		const code = location.searchParams.get('code')!;
		// The callback request: a new client on the same cookies redeems the code.
		const exchanged = await ssrClient(jar).auth.exchangeCodeForSession(code);
		expect(exchanged.error).toBeNull();
		const user = await ssrClient(jar).auth.getUser();
		expect(user.data.user?.email).toBe(address);

		const other = new Map<string, string>();
		const signIn = await ssrClient(other).auth.signInWithPassword({
			email: address,
			password: PASSWORD
		});
		expect(signIn.error).toBeNull();
		expect([...other.keys()].some((name) => name.endsWith('-auth-token'))).toBe(true);
		expect((await ssrClient(other).auth.getUser()).data.user?.id).toBe(user.data.user?.id);
	});
});

describe('auth: user updates', () => {
	test('updateUser merges metadata (null removes a key); the next token carries it', async () => {
		const address = email('meta');
		const supabase = client();
		await signUpByMail(address, { display_name: 'Alt', theme: 'dark' });
		const { data: signedIn } = await supabase.auth.signInWithPassword({
			email: address,
			password: PASSWORD
		});

		const { data, error } = await supabase.auth.updateUser({
			data: { display_name: 'Neu', locale: 'en', theme: null }
		});
		expect(error).toBeNull();
		expect(data.user!.user_metadata).toMatchObject({ display_name: 'Neu', locale: 'en' });
		expect(data.user!.user_metadata).not.toHaveProperty('theme');
		expect(data.user!.user_metadata).toHaveProperty('email', address);

		const refreshed = await client().auth.refreshSession({
			refresh_token: signedIn.session!.refresh_token
		});
		expect(decodeJwt(refreshed.data.session!.access_token).user_metadata).toMatchObject({
			display_name: 'Neu',
			locale: 'en'
		});
	});

	test('a user may not set their own app_metadata', async () => {
		const address = email('appmeta');
		const session = await signUp(address);
		const res = await fetch(`${apiUrl}/auth/v1/user`, {
			method: 'PUT',
			headers: {
				apikey: anonKey,
				authorization: `Bearer ${session.access_token}`,
				'content-type': 'application/json'
			},
			body: JSON.stringify({ app_metadata: { role: 'admin' } })
		});
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({ code: 403, error_code: 'not_admin' });
	});

	test('changing the password signs out the other sessions', async () => {
		const address = email('password');
		const other = await signUp(address);
		const supabase = client();
		await supabase.auth.signInWithPassword({ email: address, password: PASSWORD });
		expect(
			(await supabase.auth.updateUser({ password: 'Ein-anderes-Passwort-2' })).error
		).toBeNull();
		const refresh = await client().auth.refreshSession({ refresh_token: other.refresh_token });
		expect(refresh.error).toMatchObject({ code: 'refresh_token_not_found' });
		const old = await client().auth.signInWithPassword({ email: address, password: PASSWORD });
		expect(old.error).toMatchObject({ code: 'invalid_credentials' });
	});
});

describe('auth: admin API', () => {
	test('the service role creates, lists, reads, updates and deletes users', async () => {
		const admin = client({ key: serviceRoleKey }).auth.admin;
		const address = email('admin');
		const created = await admin.createUser({
			email: address,
			password: PASSWORD,
			email_confirm: true,
			user_metadata: { display_name: 'Vom Admin' },
			app_metadata: { department: 'digital' }
		});
		expect(created.error).toBeNull();
		const user = created.data.user!;
		expect(user).toMatchObject({
			email: address,
			role: 'authenticated',
			app_metadata: { provider: 'email', providers: ['email'], department: 'digital' },
			user_metadata: { display_name: 'Vom Admin' }
		});
		expect(user.email_confirmed_at).toBeTruthy();
		const signIn = await client().auth.signInWithPassword({ email: address, password: PASSWORD });
		expect(signIn.error).toBeNull();

		const list = await admin.listUsers({ page: 1, perPage: 1 });
		expect(list.error).toBeNull();
		expect(list.data.users).toHaveLength(1);
		expect(list.data.users[0]!.id).toBe(user.id); // newest first
		const [row] = await sql<{ count: number }[]>`select count(*)::int as count from auth.users`;
		expect(list.data).toMatchObject({ total: row!.count, nextPage: row!.count > 1 ? 2 : null });

		const fetched = await admin.getUserById(user.id);
		expect(fetched.data.user?.email).toBe(address);
		const updated = await admin.updateUserById(user.id, { user_metadata: { display_name: 'Neu' } });
		expect(updated.data.user?.user_metadata).toMatchObject({ display_name: 'Neu' });

		expect((await admin.deleteUser(user.id)).error).toBeNull();
		const gone = await admin.getUserById(user.id);
		expect(gone.error).toMatchObject({ status: 404, code: 'user_not_found' });
		expect(await sql`select 1 from auth.users where id = ${user.id}`).toHaveLength(0);
	});

	test('generate_link returns the link and code without sending a mail', async () => {
		const address = email('generated');
		await signUp(address);
		const { data, error } = await client({ key: serviceRoleKey }).auth.admin.generateLink({
			type: 'magiclink',
			email: address,
			options: { redirectTo: `${APP}/konto` }
		});
		expect(error).toBeNull();
		expect(data.user?.email).toBe(address);
		expect(data.properties).toMatchObject({
			verification_type: 'magiclink',
			redirect_to: `${APP}/konto`,
			email_otp: expect.stringMatching(/^\d{6}$/)
		});
		expect(await mails(address)).toHaveLength(0);
		const location = await openLink(data.properties!.action_link);
		expect(location.pathname).toBe('/konto');
		expect(new URLSearchParams(location.hash.slice(1)).get('access_token')).toBeTruthy();
	});

	test('the anon key and a user token are refused with not_admin', async () => {
		const viaAnon = await client().auth.admin.listUsers();
		expect(viaAnon.error).toMatchObject({ status: 403, code: 'not_admin' });

		const session = await signUp(email('notadmin'));
		const res = await fetch(`${apiUrl}/auth/v1/admin/users`, {
			headers: {
				apikey: anonKey,
				authorization: `Bearer ${session.access_token}`,
				'x-supabase-api-version': '2024-01-01'
			}
		});
		expect(res.status).toBe(403);
		expect(await res.json()).toEqual({ code: 'not_admin', message: 'User not allowed' });
	});
});

describe('auth: health and settings', () => {
	test('answer as GoTrue does', async () => {
		const health = await fetch(`${apiUrl}/auth/v1/health`, { headers: { apikey: anonKey } });
		expect(await health.json()).toMatchObject({ name: 'GoTrue' });
		const settings = await fetch(`${apiUrl}/auth/v1/settings`, { headers: { apikey: anonKey } });
		expect(await settings.json()).toMatchObject({
			external: { email: true, anonymous_users: true, phone: false, github: false },
			disable_signup: false,
			mailer_autoconfirm: false
		});
	});
});

/**
 * A second auth service on the test database with its own [auth] settings, served the way the
 * gateway serves it, for behaviour that depends on settings (timings, limits, confirmations).
 */
async function ownAuth(
	toml: string
): Promise<{ url: string; log: string[]; close(): Promise<void> }> {
	const log: string[] = [];
	const db = postgres(dbUrl, { max: 2, onnotice: () => {} });
	const server: Server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const signer = await newSigningKey();
	const sink = await startMailSink(0);
	const service = createAuthService({
		sql: db,
		keys: await importJwtKeys(signer.privateJwk, { keys: [publicJwk(signer)] }, jwtSecret),
		config: readAuthConfig(toml),
		apiUrl: url,
		smtpUrl: sink.url,
		log: (line) => log.push(line)
	});
	server.on('request', (req, res) => {
		const path = req.url ?? '/';
		if (path.startsWith('/_dev/outbox')) {
			serveOutbox(sink.outbox, req, res, path.slice('/_dev/outbox'.length));
		} else {
			void service.handle(req, res, path.replace(/^\/auth\/v1/, ''));
		}
	});
	return {
		url,
		log,
		async close() {
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await service.close();
			await sink.close();
			await db.end({ timeout: 5 });
		}
	};
}

describe('auth: refresh token reuse after the reuse interval', () => {
	let own: Awaited<ReturnType<typeof ownAuth>>;
	beforeAll(async () => {
		own = await ownAuth(`[auth]
site_url = "${APP}"
refresh_token_reuse_interval = 1
`);
	});
	afterAll(() => own.close());

	test('an old token is rejected and the whole session family revoked', async () => {
		const auth = client({ url: own.url }).auth;
		const address = email('reuse');
		const { data } = await auth.signUp({ email: address, password: PASSWORD });
		const t0 = data.session!.refresh_token;
		const t1 = (await auth.refreshSession({ refresh_token: t0 })).data.session!.refresh_token;
		const t2 = (await auth.refreshSession({ refresh_token: t1 })).data.session!.refresh_token;

		await new Promise((resolve) => setTimeout(resolve, 1200));
		const reuse = await auth.refreshSession({ refresh_token: t0 });
		expect(reuse.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' });
		const { session_id: sessionId } = (await refreshTokenRow(t2))!;
		expect(
			await sql`select 1 from auth.refresh_tokens where session_id = ${sessionId} and not revoked`
		).toHaveLength(0);

		// Even the newest token is dead once its own reuse interval has passed.
		await new Promise((resolve) => setTimeout(resolve, 1200));
		const latest = await auth.refreshSession({ refresh_token: t2 });
		expect(latest.error).toMatchObject({ code: 'refresh_token_already_used' });
	});
});

describe('auth: sessions end after inactivity ([auth.sessions] inactivity_timeout)', () => {
	let own: Awaited<ReturnType<typeof ownAuth>>;
	beforeAll(async () => {
		own = await ownAuth(`[auth]
site_url = "${APP}"
[auth.sessions]
inactivity_timeout = "2s"
`);
	});
	afterAll(() => own.close());

	test('a refresh within the timeout renews the session; one after it is session_expired', async () => {
		const auth = client({ url: own.url }).auth;
		const address = email('idle');
		await signUp(address);
		const { data } = await auth.signInWithPassword({ email: address, password: PASSWORD });
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const renewed = await auth.refreshSession({ refresh_token: data.session!.refresh_token });
		expect(renewed.error).toBeNull();
		await new Promise((resolve) => setTimeout(resolve, 2500));
		const idle = await auth.refreshSession({ refresh_token: renewed.data.session!.refresh_token });
		expect(idle.error).toMatchObject({ status: 400, code: 'session_expired' });
	});
});

describe('auth: with email confirmations off (as GoTrue with mailer_autoconfirm)', () => {
	let own: Awaited<ReturnType<typeof ownAuth>>;
	beforeAll(async () => {
		own = await ownAuth(`[auth]
site_url = "${APP}"
[auth.email]
enable_confirmations = false
`);
	});
	afterAll(() => own.close());

	test('sign-up returns a session at once; a second one with the same address is refused', async () => {
		const auth = client({ url: own.url }).auth;
		const address = email('twice');
		const first = await auth.signUp({ email: address, password: PASSWORD });
		expect(first.error).toBeNull();
		expect(first.data.session).not.toBeNull();
		const { error } = await auth.signUp({ email: address, password: PASSWORD });
		expect(error).toMatchObject({ status: 422, code: 'user_already_exists' });
	});
});

describe('auth: with email confirmations on (own instance)', () => {
	let own: Awaited<ReturnType<typeof ownAuth>>;
	beforeAll(async () => {
		own = await ownAuth(`[auth]
site_url = "${APP}"
[auth.rate_limit]
email_sent = 100
[auth.email]
enable_confirmations = true
max_frequency = "0s"
`);
	});
	afterAll(() => own.close());

	test('sign-up mails a confirmation link and returns no session until it is opened', async () => {
		const auth = client({ url: own.url }).auth;
		const address = email('confirm');
		const { data, error } = await auth.signUp({ email: address, password: PASSWORD });
		expect(error).toBeNull();
		expect(data.session).toBeNull();
		expect(data.user).toMatchObject({ email: address });
		expect(data.user?.email_confirmed_at).toBeUndefined();

		const early = await auth.signInWithPassword({ email: address, password: PASSWORD });
		expect(early.error).toMatchObject({ code: 'email_not_confirmed' });

		const mail = await lastMail(address, own.url);
		expect(mail.type).toBe('signup');
		const fragment = new URLSearchParams((await openLink(mail.link)).hash.slice(1));
		expect(fragment.get('type')).toBe('signup');
		expect(fragment.get('access_token')).toBeTruthy();
		const signIn = await auth.signInWithPassword({ email: address, password: PASSWORD });
		expect(signIn.error).toBeNull();
		expect(signIn.data.user?.email_confirmed_at).toBeTruthy();
	});

	test('resend mails a new code, which verifyOtp accepts as a signup confirmation', async () => {
		const auth = client({ url: own.url }).auth;
		const address = email('resend');
		await auth.signUp({ email: address, password: PASSWORD });
		expect((await auth.resend({ type: 'signup', email: address })).error).toBeNull();
		const [latest, first] = await mails(address, own.url);
		expect(first!.type).toBe('signup');
		expect(latest!.type).toBe('signup');
		const stale = await auth.verifyOtp({ email: address, token: first!.otp, type: 'signup' });
		expect(stale.error).toMatchObject({ code: 'otp_expired' });
		const { data, error } = await auth.verifyOtp({
			email: address,
			token: latest!.otp,
			type: 'signup'
		});
		expect(error).toBeNull();
		expect(data.user?.email_confirmed_at).toBeTruthy();
	});

	test('the log has one line per request, without addresses or secrets', async () => {
		const address = email('log');
		own.log.length = 0;
		await client({ url: own.url }).auth.signUp({ email: address, password: PASSWORD });
		await client({ url: own.url }).auth.signInWithPassword({ email: address, password: PASSWORD });
		expect(own.log).toEqual([
			expect.stringMatching(/^auth: POST \/signup 200 \d+ms$/),
			expect.stringMatching(/^auth: POST \/token 400 \d+ms$/)
		]);
	});

	test('signing up again with a registered address does not reveal it', async () => {
		const address = email('decoy');
		const auth = client({ url: own.url }).auth;
		const first = await auth.signUp({ email: address, password: PASSWORD });
		const link = (await lastMail(address, own.url)).link;
		await openLink(link);
		const again = await auth.signUp({ email: address, password: PASSWORD });
		expect(again.error).toBeNull();
		expect(again.data.user?.id).not.toBe(first.data.user?.id);
	});
});

describe('auth: rate limits', () => {
	let own: Awaited<ReturnType<typeof ownAuth>>;
	beforeAll(async () => {
		own = await ownAuth(`[auth]
site_url = "${APP}"
enable_anonymous_sign_ins = true
[auth.rate_limit]
sign_in_sign_ups = 2
anonymous_users = 1
token_verifications = 2
[auth.email]
max_frequency = "60s"
`);
	});
	afterAll(() => own.close());

	test('sign-ups per IP address', async () => {
		const ip = randomIp();
		const auth = client({ url: own.url, ip }).auth;
		for (let i = 0; i < 2; i++) {
			expect((await auth.signUp({ email: email('limit'), password: PASSWORD })).error).toBeNull();
		}
		const third = await auth.signUp({ email: email('limit'), password: PASSWORD });
		expect(third.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' });
		const elsewhere = await client({ url: own.url }).auth.signUp({
			email: email('limit'),
			password: PASSWORD
		});
		expect(elsewhere.error).toBeNull();
	});

	test('anonymous sign-ins per IP address', async () => {
		const auth = client({ url: own.url, ip: randomIp() }).auth;
		expect((await auth.signInAnonymously()).error).toBeNull();
		expect((await auth.signInAnonymously()).error).toMatchObject({
			status: 429,
			code: 'over_request_rate_limit'
		});
	});

	test('verifications per IP address', async () => {
		const auth = client({ url: own.url, ip: randomIp() }).auth;
		const attempt = () => auth.verifyOtp({ email: email('v'), token: '123456', type: 'email' });
		expect((await attempt()).error).toMatchObject({ code: 'otp_expired' });
		expect((await attempt()).error).toMatchObject({ code: 'otp_expired' });
		expect((await attempt()).error).toMatchObject({ status: 429, code: 'over_request_rate_limit' });
	});

	test('mails to one address at most every max_frequency', async () => {
		const address = email('often');
		const first = await client({ url: own.url }).auth.signInWithOtp({ email: address });
		expect(first.error).toBeNull();
		const second = await client({ url: own.url }).auth.signInWithOtp({ email: address });
		expect(second.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' });
		expect(await mails(address, own.url)).toHaveLength(1);
	});
});
