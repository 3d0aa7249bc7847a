import { describe, expect, test } from 'vitest';
import { anonClient, createUser, insertIdea, sql } from './helpers.ts';

/**
 * Deleting an account has a way back: a request waits 14 days, signing in again withdraws it, and
 * only then does the worker's purge erase the account (published ideas stay without an author).
 */

const purge = async () =>
	(await sql<{ n: number }[]>`select private.purge_deleted_accounts(500) as n`)[0]!.n;
const exists = async (id: string) =>
	(await sql`select 1 from auth.users where id = ${id}`).length === 1;

describe('account deletion with a grace period', () => {
	test('a request erases nothing at once; after 14 days the purge erases the account', async () => {
		const person = await createUser();
		const published = await insertIdea({ author: person.id, status: 'published' });
		const waiting = await insertIdea({ author: person.id, status: 'submitted' });
		const { data: until, error } = await person.client.rpc('request_account_deletion');
		expect(error).toBeNull();
		const days = (new Date(until as string).getTime() - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(13.9);
		expect(days).toBeLessThanOrEqual(14);

		await purge();
		expect(await exists(person.id!)).toBe(true);

		// Fifteen days later.
		await sql`update private.account_deletions set requested_at = now() - interval '15 days'
			where user_id = ${person.id}`;
		expect(await purge()).toBeGreaterThanOrEqual(1);
		expect(await exists(person.id!)).toBe(false);
		expect(await sql`select author_id from public.ideas where id = ${published}`).toEqual([
			{ author_id: null }
		]);
		expect(await sql`select 1 from public.ideas where id = ${waiting}`).toHaveLength(0);
	});

	test('signing in again withdraws the request; the purge then leaves the account alone', async () => {
		const person = await createUser();
		await person.client.rpc('request_account_deletion');
		const { data: withdrawn } = await person.client.rpc('cancel_account_deletion');
		expect(withdrawn).toBe(true);
		const { data: again } = await person.client.rpc('cancel_account_deletion');
		expect(again).toBe(false);
		await sql`update private.account_deletions set requested_at = now() - interval '15 days'
			where user_id = ${person.id}`;
		await purge();
		expect(await exists(person.id!)).toBe(true);
	});

	test('the last admin cannot ask for it, and anon cannot call it', async () => {
		const lone = await createUser({ role: 'admin' });
		// Make `lone` the only admin for this check, then give the others their role back.
		const others = await sql<{ id: string }[]>`
			update public.profiles set role = 'staff' where role = 'admin' and id <> ${lone.id}
			returning id`;
		try {
			const { error } = await lone.client.rpc('request_account_deletion');
			expect(error?.message).toBe('last_admin');
		} finally {
			if (others.length > 0)
				await sql`update public.profiles set role = 'admin'
					where id = any (${others.map((o) => o.id)}::uuid[])`;
		}
		const { error: anonError } = await anonClient().rpc('request_account_deletion');
		expect(anonError?.code).toBe('42501');
	});
});
