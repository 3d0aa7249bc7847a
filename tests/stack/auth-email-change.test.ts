import { describe, expect, inject, test } from 'vitest';
import { APP, client, email, lastMail, mails, openLink, PASSWORD, signUp } from './support/auth.ts';

const { serviceRoleKey } = inject('stack');

const admin = () => client({ key: serviceRoleKey }).auth.admin;

async function signsIn(address: string): Promise<boolean> {
	const { error } = await client().auth.signInWithPassword({ email: address, password: PASSWORD });
	return error === null;
}

async function currentEmail(userId: string): Promise<string | undefined> {
	return (await admin().getUserById(userId)).data.user?.email;
}

/** A signed-in resident who asked to move from `old` to `next`. */
async function askForChange(tag: string) {
	const old = email(`${tag}-old`);
	const next = email(`${tag}-new`);
	const session = await signUp(old);
	const supabase = client();
	await supabase.auth.setSession(session);
	const { data, error } = await supabase.auth.updateUser(
		{ email: next },
		{ emailRedirectTo: `${APP}/konto` }
	);
	expect(error).toBeNull();
	expect(data.user).toMatchObject({ email: old, new_email: next });
	return { old, next, userId: session.user.id };
}

/** supabase/config.toml: enable_confirmations and double_confirm_changes are on. */
describe('auth: changing the email address', () => {
	test('both addresses get a mail; the change waits for the second confirmation', async () => {
		const { old, next, userId } = await askForChange('links');
		const toOld = await lastMail(old);
		const toNew = await lastMail(next);
		expect([toOld.type, toNew.type]).toEqual(['email_change', 'email_change']);
		expect(toOld.redirect_to).toBe(`${APP}/konto`);
		expect(toOld.otp).not.toBe(toNew.otp);

		const pending = await openLink(toNew.link);
		expect(pending.pathname).toBe('/konto');
		expect(new URLSearchParams(pending.hash.slice(1)).get('message')).toMatch(
			/proceed to confirm link sent to the other email/
		);
		expect(await currentEmail(userId)).toBe(old);
		expect(await signsIn(old)).toBe(true);
		expect(await signsIn(next)).toBe(false);

		const done = new URLSearchParams((await openLink(toOld.link)).hash.slice(1));
		expect(done.get('type')).toBe('email_change');
		expect(done.get('access_token')).toBeTruthy();
		expect(await currentEmail(userId)).toBe(next);
		expect(await signsIn(next)).toBe(true);
		expect(await signsIn(old)).toBe(false);
	});

	test('the codes work as well as the links: verifyOtp({ type: "email_change" })', async () => {
		const { old, next, userId } = await askForChange('codes');
		const first = await client().auth.verifyOtp({
			email: old,
			token: (await lastMail(old)).otp,
			type: 'email_change'
		});
		expect(first.error).toBeNull();
		expect(first.data).toEqual({ user: null, session: null });
		expect(await currentEmail(userId)).toBe(old);

		const second = await client().auth.verifyOtp({
			email: next,
			token: (await lastMail(next)).otp,
			type: 'email_change'
		});
		expect(second.error).toBeNull();
		expect(second.data.session?.user.email).toBe(next);
		expect(await currentEmail(userId)).toBe(next);
	});

	test('one address confirming twice does not complete the change', async () => {
		const { old, userId } = await askForChange('twice');
		const { link } = await lastMail(old);
		await openLink(link);
		const again = new URLSearchParams((await openLink(link)).hash.slice(1));
		expect(again.get('error_code')).toBe('otp_expired');
		expect(await currentEmail(userId)).toBe(old);
	});
});

describe('auth: generate_link for an email change', () => {
	test('email_change_current and email_change_new: GoTrue’s answer, no mail, both links needed', async () => {
		const old = email('gen-old');
		const next = email('gen-new');
		const { user } = await signUp(old);
		const links = [];
		for (const type of ['email_change_current', 'email_change_new'] as const) {
			const { data, error } = await admin().generateLink({
				type,
				email: old,
				newEmail: next,
				options: { redirectTo: `${APP}/konto` }
			});
			expect(error).toBeNull();
			expect(data.user).toMatchObject({ id: user.id, email: old, new_email: next });
			expect(data.properties).toEqual({
				action_link: expect.stringContaining('/auth/v1/verify?'),
				email_otp: expect.stringMatching(/^\d{6}$/),
				hashed_token: expect.stringMatching(/^[0-9a-f]{56}$/),
				verification_type: type,
				redirect_to: `${APP}/konto`
			});
			const link = new URL(data.properties!.action_link);
			expect(Object.fromEntries(link.searchParams)).toEqual({
				token: data.properties!.hashed_token,
				type: 'email_change',
				redirect_to: `${APP}/konto`
			});
			links.push(data.properties!.action_link);
		}
		expect(await mails(old)).toHaveLength(0);
		expect(await mails(next)).toHaveLength(0);

		await openLink(links[1]!);
		expect(await currentEmail(user.id)).toBe(old);
		const done = new URLSearchParams((await openLink(links[0]!)).hash.slice(1));
		expect(done.get('access_token')).toBeTruthy();
		expect(await currentEmail(user.id)).toBe(next);
	});

	test('the hashed token and the code of email_change_new verify', async () => {
		const old = email('hash-old');
		const next = email('hash-new');
		const { user } = await signUp(old);
		const generate = async (type: 'email_change_current' | 'email_change_new') =>
			(await admin().generateLink({ type, email: old, newEmail: next })).data.properties!;
		const current = await generate('email_change_current');
		const fresh = await generate('email_change_new');
		const byHash = await client().auth.verifyOtp({
			token_hash: fresh.hashed_token,
			type: 'email_change'
		});
		expect(byHash.error).toBeNull();
		expect(await currentEmail(user.id)).toBe(old);
		const byCode = await client().auth.verifyOtp({
			email: old,
			token: current.email_otp,
			type: 'email_change'
		});
		expect(byCode.error).toBeNull();
		expect(byCode.data.session?.user.email).toBe(next);
	});

	test('refusals as GoTrue: unknown user, missing or taken new address', async () => {
		const old = email('refused');
		await signUp(old);
		const taken = email('taken');
		await signUp(taken);
		const cases = [
			[{ email: email('nobody'), newEmail: email('x') }, 404, 'user_not_found'],
			[{ email: old, newEmail: '' }, 400, 'validation_failed'],
			[{ email: old, newEmail: taken }, 422, 'email_exists']
		] as const;
		for (const [params, status, code] of cases) {
			const { error } = await admin().generateLink({ type: 'email_change_new', ...params });
			expect(error, JSON.stringify(params)).toMatchObject({ status, code });
		}
	});
});
