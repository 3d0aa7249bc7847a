import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import {
	type Actor,
	createCast,
	createUser,
	createUnconfirmedUser,
	expectCode,
	sql
} from './helpers.ts';

/**
 * Staff invitations (ADR 015): only admins invite; the token is random, stored only as its hash,
 * single-use, expires after 7 days and can be revoked; only the invited (confirmed) address
 * accepts, and gets the role, departments and scope.
 */

let admin: Actor;
let department: number;

beforeAll(async () => {
	admin = await createUser({ role: 'admin' });
	const [row] = await sql<{ id: number }[]>`select id from public.departments order by id limit 1`;
	department = row!.id;
});

/** The token the worker would mail (taken from its outbox, as the worker does). */
async function tokenOf(invitation: string): Promise<string> {
	const [row] = await sql<{ token: string }[]>`
		select token from private.invitation_mails where invitation_id = ${invitation}`;
	return row!.token;
}

async function invite(email: string, role = 'staff', departments: number[] = [], scoped = false) {
	const { data, error } = await admin.client.rpc('invite_staff', {
		email,
		role,
		departments,
		scoped
	});
	expect(error).toBeNull();
	return data as string;
}

describe('inviting', () => {
	test('only admins invite', async () => {
		const cast = await createCast();
		for (const actor of [cast.anon, cast.citizen, cast.moderator, cast.staff]) {
			const { error } = await actor.client.rpc('invite_staff', {
				email: 'jemand@example.org',
				role: 'admin'
			});
			expect(error, actor.name).not.toBeNull();
			const read = await actor.client.rpc('admin_staff_invitations');
			expect(read.error, actor.name).not.toBeNull();
		}
		const [row] = await sql`select count(*)::int as n from private.staff_invitations
			where email = 'jemand@example.org'`;
		expect(row!.n).toBe(0);
	});

	test('bad input is refused with a clear code', async () => {
		const cases: [Record<string, unknown>, string][] = [
			[{ email: 'keine-adresse', role: 'staff' }, 'email_invalid'],
			[{ email: 'a@example.org', role: 'citizen' }, 'role_invalid'],
			[
				{ email: 'a@example.org', role: 'moderator', departments: [department] },
				'member_not_staff'
			],
			[{ email: 'a@example.org', role: 'staff', departments: [32000] }, 'department_unknown'],
			[{ email: 'a@example.org', role: 'staff', scoped: true }, 'scope_not_staff']
		];
		for (const [args, code] of cases) {
			const { error } = await admin.client.rpc('invite_staff', args);
			expectCode(error, code);
		}
	});

	test('the token is random, kept only as its hash, and unreadable through the API', async () => {
		const id = await invite('hash@example.org');
		const token = await tokenOf(id);
		expect(token).toMatch(/^[0-9a-f]{64}$/);
		const [row] = await sql<{ token_hash: Buffer }[]>`
			select token_hash from private.staff_invitations where id = ${id}`;
		expect(row!.token_hash.toString('hex')).toBe(createHash('sha256').update(token).digest('hex'));
		const listed = await admin.client.rpc('admin_staff_invitations');
		const mine = (listed.data as Record<string, unknown>[]).find((row) => row.id === id);
		expect(mine).toMatchObject({ email: 'hash@example.org', role: 'staff', accepted_at: null });
		expect(mine).not.toHaveProperty('token_hash');
		const table = await admin.client.from('staff_invitations').select('id');
		expect(table.error).not.toBeNull();
		const [audit] = await sql`select count(*)::int as n from public.audit_log
			where action = 'staff_invitations.insert' and target_id = ${id}`;
		expect(audit!.n).toBe(1);
	});
});

describe('accepting', () => {
	test('the invited address gets role, departments and scope, once', async () => {
		const person = await createUser();
		const id = await invite(person.email!.toUpperCase(), 'staff', [department], true);
		const token = await tokenOf(id);
		const { data, error } = await person.client.rpc('accept_staff_invitation', { token });
		expect(error).toBeNull();
		expect(data).toBe('staff');
		const [profile] = await sql`select role, department_scoped from public.profiles
			where id = ${person.id}`;
		expect(profile).toEqual({ role: 'staff', department_scoped: true });
		const members = await sql`select department_id from public.department_members
			where user_id = ${person.id}`;
		expect(members.map((m) => m.department_id)).toEqual([department]);
		expect(
			await sql`select 1 from private.invitation_mails where invitation_id = ${id}`
		).toHaveLength(0);
		const again = await person.client.rpc('accept_staff_invitation', { token });
		expectCode(again.error, 'invitation_closed');
	});

	test('another address, an unconfirmed one or a wrong token cannot accept', async () => {
		const invited = 'eingeladen@example.org';
		const id = await invite(invited, 'admin');
		const token = await tokenOf(id);
		const stranger = await createUser();
		const other = await stranger.client.rpc('accept_staff_invitation', { token });
		expectCode(other.error, 'invitation_other_email', '42501');
		const unconfirmed = await createUnconfirmedUser();
		const notYet = await unconfirmed.client.rpc('accept_staff_invitation', { token });
		expect(notYet.error).not.toBeNull();
		const guessed = await stranger.client.rpc('accept_staff_invitation', {
			token: token.replace(/.$/, token.endsWith('0') ? '1' : '0')
		});
		expectCode(guessed.error, 'invitation_invalid');
		const [profile] = await sql`select role from public.profiles where id = ${stranger.id}`;
		expect(profile!.role).toBe('citizen');
		const [row] = await sql`select accepted_at from private.staff_invitations where id = ${id}`;
		expect(row!.accepted_at).toBeNull();
	});

	test('an expired or revoked invitation cannot be accepted; only admins revoke', async () => {
		const person = await createUser();
		const expired = await invite(person.email!);
		const expiredToken = await tokenOf(expired);
		await sql`update private.staff_invitations set expires_at = now() - interval '1 minute'
			where id = ${expired}`;
		const late = await person.client.rpc('accept_staff_invitation', { token: expiredToken });
		expectCode(late.error, 'invitation_expired');

		const revoked = await invite(person.email!);
		const revokedToken = await tokenOf(revoked);
		const byStaff = await (
			await createUser({ role: 'staff' })
		).client.rpc('revoke_staff_invitation', { invitation: revoked });
		expect(byStaff.error?.code).toBe('42501');
		const { error } = await admin.client.rpc('revoke_staff_invitation', { invitation: revoked });
		expect(error).toBeNull();
		expect(
			await sql`select 1 from private.invitation_mails where invitation_id = ${revoked}`
		).toHaveLength(0);
		const refused = await person.client.rpc('accept_staff_invitation', { token: revokedToken });
		expectCode(refused.error, 'invitation_closed');
		const [profile] = await sql`select role from public.profiles where id = ${person.id}`;
		expect(profile!.role).toBe('citizen');
	});

	test('a new invitation to the same address revokes the open one; a role is never lowered', async () => {
		const person = await createUser({ role: 'admin' });
		const first = await invite(person.email!);
		const second = await invite(person.email!, 'moderator');
		const [row] = await sql`select revoked_at from private.staff_invitations where id = ${first}`;
		expect(row!.revoked_at).not.toBeNull();
		const { data } = await person.client.rpc('accept_staff_invitation', {
			token: await tokenOf(second)
		});
		expect(data).toBe('admin');
	});
});

describe('the worker', () => {
	test('claims an open invitation with its token and forgets the token once sent', async () => {
		const id = await invite('worker@example.org', 'moderator');
		const claimed = await sql.begin(async (tx) => {
			await tx`set local role stadtidee_notifier`;
			const rows =
				await tx`select id, email, role, token from private.claim_invitation_mails(100, 60)`;
			await tx`select private.invitation_mail_sent(${id})`;
			return rows;
		});
		expect(claimed.find((row) => row.id === id)).toMatchObject({
			email: 'worker@example.org',
			role: 'moderator'
		});
		expect(
			await sql`select 1 from private.invitation_mails where invitation_id = ${id}`
		).toHaveLength(0);
	});
});
