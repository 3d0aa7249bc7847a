import type { ChildExit } from './child.ts';

/**
 * Ties a running stack (and anything started with it) to this process: Ctrl-C or SIGTERM stops
 * everything in order and exits 0; a part that dies on its own is reported with its last output,
 * the rest is stopped and the process exits 1 — never left hanging half-alive.
 */
export function superviseUntilExit(
	crashes: Promise<ChildExit>[],
	stop: () => Promise<void>,
	log: (line: string) => void
): void {
	let stopping = false;
	const shutdown = async (code: number) => {
		if (stopping) return;
		stopping = true;
		await stop();
		process.exit(code);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			log(`stack: ${signal} received, stopping …`);
			void shutdown(0);
		});
	}
	// npm does not pass SIGTERM on to a script: if whoever started us goes away, we go too.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) {
			log('stack: the parent process exited, stopping …');
			void shutdown(0);
		}
	}, 1000).unref();
	void Promise.race(crashes).then((exit) => {
		if (stopping) return;
		log(
			`stack: ${exit.part} stopped unexpectedly (code ${exit.code}, signal ${exit.signal}). Last output:\n` +
				exit.tail.map((line) => `  ${line}`).join('\n')
		);
		void shutdown(1);
	});
}
