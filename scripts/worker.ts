/**
 * npm run worker — the notification worker (ADR 011): fans the outbox
 * (private.notification_events) out to the people who should hear of each event. It connects as the
 * role `stadtidee_notifier` (NOTIFIER_DATABASE_URL), which may do this and nothing else, wakes on
 * `NOTIFY stadtidee_notifications` and looks every POLL_MS as well (a lost wake-up only delays).
 * Any number of copies may run side by side. `npm start` runs one against the local stack.
 */
import postgres from 'postgres';

const POLL_MS = 10_000;
const BATCH = 100;
const MAX_BACKOFF_MS = 60_000;

export interface NotificationWorker {
	/** Resolves once the worker has stopped (after the step under way). */
	stop(): Promise<void>;
}

/** Starts the worker loop on `databaseUrl`; `log` gets one line per step that did something. */
export function startNotificationWorker(
	databaseUrl: string,
	log: (line: string) => void = console.log
): NotificationWorker {
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	let stopping = false;
	// A wake-up during a step is remembered, so the loop steps again instead of waiting.
	let pending = false;
	let wake: (() => void) | undefined;
	const woken = () => {
		pending = true;
		wake?.();
	};

	async function step(): Promise<number> {
		let events = 0;
		for (;;) {
			const [row] = await sql<{ n: number }[]>`
				select private.fan_out_notifications(${BATCH}) as n`;
			events += row!.n;
			if (row!.n < BATCH) return events;
		}
	}

	const done = (async () => {
		const listening = await sql.listen('stadtidee_notifications', woken).catch(() => undefined);
		let backoff = 1000;
		while (!stopping) {
			try {
				pending = false;
				const events = await step();
				if (events > 0) log(`worker: ${events} event(s) fanned out`);
				backoff = 1000;
				if (!pending && !stopping) {
					await new Promise<void>((resolve) => {
						wake = resolve;
						setTimeout(resolve, POLL_MS).unref();
					});
				}
			} catch (error) {
				// The database away (a restart, a network cut): try again later, doubling the wait.
				log(`worker: ${(error as Error).message}; again in ${backoff / 1000} s`);
				await new Promise((resolve) => setTimeout(resolve, backoff).unref());
				backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
			}
		}
		await listening?.unlisten().catch(() => undefined);
		await sql.end({ timeout: 5 });
	})();

	return {
		async stop() {
			stopping = true;
			woken();
			await done;
		}
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const url = process.env.NOTIFIER_DATABASE_URL;
	if (!url) {
		console.error(
			'worker: set NOTIFIER_DATABASE_URL (the database as the stadtidee_notifier role)'
		);
		process.exit(1);
	}
	const worker = startNotificationWorker(url);
	console.log('worker: running; Ctrl-C to stop');
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void worker.stop().then(() => process.exit(0)));
	}
}
