import type { Child, ChildExit } from './child.ts';

/** Starts tried in a row before a part counts as dead. */
const MAX_ATTEMPTS = 6;
/** The wait before each start: 1 s, doubling up to 10 s. */
const delayMs = (attempt: number) => Math.min(10_000, 1_000 * 2 ** (attempt - 1));

export interface KeptRunning {
	/** The running process's PID (it changes with every restart). */
	readonly pid: number;
	/** Resolves only when the part could not be started again (MAX_ATTEMPTS in a row). */
	exited: Promise<ChildExit>;
	stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Keeps a part of the stack running, as a Supabase project's containers are kept by their restart
 * policy: when it ends without being asked to (a crash, an OOM kill, an operator's kill), it is
 * started again after a short wait, longer while starts keep failing. The app meanwhile answers
 * 503 and recovers by itself once the part is back.
 */
export function keepRunning(
	first: Child,
	start: () => Promise<Child>,
	log: (line: string) => void
): KeptRunning {
	let child = first;
	let stopping = false;
	let dead!: (exit: ChildExit) => void;
	const exited = new Promise<ChildExit>((resolve) => (dead = resolve));

	const watch = (running: Child) =>
		void running.exited.then(async (exit) => {
			if (stopping || exit.expected) return;
			log(
				`stack: ${exit.part} ended (${exit.signal ?? `exit code ${exit.code}`}); starting it again …`
			);
			for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
				await new Promise((resolve) => setTimeout(resolve, delayMs(attempt)));
				if (stopping) return;
				try {
					child = await start();
				} catch (error) {
					log(`stack: ${exit.part} did not start (try ${attempt}): ${String(error)}`);
					continue;
				}
				// Asked to stop while it was starting: it is stopped like the others.
				if (stopping) {
					await child.stop();
					return;
				}
				log(`stack: ${exit.part} running again (pid ${child.pid})`);
				watch(child);
				return;
			}
			dead(exit);
		});
	watch(first);

	return {
		get pid() {
			return child.pid;
		},
		exited,
		async stop(signal) {
			stopping = true;
			await child.stop(signal);
		}
	};
}
