import { beforeAll, describe, expect, inject, test } from 'vitest';
import { startNotificationWorker } from '../../scripts/worker.ts';
import { startMailSink } from '../../stack/mail/sink.ts';
import { type Actor, anonClient, createUser, insertIdea, sql } from './helpers.ts';

/**
 * Notifications by mail: the fan-out queues every notification for mail; planning puts what is
 * due into one mail per person and window (instant at once, digests at their time, nothing for
 * "off"); claiming leases mails with what they need; a notification goes into one mail at most.
 */

let author: Actor;
let supporter: Actor;
let weekly: Actor;
let silent: Actor;

beforeAll(async () => {
	[author, supporter, weekly, silent] = await Promise.all([
		createUser(),
		createUser(),
		createUser(),
		createUser()
	]);
	await sql`insert into public.notification_preferences (user_id, kind, mail) values
		(${supporter.id}, 'status_changed', 'instant'),
		(${weekly.id}, 'status_changed', 'weekly'),
		(${silent.id}, 'status_changed', 'off')`;
});

async function fanOut(): Promise<void> {
	while ((await sql`select private.fan_out_notifications(100) as n`)[0]!.n > 0);
}

/** Plans with windows ending at the given instants (default: a day and a week ago, nothing due). */
async function plan(
	daily = "now() - interval '1 day'",
	weekly = "now() - interval '7 days'"
): Promise<void> {
	await sql.unsafe(`select private.plan_mails(${daily}, ${weekly})`);
}

interface Delivery {
	id: number;
	recipient_id: string;
	frequency: string;
	status: string;
	items: number;
}

async function mailsTo(...actors: Actor[]): Promise<Delivery[]> {
	return sql<Delivery[]>`
		select d.id::int, d.recipient_id, d.frequency::text, d.status,
		       (select count(*)::int from private.mail_items mi where mi.mail_id = d.id) as items
		  from private.mail_deliveries d
		 where d.recipient_id = any (${actors.map((a) => a.id)}::uuid[])
		 order by d.id`;
}

async function statusChange(): Promise<string> {
	const idea = await insertIdea({ author: author.id, status: 'published' });
	for (const actor of [supporter, weekly, silent]) {
		await sql`insert into public.votes (idea_id, user_id) values (${idea}, ${actor.id})`;
	}
	await sql`insert into public.idea_events (idea_id, kind, from_status, to_status)
		values (${idea}, 'status_change', 'published', 'planned')`;
	await fanOut();
	return idea;
}

describe('planning mails', () => {
	test('instant goes at once, a digest waits for its window, "off" never goes', async () => {
		await statusChange();
		await plan();
		const first = await mailsTo(author, supporter, weekly, silent);
		expect(first.map((m) => [m.recipient_id, m.frequency, m.items])).toEqual([
			[supporter.id, 'instant', 1]
		]);
		// The daily window passes: the author (no preference: daily) gets a digest; weekly still waits.
		await plan('now()');
		const second = await mailsTo(author, weekly, silent);
		expect(second.map((m) => [m.recipient_id, m.frequency, m.items])).toEqual([
			[author.id, 'daily', 1]
		]);
		await plan('now()', 'now()');
		expect((await mailsTo(weekly)).map((m) => [m.frequency, m.items])).toEqual([['weekly', 1]]);
		expect(await mailsTo(silent)).toEqual([]);
		const [queued] = await sql<{ n: number }[]>`select count(*)::int as n from private.mail_queue
			where recipient_id = any (${[author.id, supporter.id, weekly.id, silent.id]}::uuid[])`;
		expect(queued!.n).toBe(0);
	});

	test('a digest groups everything due for a person into one mail; planning again adds nothing', async () => {
		const person = await createUser();
		for (let i = 0; i < 3; i++) {
			const idea = await insertIdea({ author: person.id, status: 'published' });
			await sql`insert into public.comments (idea_id, author_id, body)
				values (${idea}, ${author.id}, 'Ein Kommentar zur Idee, lang genug.')`;
		}
		await fanOut();
		await plan('now()');
		await plan('now()');
		expect((await mailsTo(person)).map((m) => [m.frequency, m.items])).toEqual([['daily', 3]]);
	});

	test('a window in the future is refused', async () => {
		await expect(plan("now() + interval '1 hour'")).rejects.toMatchObject({ code: '22023' });
	});
});

describe('sending', () => {
	test('claiming leases a mail once; a second claim gets nothing until the lease runs out', async () => {
		const person = await createUser();
		await sql`insert into public.notification_preferences (user_id, kind, mail)
			values (${person.id}, 'comment_added', 'instant')`;
		const idea = await insertIdea({ author: person.id, status: 'published' });
		await sql`insert into public.comments (idea_id, author_id, body)
			values (${idea}, ${author.id}, 'Noch ein Kommentar, lang genug.')`;
		await fanOut();
		await plan();
		const [mail] = await mailsTo(person);
		const claim = () =>
			sql<
				{ id: number; email: string; locale: string; items: { kind: string; title: string }[] }[]
			>`
				select id::int, email, locale, items from private.claim_mails(500, 60)`;
		const first = (await claim()).filter((row) => row.id === mail!.id);
		expect(first).toHaveLength(1);
		expect(first[0]!.email).toBe(person.email);
		expect(first[0]!.items.map((item) => item.kind)).toEqual(['comment_added']);
		expect((await claim()).filter((row) => row.id === mail!.id)).toEqual([]);
		await sql`select private.mail_sent(${mail!.id})`;
		expect((await mailsTo(person)).map((m) => m.status)).toEqual(['sent']);
	});

	test('a refused address marks it bouncing and later mails to it are skipped; saving preferences clears it', async () => {
		const person = await createUser();
		await sql`insert into public.notification_preferences (user_id, kind, mail)
			values (${person.id}, 'comment_added', 'instant')`;
		const comment = async () => {
			const idea = await insertIdea({ author: person.id, status: 'published' });
			await sql`insert into public.comments (idea_id, author_id, body)
				values (${idea}, ${author.id}, 'Ein weiterer Kommentar, lang genug.')`;
			await fanOut();
			await plan();
		};
		await comment();
		const [mail] = await mailsTo(person);
		await sql`select id from private.claim_mails(500, 60)`;
		await sql`select private.mail_failed(${mail!.id}, '550 no such user', true)`;
		await comment();
		await sql`select id from private.claim_mails(500, 60)`;
		expect((await mailsTo(person)).map((m) => m.status)).toEqual(['failed', 'skipped']);
		// The person reads it on their settings page and saves: the address is tried again.
		const { data } = await person.client.from('mail_settings').select('bounced_at');
		expect(data![0]!.bounced_at).not.toBeNull();
		const saved = await person.client
			.from('notification_preferences')
			.upsert({ user_id: person.id, kind: 'answered', mail: 'daily' });
		expect(saved.error).toBeNull();
		const after = await person.client.from('mail_settings').select('bounced_at');
		expect(after.data![0]!.bounced_at).toBeNull();
	});

	test('SMTP away: the mail is tried again later, not lost and not sent twice', async () => {
		const person = await createUser();
		await sql`insert into public.notification_preferences (user_id, kind, mail)
			values (${person.id}, 'comment_added', 'instant')`;
		const idea = await insertIdea({ author: person.id, status: 'published' });
		await sql`insert into public.comments (idea_id, author_id, body)
			values (${idea}, ${author.id}, 'Kommentar während der Störung.')`;
		await fanOut();
		await plan();
		const [mail] = await mailsTo(person);
		await sql`select id from private.claim_mails(500, 60)`;
		await sql`select private.mail_failed(${mail!.id}, 'connect ECONNREFUSED', false)`;
		const [row] = await sql<{ status: string; wait: number }[]>`
			select status, extract(epoch from next_attempt_at - now())::int as wait
			  from private.mail_deliveries where id = ${mail!.id}`;
		expect(row!.status).toBe('pending');
		expect(row!.wait).toBeGreaterThan(30);
		// Not due yet: a claim now does not take it.
		const claimed = await sql<{ id: number }[]>`select id::int from private.claim_mails(500, 60)`;
		expect(claimed.map((c) => c.id)).not.toContain(mail!.id);
	});
});

describe('unsubscribing', () => {
	test('the token from a mail stops all mail without signing in, kinds added later included, until the person saves again', async () => {
		const person = await createUser();
		await sql`insert into public.notification_preferences (user_id, kind, mail)
			values (${person.id}, 'comment_added', 'instant')`;
		await sql`insert into public.mail_settings (user_id) values (${person.id})`;
		const [settings] = await sql<{ token: string }[]>`
			select unsubscribe_token::text as token from public.mail_settings where user_id = ${person.id}`;
		const anon = anonClient();
		const unknown = await anon.rpc('unsubscribe_email', { token: crypto.randomUUID() });
		expect(unknown.data).toBe(false);
		const known = await anon.rpc('unsubscribe_email', { token: settings!.token });
		expect(known.data).toBe(true);
		// A comment now: in the centre, but no mail, whatever the preference says.
		const idea = await insertIdea({ author: person.id, status: 'published' });
		await sql`insert into public.comments (idea_id, author_id, body)
			values (${idea}, ${author.id}, 'Ein Kommentar nach dem Abbestellen.')`;
		await fanOut();
		await plan('now()', 'now()');
		expect(await mailsTo(person)).toEqual([]);
		const [told] = await sql<{ n: number }[]>`select count(*)::int as n from public.notifications
			where recipient_id = ${person.id}`;
		expect(told!.n).toBe(1);
		// The person comes back and saves their choices: mail again.
		const { data } = await person.client.from('mail_settings').select('unsubscribed_at');
		expect(data![0]!.unsubscribed_at).not.toBeNull();
		await person.client
			.from('notification_preferences')
			.upsert({ user_id: person.id, kind: 'comment_added', mail: 'instant' });
		const after = await person.client.from('mail_settings').select('unsubscribed_at');
		expect(after.data![0]!.unsubscribed_at).toBeNull();
	});

	test("nobody reads or changes another person's preferences or token", async () => {
		const [owner, intruder] = await Promise.all([createUser(), createUser()]);
		await sql`insert into public.notification_preferences (user_id, kind, mail)
			values (${owner.id}, 'answered', 'instant')`;
		await sql`insert into public.mail_settings (user_id) values (${owner.id})`;
		const read = await intruder.client
			.from('notification_preferences')
			.select('*')
			.eq('user_id', owner.id);
		expect(read.data).toEqual([]);
		const write = await intruder.client
			.from('notification_preferences')
			.insert({ user_id: owner.id, kind: 'merged', mail: 'off' });
		expect(write.error?.code).toBe('42501');
		const token = await owner.client.from('mail_settings').select('unsubscribe_token');
		expect(token.error?.code).toBe('42501');
		const anonRead = await anonClient().from('notification_preferences').select('*');
		expect(anonRead.error?.code).toBe('42501');
	});
});

describe('the worker sends mail through SMTP', () => {
	const APP = 'https://stadtidee.example';

	interface SinkMail {
		to: string;
		subject: string;
		text: string;
		headers: Record<string, string>;
	}

	async function inbox(to: string): Promise<SinkMail[]> {
		const response = await fetch(
			`${inject('stack').apiUrl}/_dev/outbox/messages?${new URLSearchParams({ to })}`
		);
		return (await response.json()) as SinkMail[];
	}

	function worker(smtpUrl = inject('stack').smtpUrl) {
		return startNotificationWorker({
			databaseUrl: inject('stack').notifierUrl,
			mail: { smtpUrl, appUrl: APP, sender: 'Stadtidee <no-reply@localhost>' },
			log: () => {}
		});
	}

	async function instantComment(person: Actor): Promise<string> {
		await sql`insert into public.notification_preferences (user_id, kind, mail)
			values (${person.id}, 'comment_added', 'instant')
			on conflict (user_id, kind) do update set mail = 'instant'`;
		const idea = await insertIdea({ author: person.id, status: 'published' });
		await sql`insert into public.comments (idea_id, author_id, body)
			values (${idea}, ${author.id}, 'Ein Kommentar für die Post, lang genug.')`;
		return idea;
	}

	test('an instant mail arrives once, in the reader’s language, with a one-click unsubscribe', async () => {
		const person = await createUser();
		await sql`update public.profiles set locale = 'en' where id = ${person.id}`;
		const idea = await instantComment(person);
		const running = worker();
		try {
			await running.step();
			await running.step();
		} finally {
			await running.stop();
		}
		const mails = await inbox(person.email!);
		expect(mails).toHaveLength(1);
		const [mail] = mails;
		expect(mail!.subject).toMatch(/^Stadtidee: A new comment on your idea/);
		expect(mail!.text).toContain(`${APP}/ideen/${idea}`);
		const [settings] = await sql<{ token: string }[]>`
			select unsubscribe_token::text as token from public.mail_settings where user_id = ${person.id}`;
		expect(mail!.headers['list-unsubscribe']).toBe(
			`<${APP}/e-mail/abbestellen/${settings!.token}>`
		);
		expect(mail!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
	});

	test('SMTP away: nothing is lost, and once it is back the mail goes once', async () => {
		const person = await createUser();
		await instantComment(person);
		// A port nobody listens on: the worker's SMTP provider is away.
		const away = worker('smtp://127.0.0.1:9');
		try {
			await expect(away.step()).rejects.toThrow(/SMTP/);
		} finally {
			await away.stop();
		}
		const [failed] = await sql<{ status: string; attempts: number }[]>`
			select status, attempts from private.mail_deliveries where recipient_id = ${person.id}`;
		expect(failed).toEqual({ status: 'pending', attempts: 1 });
		expect(await inbox(person.email!)).toEqual([]);
		// Its retry falls due; SMTP is back.
		await sql`update private.mail_deliveries set next_attempt_at = now()
			where recipient_id = ${person.id}`;
		const back = worker();
		try {
			await back.step();
			await back.step();
		} finally {
			await back.stop();
		}
		expect(await inbox(person.email!)).toHaveLength(1);
		const [sent] = await sql<{ status: string }[]>`
			select status from private.mail_deliveries where recipient_id = ${person.id}`;
		expect(sent!.status).toBe('sent');
	});

	test('SMTP goes away in the middle of a run and comes back: every mail arrives, none twice', async () => {
		const people = await Promise.all(Array.from({ length: 30 }, () => createUser()));
		for (const person of people) await instantComment(person);
		const sink = await startMailSink(0);
		const ours = (to: string) => people.some((person) => person.email === to);
		const arrived = () => sink.outbox.list().filter((mail) => ours(mail.to));
		// The provider goes away right after the fifth of these mails.
		const deliver = sink.outbox.deliver.bind(sink.outbox);
		let delivered = 0;
		sink.outbox.deliver = (mail) => {
			const kept = deliver(mail);
			if (ours(mail.to) && ++delivered === 5) sink.setRefusing(true);
			return kept;
		};
		const running = startNotificationWorker({
			databaseUrl: inject('stack').notifierUrl,
			mail: { smtpUrl: sink.url, appUrl: APP, sender: 'Stadtidee <no-reply@localhost>' },
			log: () => {}
		});
		try {
			// The worker sends on its own until the provider refuses; then it backs off.
			// Until every mail it had in hand is marked to be tried again, none still being sent.
			const backedOff = async () => {
				const [row] = await sql<{ retrying: number; sending: number }[]>`
					select count(*) filter (where status = 'pending' and last_error is not null)::int as retrying,
					       count(*) filter (where status = 'sending')::int as sending
					  from private.mail_deliveries
					 where recipient_id = any (${people.map((p) => p.id)}::uuid[])`;
				return row!.retrying > 0 && row!.sending === 0;
			};
			await expect.poll(backedOff, { timeout: 15_000 }).toBe(true);
			const before = arrived().length;
			expect(before).toBeLessThan(people.length);
			// Back: the retries fall due (here at once rather than in a minute).
			sink.setRefusing(false);
			await sql`update private.mail_deliveries set next_attempt_at = now()
				where recipient_id = any (${people.map((p) => p.id)}::uuid[]) and status = 'pending'`;
			await running.step();
			await expect.poll(() => arrived().length, { timeout: 15_000 }).toBe(people.length);
		} finally {
			await running.stop();
			await sink.close();
		}
		const recipients = arrived().map((mail) => mail.to);
		expect(recipients).toHaveLength(people.length);
		expect(new Set(recipients).size).toBe(people.length);
		const [states] = await sql<{ sent: number }[]>`
			select count(*) filter (where status = 'sent')::int as sent from private.mail_deliveries
			 where recipient_id = any (${people.map((p) => p.id)}::uuid[])`;
		expect(states!.sent).toBe(people.length);
	});
});
