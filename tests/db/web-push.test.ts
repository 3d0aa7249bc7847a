import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startNotificationWorker } from '../../scripts/worker.ts';
import {
	startFakePushService,
	type Device,
	type FakePushService
} from '../helpers/push-service.ts';
import {
	type Actor,
	anonClient,
	createUser,
	expectCode,
	insertIdea,
	sql,
	stack
} from './helpers.ts';

/**
 * Web push (ADR 011): a person's devices, saved only through save_push_subscription and seen only
 * by their owner; every notification goes to each of the recipient's devices; the worker signs
 * with VAPID and encrypts for the device (checked and decrypted by a push service of the test's
 * own, with the device's keys); a device that is gone is removed, a failure is tried again, and
 * nothing is pushed twice.
 */

const VAPID = { ...webpush.generateVAPIDKeys(), subject: 'mailto:beteiligung@musterstadt.example' };

let service: FakePushService;
let author: Actor;
let owner: Actor;
let other: Actor;

beforeAll(async () => {
	service = await startFakePushService();
	[author, owner, other] = await Promise.all([createUser(), createUser(), createUser()]);
});

afterAll(async () => {
	await sql`delete from public.push_subscriptions where user_id = any (${[owner.id!, other.id!]}::uuid[])`;
	await service.close();
});

async function save(actor: Actor, device: Pick<Device, 'endpoint' | 'keys'>, label = 'Firefox') {
	return actor.client.rpc('save_push_subscription', {
		endpoint: device.endpoint,
		p256dh: device.keys.p256dh,
		auth: device.keys.auth,
		label
	});
}

async function devicesOf(actor: Actor): Promise<string[]> {
	const rows = await sql<{ endpoint: string }[]>`
		select endpoint from public.push_subscriptions where user_id = ${actor.id} order by created_at`;
	return rows.map((row) => row.endpoint);
}

describe('devices', () => {
	test('a person saves a device and sees only their own; anon can do neither', async () => {
		const device = service.device();
		const { data: id, error } = await save(owner, device);
		expect(error).toBeNull();
		expect(typeof id).toBe('string');
		const mine = await owner.client.from('push_subscriptions').select('id, endpoint, label');
		expect(mine.data).toEqual([{ id, endpoint: device.endpoint, label: 'Firefox' }]);
		const theirs = await other.client.from('push_subscriptions').select('id');
		expect(theirs.data).toEqual([]);
		// The keys are the worker's business, not even the owner's to read back.
		const keys = await owner.client.from('push_subscriptions').select('p256dh, auth');
		expect(keys.error?.code).toBe('42501');
		const anonymous = anonClient();
		expect((await save({ ...owner, client: anonymous }, service.device())).error?.code).toBe(
			'42501'
		);
		expect((await anonymous.from('push_subscriptions').select('id')).error).not.toBeNull();
	});

	test('bad endpoints and keys are refused and change nothing', async () => {
		const before = await devicesOf(other);
		const good = service.device();
		for (const bad of [
			{ ...good, endpoint: good.endpoint.replace('https:', 'http:') },
			{ ...good, endpoint: 'javascript:alert(1)' },
			{ ...good, endpoint: `${good.endpoint}/${'x'.repeat(1000)}` },
			{ ...good, keys: { ...good.keys, p256dh: 'short' } },
			{ ...good, keys: { ...good.keys, auth: 'not base64url!' } }
		]) {
			expectCode((await save(other, bad)).error, 'invalid_push_subscription', 'P0001');
		}
		expect((await save(other, good, 'x'.repeat(101))).error).toBeNull();
		expect(await devicesOf(other)).toEqual([...before, good.endpoint]);
		expect(
			(await sql`select label from public.push_subscriptions where endpoint = ${good.endpoint}`)[0]!
				.label
		).toHaveLength(100);
	});

	test('one person removes only their own device', async () => {
		const device = service.device();
		const { data: id } = await save(owner, device);
		const { data: removedByOther } = await other.client
			.from('push_subscriptions')
			.delete()
			.eq('id', id!)
			.select('id');
		expect(removedByOther).toEqual([]);
		expect(await devicesOf(owner)).toContain(device.endpoint);
		await owner.client.from('push_subscriptions').delete().eq('id', id!);
		expect(await devicesOf(owner)).not.toContain(device.endpoint);
	});

	test('an endpoint belongs to whoever signed in on the device last; ten devices at most', async () => {
		const person = await createUser();
		const shared = service.device();
		await save(other, shared);
		await save(person, shared);
		expect(await devicesOf(other)).not.toContain(shared.endpoint);
		expect(await devicesOf(person)).toEqual([shared.endpoint]);
		const more = Array.from({ length: 10 }, () => service.device());
		for (const device of more) await save(person, device);
		const kept = await devicesOf(person);
		expect(kept).toHaveLength(10);
		expect(kept).toEqual(more.map((device) => device.endpoint));
		await sql`delete from public.push_subscriptions where user_id = ${person.id}`;
	});
});

describe('the worker pushes', () => {
	function worker() {
		return startNotificationWorker({
			databaseUrl: stack.notifierUrl,
			push: { ...VAPID, agent: service.agent },
			log: () => {}
		});
	}

	async function run(): Promise<void> {
		const running = worker();
		try {
			await running.step();
			await running.step();
		} finally {
			await running.stop();
		}
	}

	/** A status change on an idea `person` supports. */
	async function newsFor(person: Actor): Promise<string> {
		const idea = await insertIdea({ author: author.id!, status: 'published' });
		await sql`insert into public.votes (idea_id, user_id) values (${idea}, ${person.id})`;
		await sql`insert into public.idea_events (idea_id, kind, from_status, to_status)
			values (${idea}, 'status_change', 'published', 'planned')`;
		return idea;
	}

	test('signed with VAPID, encrypted for the device, in its owner’s language, once', async () => {
		const person = await createUser();
		await sql`update public.profiles set locale = 'en' where id = ${person.id}`;
		const [phone, laptop] = [service.device(), service.device()];
		await save(person, phone, 'Chrome on Android');
		await save(person, laptop, 'Firefox on Linux');
		const idea = await newsFor(person);
		await run();
		await run();
		const mine = service.received.filter((push) => [phone.id, laptop.id].includes(push.device));
		expect(mine.map((push) => push.device).sort()).toEqual([phone.id, laptop.id].sort());
		expect(service.refused).toEqual([]);
		for (const push of mine) {
			expect(push.subject).toBe(VAPID.subject);
			expect(push.ttl).toBe(86_400);
			expect(push.topic).toBe(idea.replaceAll('-', ''));
			expect(push.payload).toEqual({
				title: 'Stadtidee',
				body: expect.stringMatching(/: the status is now .*Planned/i) as unknown,
				url: `/ideen/${idea}`,
				tag: `idea-${idea}`,
				lang: 'en'
			});
		}
		const used = await sql<{ n: number }[]>`select count(*)::int as n from public.push_subscriptions
			where user_id = ${person.id} and last_used_at is not null`;
		expect(used[0]!.n).toBe(2);
		await sql`delete from public.push_subscriptions where user_id = ${person.id}`;
	});

	test('a device the push service says is gone (410) is removed; nothing else is touched', async () => {
		const person = await createUser();
		const [gone, kept] = [service.device(), service.device()];
		await save(person, gone);
		await save(person, kept);
		service.answer(gone.id, 410);
		await newsFor(person);
		await run();
		expect(await devicesOf(person)).toEqual([kept.endpoint]);
		expect(service.received.filter((push) => push.device === kept.id)).toHaveLength(1);
		await sql`delete from public.push_subscriptions where user_id = ${person.id}`;
	});

	test('a push service that fails (500) gets the push again later, and it arrives once', async () => {
		const person = await createUser();
		const device = service.device();
		await save(person, device);
		service.answer(device.id, 500);
		await newsFor(person);
		await run();
		const [waiting] = await sql<{ status: string; attempts: number; later: boolean }[]>`
			select d.status, d.attempts, d.next_attempt_at > now() as later
			  from private.push_deliveries d join public.push_subscriptions s on s.id = d.subscription_id
			 where s.user_id = ${person.id}`;
		expect(waiting).toEqual({ status: 'pending', attempts: 1, later: true });
		service.answer(device.id, 201);
		await sql`update private.push_deliveries d set next_attempt_at = now()
			from public.push_subscriptions s where s.id = d.subscription_id and s.user_id = ${person.id}`;
		await run();
		await run();
		expect(service.received.filter((push) => push.device === device.id)).toHaveLength(1);
		await sql`delete from public.push_subscriptions where user_id = ${person.id}`;
	});

	test('nobody without a device gets a push delivery', async () => {
		const person = await createUser();
		const idea = await newsFor(person);
		await run();
		const [deliveries] = await sql<{ n: number }[]>`
			select count(*)::int as n from private.push_deliveries d
			  join public.notifications n on n.id = d.notification_id where n.idea_id = ${idea}`;
		expect(deliveries!.n).toBe(0);
	});
});
