import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** A throw-away directory (readable by the `postgres` OS user when tests run as root). */
export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
	const path = await mkdtemp(join(tmpdir(), `stadtidee-${prefix}-`));
	await chmod(path, 0o755);
	return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A project root whose supabase/ is a copy of ours, so a test may add migrations to it. */
export async function projectCopy(): Promise<{ path: string; remove(): Promise<void> }> {
	const dir = await tempDir('project');
	await cp(join(ROOT_DIR, 'supabase'), join(dir.path, 'supabase'), { recursive: true });
	return dir;
}
