import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../../stack/ports.ts';
import { tempDir } from '../../../stack/temp.ts';

/**
 * `npm start` as a newcomer runs it, with nothing but the variables the README documents: a free
 * PORT, a throw-away STACK_DATA_DIR and free stack ports, so a developer's own stack on this
 * machine is left alone.
 */
export async function isolatedStart() {
	const data = await tempDir('npm-start');
	const [port, apiPort, dbPort] = [await freePort(), await freePort(), await freePort()];
	const env = {
		PORT: String(port),
		STACK_DATA_DIR: data.path,
		STACK_API_PORT: String(apiPort),
		STACK_DB_PORT: String(dbPort)
	};
	return { data, env, port, dbPort };
}

export interface Started {
	url: string;
	process: ChildProcess;
	output: string[];
}

export async function npmStart(env: Record<string, string>): Promise<Started> {
	const child = spawn('npm', ['start'], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
		// Its own process group: stopping it reaches the stack it started, by that group's id.
		detached: true
	});
	const output: string[] = [];
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`npm start: no URL\n${output.join('')}`)),
			150_000
		);
		const read = (chunk: Buffer) => {
			output.push(chunk.toString());
			const printed = /^ {2}app +(http:\/\/\S+)$/m.exec(output.join(''));
			if (printed && output.join('').includes('Press Ctrl-C to stop.')) {
				clearTimeout(timer);
				resolve(printed[1]!);
			}
		};
		child.stdout!.on('data', read);
		child.stderr!.on('data', read);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`npm start exited (${code})\n${output.join('')}`));
		});
	});
	return { url, process: child, output };
}

/**
 * Ctrl-C, as the README says: the terminal sends SIGINT to the whole foreground group. Resolves
 * to whether everything it started (stack, app) was gone within 30 s.
 */
export async function stop(started: Started): Promise<boolean> {
	const group = -started.process.pid!;
	process.kill(group, 'SIGINT');
	const alive = () => {
		try {
			process.kill(group, 0);
			return true;
		} catch {
			return false;
		}
	};
	const deadline = Date.now() + 30_000;
	while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
	return !alive();
}
