import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createClient, type Session, type SupabaseClient } from '@supabase/supabase-js';
import { expect, inject } from 'vitest';
import { readAuthConfig } from '../../../stack/auth/index.ts';
import type { Mail } from '../../../stack/mail/outbox.ts';

/** What tests of the auth service share: supabase-js clients, test accounts and the dev outbox. */

const { apiUrl, anonKey, serviceRoleKey } = inject('stack');

/** config.toml's site_url: where every redirect falls back to; APP is its origin. */
export const SITE_URL = readAuthConfig(
	readFileSync(new URL('../../../supabase/config.toml', import.meta.url), 'utf8')
).siteUrl;
export const APP = new URL(SITE_URL).origin;

/**
 * Each client comes from its own (made-up) address: the gateway passes X-Forwarded-For from
 * loopback through, so these tests do not eat the rate-limit budget of 127.0.0.1.
 */
export const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

export function client(
	opts: { key?: string; url?: string; flowType?: 'implicit' | 'pkce'; ip?: string } = {}
): SupabaseClient {
	return createClient(opts.url ?? apiUrl, opts.key ?? anonKey, {
		global: { headers: { 'x-forwarded-for': opts.ip ?? randomIp() } },
		auth: {
			persistSession: false,
			autoRefreshToken: false,
			detectSessionInUrl: false,
			flowType: opts.flowType ?? 'implicit'
		}
	});
}

export const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;
export const PASSWORD = 'Stadtidee-2026!';

/**
 * A confirmed account with a session. Made through the admin API, so no mail is sent (tests read
 * the outbox); the sign-up flow itself is tested on its own.
 */
export async function signUp(address: string, password = PASSWORD, data = {}): Promise<Session> {
	const made = await client({ key: serviceRoleKey }).auth.admin.createUser({
		email: address,
		password,
		email_confirm: true,
		user_metadata: data
	});
	expect(made.error).toBeNull();
	const signedIn = await client().auth.signInWithPassword({ email: address, password });
	expect(signedIn.error).toBeNull();
	return signedIn.data.session!;
}

export async function mails(to: string, base = apiUrl): Promise<Mail[]> {
	const res = await fetch(`${base}/_dev/outbox/messages?to=${encodeURIComponent(to)}`);
	expect(res.status).toBe(200);
	return (await res.json()) as Mail[];
}

export async function lastMail(to: string, base = apiUrl): Promise<Mail> {
	const [mail] = await mails(to, base);
	expect(mail, `a mail to ${to}`).toBeDefined();
	return mail!;
}

/** Opens a mail link like a browser would, without following the redirect. */
export async function openLink(link: string): Promise<URL> {
	const res = await fetch(link, { redirect: 'manual' });
	expect(res.status).toBe(303);
	return new URL(res.headers.get('location')!);
}
