import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from '../stack/cli.ts';

/** Newest modification time below `path` (files only). */
function newest(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

/** `vite build` unless build/ is newer than everything it is made from. */
export async function buildIfStale(log: (line: string) => void): Promise<void> {
	const output = join(ROOT_DIR, 'build', 'index.js');
	const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
	const sourceTime = Math.max(...inputs.map((input) => newest(join(ROOT_DIR, input))));
	if (existsSync(output) && statSync(output).mtimeMs > sourceTime) return;
	log('app: building (vite build) …');
	const build = spawn(join(ROOT_DIR, 'node_modules/.bin/vite'), ['build', '--logLevel', 'error'], {
		cwd: ROOT_DIR,
		stdio: ['ignore', 'inherit', 'inherit']
	});
	const code = await new Promise<number | null>((resolve) => build.on('close', resolve));
	if (code !== 0) throw new Error(`vite build failed (exit code ${code})`);
}
