import { spawn, type SpawnOptions } from 'node:child_process';

/** How a supervised child ended; `expected` is true when we asked it to stop. */
export interface ChildExit {
	part: string;
	code: number | null;
	signal: NodeJS.Signals | null;
	expected: boolean;
	/** The last lines it printed, to say why it died. */
	tail: string[];
}

export interface Child {
	pid: number;
	exited: Promise<ChildExit>;
	/** Ask politely (`signal`), then SIGKILL after `graceMs`. Resolves once the process is gone. */
	stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ChildExit>;
}

const TAIL_LINES = 30;

/**
 * Spawns a long-running part of the stack, keeps the tail of its output for error reports and
 * resolves `exited` whenever it ends — so a crash is noticed instead of leaving the stack hanging.
 */
export function superviseChild(
	part: string,
	command: string,
	args: string[],
	options: SpawnOptions & { onLine?: (line: string) => void }
): Child {
	const { onLine, ...spawnOptions } = options;
	const proc = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
	if (proc.pid === undefined) throw new Error(`${part}: could not start ${command}`);
	const tail: string[] = [];
	let stopping = false;

	const collect = (chunk: Buffer) => {
		for (const line of chunk.toString('utf8').split('\n')) {
			if (!line.trim()) continue;
			tail.push(line);
			if (tail.length > TAIL_LINES) tail.shift();
			onLine?.(line);
		}
	};
	proc.stdout?.on('data', collect);
	proc.stderr?.on('data', collect);

	const exited = new Promise<ChildExit>((resolve) => {
		proc.on('error', (error) => {
			tail.push(String(error));
		});
		proc.on('close', (code, signal) => resolve({ part, code, signal, expected: stopping, tail }));
	});

	return {
		pid: proc.pid,
		exited,
		async stop(signal = 'SIGTERM', graceMs = 10_000) {
			stopping = true;
			if (proc.exitCode === null && proc.signalCode === null) {
				proc.kill(signal);
				const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
				const result = await exited;
				clearTimeout(timer);
				return result;
			}
			return exited;
		}
	};
}

/** Whether a process with this PID still exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
