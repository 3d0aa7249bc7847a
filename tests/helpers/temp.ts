import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT_DIR } from '../../stack/cli.ts';
import { tempDir } from '../../stack/temp.ts';

export { ROOT_DIR, tempDir };

/** A project root whose supabase/ is a copy of ours, so a test may add migrations to it. */
export async function projectCopy(): Promise<{ path: string; remove(): Promise<void> }> {
	const dir = await tempDir('project');
	await cp(join(ROOT_DIR, 'supabase'), join(dir.path, 'supabase'), { recursive: true });
	return dir;
}
