import type { SupabaseClient } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { MAX_CODE_TRIES } from '../../stack/auth/verification.ts';
import { client, email, lastMail, mails, PASSWORD, signUp } from './support/auth.ts';

const { dbUrl } = inject('stack');
const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
afterAll(() => sql.end({ timeout: 5 }));

const DAY = 24 * 60;

/** A signed-in client whose session was created `minutes` ago. */
async function sessionAged(address: string, minutes: number): Promise<SupabaseClient> {
	const session = await signUp(address);
	const supabase = client();
	await supabase.auth.setSession(session);
	const { session_id } = decodeJwt(session.access_token) as { session_id: string };
	await sql`update auth.sessions set created_at = now() - make_interval(mins => ${minutes})
		where id = ${session_id}`;
	return supabase;
}

async function signsInWith(address: string, password: string): Promise<boolean> {
	const { error } = await client().auth.signInWithPassword({ email: address, password });
	return error === null;
}

/** supabase/config.toml turns on secure_password_change ([auth.email]). */
describe('auth: reauthentication before a password change', () => {
	test('reauthenticate() mails a code without a link and stores only its hash', async () => {
		const address = email('reauth');
		const supabase = await sessionAged(address, 0);
		const { error } = await supabase.auth.reauthenticate();
		expect(error).toBeNull();
		const mail = await lastMail(address);
		expect(mail).toMatchObject({ type: 'reauthentication', link: '' });
		expect(mail.otp).toMatch(/^\d{6}$/);
		expect(mail.text).toContain(mail.otp);
		expect(mail.text).not.toContain('/verify');
		const [row] = await sql<{ reauthentication_token: string; token_hash: string }[]>`
			select u.reauthentication_token, t.token_hash from auth.users u
			join auth.one_time_tokens t on t.user_id = u.id and t.token_type = 'reauthentication_token'
			where u.email = ${address} and u.reauthentication_sent_at > now() - interval '1 minute'`;
		expect(row?.reauthentication_token).toMatch(/^[0-9a-f]{56}$/);
		expect(row?.token_hash).toBe(row?.reauthentication_token);
	});

	test('a session younger than a day changes the password without a nonce', async () => {
		const address = email('fresh');
		const supabase = await sessionAged(address, DAY - 5);
		expect((await supabase.auth.updateUser({ password: 'Neues-Passwort-1' })).error).toBeNull();
		expect(await signsInWith(address, 'Neues-Passwort-1')).toBe(true);
	});

	test('an older session needs the mailed nonce, once', async () => {
		const address = email('old-session');
		const supabase = await sessionAged(address, DAY + 5);
		const needed = await supabase.auth.updateUser({ password: 'Neues-Passwort-2' });
		expect(needed.error).toMatchObject({ status: 400, code: 'reauthentication_needed' });

		const early = await supabase.auth.updateUser({ password: 'Neues-Passwort-2', nonce: '123456' });
		expect(early.error).toMatchObject({ status: 422, code: 'reauthentication_not_valid' });

		expect((await supabase.auth.reauthenticate()).error).toBeNull();
		const { otp } = await lastMail(address);
		const wrong = String((Number(otp) + 1) % 1_000_000).padStart(6, '0');
		const refused = await supabase.auth.updateUser({ password: 'Neues-Passwort-2', nonce: wrong });
		expect(refused.error).toMatchObject({ status: 422, code: 'reauthentication_not_valid' });
		expect(await signsInWith(address, PASSWORD)).toBe(true);

		const changed = await supabase.auth.updateUser({ password: 'Neues-Passwort-2', nonce: otp });
		expect(changed.error).toBeNull();
		expect(await signsInWith(address, 'Neues-Passwort-2')).toBe(true);

		const again = await supabase.auth.updateUser({ password: 'Neues-Passwort-3', nonce: otp });
		expect(again.error).toMatchObject({ status: 422, code: 'reauthentication_not_valid' });
	});

	test('other changes of an old session need no nonce', async () => {
		const supabase = await sessionAged(email('metadata'), 2 * DAY);
		const { error } = await supabase.auth.updateUser({ data: { locale: 'en' } });
		expect(error).toBeNull();
	});

	test(`${MAX_CODE_TRIES} wrong nonces void the mailed one`, async () => {
		const address = email('guesser');
		const supabase = await sessionAged(address, DAY + 60);
		expect((await supabase.auth.reauthenticate()).error).toBeNull();
		const { otp } = await lastMail(address);
		for (let i = 1; i <= MAX_CODE_TRIES; i++) {
			const guess = String((Number(otp) + i) % 1_000_000).padStart(6, '0');
			await supabase.auth.updateUser({ password: 'Neues-Passwort-4', nonce: guess });
		}
		const late = await supabase.auth.updateUser({ password: 'Neues-Passwort-4', nonce: otp });
		expect(late.error).toMatchObject({ code: 'reauthentication_not_valid' });
		expect(await signsInWith(address, PASSWORD)).toBe(true);
	});

	test('a second nonce within max_frequency is refused', async () => {
		const address = email('twice');
		const supabase = await sessionAged(address, 0);
		expect((await supabase.auth.reauthenticate()).error).toBeNull();
		const second = await supabase.auth.reauthenticate();
		expect(second.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' });
		expect(await mails(address)).toHaveLength(1);
	});
});
