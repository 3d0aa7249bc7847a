import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throw-away directory (readable by the `postgres` OS user when run as root). */
export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
	const path = await mkdtemp(join(tmpdir(), `stadtidee-${prefix}-`));
	await chmod(path, 0o755);
	return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
