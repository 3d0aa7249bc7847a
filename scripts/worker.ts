/**
 * npm run worker — the notification worker (ADR 011). Each step it
 * 1. fans the outbox (private.notification_events) out to the people who should hear of each event;
 * 2. plans mails: instant ones at once, daily and weekly digests once their window has ended;
 * 3. sends due mails through SMTP, each marked sent or failed (retried later) as soon as SMTP answers;
 * 4. sends due web pushes (VAPID), each marked sent, failed, or its device removed when it is gone;
 * 5. erases accounts whose deletion was asked for and whose 14-day grace period has passed;
 * 6. sends staff invitations (ADR 015): the mail with the single-use link, whose token the database
 *    forgets once SMTP has taken it.
 * 7. reminds the assignee of an idea that waits longer than the answer target, once per idea
 *    (ADR 017), before the fan-out, so the reminder goes out in the same step.
 * 8. removes photos registered a day ago and never stored, and the files of deleted photos (an
 *    idea, a photo or an account deleted: the database queues their storage objects, ADR 020)
 *    through the Storage API with the service role.
 *
 * It connects as the role `stadtidee_notifier` (NOTIFIER_DATABASE_URL), which may do this and
 * nothing else, wakes on `NOTIFY stadtidee_notifications` and looks every POLL_MS as well (a lost
 * wake-up only delays; digests and retries fall due with the clock). Any number of copies may run
 * side by side. `npm start` runs one against the local stack and its SMTP sink.
 */
import type { Agent } from 'node:https';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { createTransport, type Transporter } from 'nodemailer';
import postgres, { type Sql } from 'postgres';
import webpush, { WebPushError } from 'web-push';
import de from '../src/lib/i18n/locales/de/index.ts';
import en from '../src/lib/i18n/locales/en/index.ts';
import type { Locale, Messages, Translate } from '../src/lib/i18n/index.ts';
import { createTranslator } from '../src/lib/i18n/translator.ts';
import type { NotificationDetails, NotificationKind } from '../src/lib/notifications/describe.ts';
import {
	composeNotificationMail,
	type MailFrequency,
	type MailItem
} from '../src/lib/notifications/mail.ts';
import { composePush } from '../src/lib/notifications/push.ts';
import { digestWindows } from '../src/lib/notifications/schedule.ts';
import { formatDateTime } from '../src/lib/format.ts';

const POLL_MS = 10_000;
const BATCH = 100;
const MAIL_BATCH = 50;
/** SMTP connections (and mails in flight) at once. */
const MAIL_LANES = 4;
/** How long a claimed mail is this worker's; after that another may send it. */
const LEASE_SECONDS = 120;
const MAX_BACKOFF_MS = 60_000;
const PUSH_BATCH = 50;
const PUSH_LANES = 8;
const PUSH_LEASE_SECONDS = 60;
/** How long a push service keeps a push for a device that is offline: news older than a day is none. */
const PUSH_TTL_SECONDS = 24 * 3600;

export interface MailOptions {
	/** smtp://[user:pass@]host:port, or smtps:// */
	smtpUrl: string;
	/** The From of every mail, e.g. "Stadtidee Musterstadt <beteiligung@musterstadt.de>". */
	sender: string;
	/** The app's public origin: the links in mails point there. */
	appUrl: string;
}

export interface PushOptions {
	/** The VAPID key pair (base64url), as `npx web-push generate-vapid-keys` prints it. */
	publicKey: string;
	privateKey: string;
	/** Who push services may contact about these pushes: mailto: or https: (RFC 8292). */
	subject: string;
	/** Only for tests: trust a local push service's certificate. */
	agent?: Agent;
}

/** Where deleted photos' files are removed: the Supabase API and its secret (service role) key. */
export interface StorageOptions {
	url: string;
	secretKey: string;
}

export interface WorkerOptions {
	databaseUrl: string;
	/** Without it deleted photos' files stay queued (and stored) until a worker with it runs. */
	storage?: StorageOptions;
	/** Without it the worker fills the in-app centre only. */
	mail?: MailOptions;
	/** Without it no web pushes are sent. */
	push?: PushOptions;
	log?: (line: string) => void;
}

export interface NotificationWorker {
	/** Runs one step now and resolves when it is done (tests; the loop steps by itself). */
	step(): Promise<void>;
	/** Resolves once the worker has stopped (after the step under way). */
	stop(): Promise<void>;
}

interface ClaimedMail {
	id: string;
	email: string;
	locale: string;
	frequency: MailFrequency;
	unsubscribe_token: string;
	items: {
		kind: NotificationKind;
		idea_id: string;
		title: string | null;
		details: NotificationDetails;
		created_at: string;
	}[];
}

const catalogues: Record<Locale, Messages> = { de, en };
const translators = new Map<Locale, Translate>();
function translator(locale: Locale): Translate {
	let t = translators.get(locale);
	if (!t) translators.set(locale, (t = createTranslator(locale, catalogues[locale])));
	return t;
}

/** SMTP refused the address itself (5xx to RCPT TO): it bounces, trying again will not help. */
function addressRefused(error: unknown): boolean {
	const { code, responseCode } = error as { code?: string; responseCode?: number };
	return code === 'EENVELOPE' && typeof responseCode === 'number' && responseCode >= 500;
}

/** Sends what is due, MAIL_LANES at a time; returns how many mails were handed to SMTP. */
async function sendDue(sql: Sql, mailer: Transporter, options: MailOptions): Promise<number> {
	let sent = 0;
	for (;;) {
		const claimed = await sql<ClaimedMail[]>`
			select id::text, email, locale, frequency, unsubscribe_token::text, items
			  from private.claim_mails(${MAIL_BATCH}, ${LEASE_SECONDS})`;
		const queue = [...claimed];
		let away: unknown;
		const lane = async () => {
			for (let mail = queue.shift(); mail; mail = queue.shift()) {
				if (away) {
					// SMTP is away: the rest of the batch waits for its next try as well.
					await sql`select private.mail_failed(${mail.id}, ${String(away)}, false)`;
					continue;
				}
				try {
					await mailer.sendMail(message(mail, options));
				} catch (error) {
					const refused = addressRefused(error);
					// No answer, or "try later" (4xx): the server is away, not this mail's problem.
					if (!refused && !((error as { responseCode?: number }).responseCode! >= 500))
						away ??= (error as Error).message;
					await sql`select private.mail_failed(${mail.id}, ${(error as Error).message}, ${refused})`;
					continue;
				}
				await sql`select private.mail_sent(${mail.id})`;
				sent += 1;
			}
		};
		await Promise.all(Array.from({ length: MAIL_LANES }, lane));
		if (away) throw new Error(`SMTP: ${String(away)}`);
		if (claimed.length < MAIL_BATCH) return sent;
	}
}

interface ClaimedPush {
	id: string;
	endpoint: string;
	p256dh: string;
	auth: string;
	locale: string;
	kind: NotificationKind;
	idea_id: string;
	title: string | null;
	details: NotificationDetails;
}

/**
 * What a push service's refusal means (RFC 8030): the device is gone (404, 410), trying again
 * cannot help (another 4xx but 429), or it may work later (429, 5xx, no answer).
 */
function pushOutcome(error: unknown): 'gone' | 'refused' | 'retry' {
	const status = error instanceof WebPushError ? error.statusCode : 0;
	if (status === 404 || status === 410) return 'gone';
	if (status >= 400 && status < 500 && status !== 429) return 'refused';
	return 'retry';
}

/** Sends due pushes, PUSH_LANES at a time; returns how many a push service took. */
async function sendPushes(sql: Sql, options: PushOptions): Promise<number> {
	let sent = 0;
	for (;;) {
		const claimed = await sql<ClaimedPush[]>`
			select id::text, endpoint, p256dh, auth, locale, kind, idea_id::text, title, details
			  from private.claim_pushes(${PUSH_BATCH}, ${PUSH_LEASE_SECONDS})`;
		const queue = [...claimed];
		const lane = async () => {
			for (let push = queue.shift(); push; push = queue.shift()) {
				const locale: Locale = push.locale === 'en' ? 'en' : 'de';
				const payload = composePush(
					{ kind: push.kind, title: push.title, details: push.details, ideaId: push.idea_id },
					translator(locale),
					locale
				);
				try {
					await webpush.sendNotification(
						{ endpoint: push.endpoint, keys: { p256dh: push.p256dh, auth: push.auth } },
						JSON.stringify(payload),
						{
							vapidDetails: {
								subject: options.subject,
								publicKey: options.publicKey,
								privateKey: options.privateKey
							},
							TTL: PUSH_TTL_SECONDS,
							// A newer push about the same idea replaces one still waiting for the device.
							topic: push.idea_id.replaceAll('-', ''),
							timeout: 10_000,
							...(options.agent ? { agent: options.agent } : {})
						}
					);
				} catch (error) {
					const reason =
						error instanceof WebPushError
							? `${error.statusCode} ${error.body}`.trim()
							: (error as Error).message;
					await sql`select private.push_failed(${push.id}, ${reason}, ${pushOutcome(error)})`;
					continue;
				}
				await sql`select private.push_sent(${push.id})`;
				sent += 1;
			}
		};
		await Promise.all(Array.from({ length: PUSH_LANES }, lane));
		if (claimed.length < PUSH_BATCH) return sent;
	}
}

function message(mail: ClaimedMail, options: MailOptions) {
	const locale: Locale = mail.locale === 'en' ? 'en' : 'de';
	const unsubscribeUrl = new URL(`/e-mail/abbestellen/${mail.unsubscribe_token}`, options.appUrl)
		.href;
	const items: MailItem[] = mail.items.map((item) => ({
		kind: item.kind,
		title: item.title,
		details: item.details,
		ideaId: item.idea_id,
		createdAt: item.created_at
	}));
	const composed = composeNotificationMail(
		{ frequency: mail.frequency, items, appUrl: options.appUrl, unsubscribeUrl },
		translator(locale),
		locale
	);
	return {
		from: options.sender,
		to: mail.email,
		subject: composed.subject,
		text: composed.text,
		html: composed.html,
		// The delivery's id: a mail sent again after a crash is recognisably the same one.
		messageId: `<notification-${mail.id}@${new URL(options.appUrl).hostname}>`,
		headers: {
			// RFC 8058: one click in the mail client unsubscribes, without signing in.
			'List-Unsubscribe': `<${unsubscribeUrl}>`,
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
			'Auto-Submitted': 'auto-generated',
			'X-Stadtidee-Mail': `notification/${mail.frequency}`
		}
	};
}

interface ClaimedInvitation {
	id: string;
	email: string;
	locale: string;
	role: 'moderator' | 'staff' | 'admin';
	token: string;
	expires_at: Date;
	inviter: string | null;
}

/** The invitation mail: who invites, to which role, the link and how long it holds. */
function invitationMessage(invitation: ClaimedInvitation, options: MailOptions) {
	const locale: Locale = invitation.locale === 'en' ? 'en' : 'de';
	const t = translator(locale);
	const link = new URL(`/konto/einladung/${invitation.token}`, options.appUrl).href;
	const text = [
		t('account.invitation.mail.greeting'),
		'',
		t('account.invitation.mail.body', {
			inviter: invitation.inviter ?? t('account.invitation.mail.someone'),
			role: t(`account.invitation.roleNames.${invitation.role}`)
		}),
		'',
		t('account.invitation.mail.how'),
		link,
		'',
		t('account.invitation.mail.until', {
			date: formatDateTime(invitation.expires_at.toISOString(), locale)
		}),
		t('account.invitation.mail.ignore')
	].join('\n');
	return {
		from: options.sender,
		to: invitation.email,
		subject: t('account.invitation.mail.subject'),
		text,
		messageId: `<invitation-${invitation.id}@${new URL(options.appUrl).hostname}>`,
		headers: { 'Auto-Submitted': 'auto-generated', 'X-Stadtidee-Mail': 'invitation' }
	};
}

/** Sends the invitation mails due; a failed one is tried again once its lease has run out. */
async function sendInvitations(
	sql: Sql,
	mailer: Transporter,
	options: MailOptions
): Promise<number> {
	const claimed = await sql<ClaimedInvitation[]>`
		select id::text, email, locale, role, token, expires_at, inviter
		  from private.claim_invitation_mails(${MAIL_BATCH}, ${LEASE_SECONDS})`;
	let sent = 0;
	for (const invitation of claimed) {
		await mailer.sendMail(invitationMessage(invitation, options));
		await sql`select private.invitation_mail_sent(${invitation.id})`;
		sent += 1;
	}
	return sent;
}

const REMOVAL_BATCH = 100;
/** How long claimed removals are this worker's; after that another may take them. */
const REMOVAL_LEASE_SECONDS = 120;

/**
 * Removes the files of deleted photos (ADR 020), a claimed batch per bucket at a time. An object
 * already gone counts as removed (Storage simply does not list it); a failed call puts its batch
 * back with a growing wait, so a Storage outage delays removals and loses none.
 */
async function removeQueuedFiles(sql: Sql, storage: SupabaseClient): Promise<number> {
	let removed = 0;
	for (;;) {
		const claimed = await sql<{ id: string; bucket_id: string; object_name: string }[]>`
			select id::text, bucket_id, object_name
			  from private.claim_storage_removals(${REMOVAL_BATCH}, ${REMOVAL_LEASE_SECONDS})`;
		const buckets = new Map<string, { id: string; object_name: string }[]>();
		for (const row of claimed)
			buckets.set(row.bucket_id, [...(buckets.get(row.bucket_id) ?? []), row]);
		for (const [bucket, rows] of buckets) {
			const { error } = await storage.storage
				.from(bucket)
				.remove(rows.map((row) => row.object_name));
			if (error) {
				for (const row of rows)
					await sql`select private.storage_removal_failed(${row.id}, ${error.message})`;
				continue;
			}
			const [done] = await sql<{ n: number }[]>`
				select private.storage_removed(${rows.map((row) => row.id)}::bigint[]) as n`;
			removed += done!.n;
		}
		if (claimed.length < REMOVAL_BATCH) return removed;
	}
}

/** Starts the worker loop; `log` gets one line per step that did something. */
export function startNotificationWorker(options: WorkerOptions): NotificationWorker {
	const log = options.log ?? console.log;
	const sql = postgres(options.databaseUrl, { max: MAIL_LANES, onnotice: () => {} });
	const mailer = options.mail
		? createTransport({
				url: options.mail.smtpUrl,
				pool: true,
				maxConnections: MAIL_LANES
			})
		: undefined;
	const storage =
		options.storage &&
		createClient(options.storage.url, options.storage.secretKey, {
			auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
		});
	let stopping = false;
	// A wake-up during a step is remembered, so the loop steps again instead of waiting.
	let pending = false;
	let wake: (() => void) | undefined;
	const woken = () => {
		pending = true;
		wake?.();
	};

	async function step(): Promise<void> {
		const [overdue] = await sql<
			{ n: number }[]
		>`select private.remind_overdue_answers(${BATCH}) as n`;
		if (overdue!.n > 0) log(`worker: ${overdue!.n} overdue idea(s) reminded`);
		let events = 0;
		for (;;) {
			const [row] = await sql<{ n: number }[]>`
				select private.fan_out_notifications(${BATCH}) as n`;
			events += row!.n;
			if (row!.n < BATCH) break;
		}
		if (events > 0) log(`worker: ${events} event(s) fanned out`);
		const [purged] = await sql<{ n: number }[]>`select private.purge_deleted_accounts(20) as n`;
		if (purged!.n > 0) log(`worker: ${purged!.n} account(s) erased after their grace period`);
		const [unstored] = await sql<
			{ n: number }[]
		>`select private.purge_unstored_photos(${BATCH}) as n`;
		if (unstored!.n > 0) log(`worker: ${unstored!.n} photo(s) never stored removed`);
		if (storage) {
			const removed = await removeQueuedFiles(sql, storage);
			if (removed > 0) log(`worker: ${removed} stored file(s) of deleted photos removed`);
		}
		// Pushes first: they do not wait for SMTP, which may be away.
		if (options.push) {
			const pushed = await sendPushes(sql, options.push);
			if (pushed > 0) log(`worker: ${pushed} push(es) sent`);
		}
		if (!mailer || !options.mail) return;
		const windows = digestWindows();
		await sql`select private.plan_mails(${windows.daily}, ${windows.weekly})`;
		const sent = await sendDue(sql, mailer, options.mail);
		if (sent > 0) log(`worker: ${sent} mail(s) sent`);
		const invited = await sendInvitations(sql, mailer, options.mail);
		if (invited > 0) log(`worker: ${invited} invitation(s) sent`);
	}

	// One step at a time, whoever asks (the loop or a test).
	let running: Promise<void> = Promise.resolve();
	const serialStep = () => (running = running.catch(() => undefined).then(step));

	const done = (async () => {
		const listening = await sql.listen('stadtidee_notifications', woken).catch(() => undefined);
		let backoff = 1000;
		while (!stopping) {
			try {
				pending = false;
				await serialStep();
				backoff = 1000;
				if (!pending && !stopping) {
					await new Promise<void>((resolve) => {
						wake = resolve;
						setTimeout(resolve, POLL_MS).unref();
					});
				}
			} catch (error) {
				// The database or SMTP away (a restart, a network cut): try again later, doubling the wait.
				log(`worker: ${(error as Error).message}; again in ${backoff / 1000} s`);
				await new Promise((resolve) => setTimeout(resolve, backoff).unref());
				backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
			}
		}
		await listening?.unlisten().catch(() => undefined);
		await running.catch(() => undefined);
		mailer?.close();
		await sql.end({ timeout: 5 });
	})();

	return {
		step: serialStep,
		async stop() {
			stopping = true;
			woken();
			await done;
		}
	};
}

/** Mail settings from the environment: SMTP_URL, MAIL_FROM and the app's origin (APP_URL or ORIGIN). */
export function mailOptionsFromEnv(env: NodeJS.ProcessEnv): MailOptions | undefined {
	const smtpUrl = env.SMTP_URL;
	const appUrl = env.APP_URL || env.ORIGIN;
	if (!smtpUrl) return undefined;
	if (!appUrl)
		throw new Error(
			'worker: SMTP_URL is set, so APP_URL (the app\u2019s public origin) must be too'
		);
	return { smtpUrl, appUrl, sender: env.MAIL_FROM || 'Stadtidee <no-reply@localhost>' };
}

/**
 * Push settings from the environment: PUBLIC_VAPID_KEY (the app offers it to browsers too),
 * VAPID_PRIVATE_KEY and VAPID_SUBJECT.
 */
export function pushOptionsFromEnv(env: NodeJS.ProcessEnv): PushOptions | undefined {
	const { PUBLIC_VAPID_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey } = env;
	if (!publicKey || !privateKey) return undefined;
	const subject = env.VAPID_SUBJECT;
	if (!subject)
		throw new Error(
			'worker: VAPID keys are set, so VAPID_SUBJECT (mailto: or https: of the operator) must be too'
		);
	return { publicKey, privateKey, subject };
}

/** Storage settings from the environment: PUBLIC_SUPABASE_URL and SUPABASE_SECRET_KEY. */
export function storageOptionsFromEnv(env: NodeJS.ProcessEnv): StorageOptions | undefined {
	const url = env.PUBLIC_SUPABASE_URL;
	const secretKey = env.SUPABASE_SECRET_KEY || env.SUPABASE_SERVICE_ROLE_KEY;
	return url && secretKey ? { url, secretKey } : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const databaseUrl = process.env.NOTIFIER_DATABASE_URL;
	if (!databaseUrl) {
		console.error(
			'worker: set NOTIFIER_DATABASE_URL (the database as the stadtidee_notifier role)'
		);
		process.exit(1);
	}
	const mail = mailOptionsFromEnv(process.env);
	const push = pushOptionsFromEnv(process.env);
	const storage = storageOptionsFromEnv(process.env);
	const worker = startNotificationWorker({ databaseUrl, mail, push, storage });
	console.log(
		`worker: running${mail ? `, mail through ${new URL(mail.smtpUrl).host}` : ', no SMTP_URL: no mail'}${push ? ', web push on' : ', no VAPID keys: no push'}; Ctrl-C to stop`
	);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void worker.stop().then(() => process.exit(0)));
	}
}
