/**
 * npm run db:types — generates src/lib/types/database.ts from the migrations with Supabase's own
 * generator (@supabase/postgres-meta, the code `supabase gen types` runs inside Docker), against a
 * throw-away stack. `--check` compares instead of writing (exit 1 when the file is stale).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { startStack } from '../stack/index.ts';
import { tempDir, ROOT_DIR } from '../tests/helpers/temp.ts';

const PG_META = '@supabase/postgres-meta@0.99.0';
const TARGET = join(ROOT_DIR, 'src/lib/types/database.ts');

/** Fetches the pinned generator into npm's cache (like npx) and returns its server entry point. */
function generatorEntry(): string {
	const path = execFileSync(
		'npm',
		['exec', '--yes', `--package=${PG_META}`, '-c', 'echo "$PATH"'],
		{
			cwd: ROOT_DIR,
			encoding: 'utf8'
		}
	);
	for (const bin of path.trim().split(':')) {
		const entry = join(dirname(bin), '@supabase/postgres-meta/dist/server/server.js');
		if (bin.endsWith('node_modules/.bin') && existsSync(entry)) return entry;
	}
	throw new Error(`could not locate ${PG_META} after npm exec`);
}

export async function generateTypes(dbUrl: string): Promise<string> {
	const types = execFileSync(process.execPath, [generatorEntry()], {
		encoding: 'utf8',
		maxBuffer: 32 * 1024 * 1024,
		env: {
			...process.env,
			PG_META_DB_URL: dbUrl,
			PG_META_GENERATE_TYPES: 'typescript',
			PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: 'public'
		}
	});
	return types.trimEnd() + '\n';
}

async function main(): Promise<void> {
	const data = await tempDir('types');
	const stack = await startStack({ rootDir: ROOT_DIR, dataDir: data.path, log: () => {} });
	try {
		const types = await generateTypes(stack.dbUrl);
		if (process.argv.includes('--check')) {
			const current = await readFile(TARGET, 'utf8').catch(() => '');
			if (current !== types) {
				console.error('src/lib/types/database.ts is stale: run npm run db:types');
				process.exitCode = 1;
			} else console.log('src/lib/types/database.ts is current.');
		} else {
			await writeFile(TARGET, types);
			console.log(`wrote ${TARGET}`);
		}
	} finally {
		await stack.stop();
		await data.remove();
	}
}

await main();
