/**
 * npm run db:types — generates src/lib/types/database.ts from the migrations with Supabase's own
 * generator (@supabase/postgres-meta, the code `supabase gen types` runs inside Docker), against a
 * throw-away stack. tests/stack/types.test.ts fails when the committed file is stale.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from '../stack/index.ts';
import { ROOT_DIR } from '../stack/cli.ts';
import { tempDir } from '../stack/temp.ts';

export const TYPES_FILE = join(ROOT_DIR, 'src/lib/types/database.ts');

/** Supabase's generator, pinned as a dev dependency: installed with the project, never fetched here. */
const GENERATOR = join(ROOT_DIR, 'node_modules/@supabase/postgres-meta/dist/server/server.js');

export async function generateTypes(dbUrl: string): Promise<string> {
	const types = execFileSync(process.execPath, [GENERATOR], {
		encoding: 'utf8',
		maxBuffer: 32 * 1024 * 1024,
		env: {
			...process.env,
			PG_META_DB_URL: dbUrl,
			PG_META_GENERATE_TYPES: 'typescript',
			PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: 'public',
			// As `supabase gen types` does: lets supabase-js type PostgREST 12's features exactly.
			PG_META_POSTGREST_VERSION: '12.0.2'
		}
	});
	return types.trimEnd() + '\n';
}

async function main(): Promise<void> {
	const data = await tempDir('types');
	const stack = await startStack({ rootDir: ROOT_DIR, dataDir: data.path, log: () => {} });
	try {
		await writeFile(TYPES_FILE, await generateTypes(stack.dbUrl));
		console.log(`wrote ${TYPES_FILE}`);
	} finally {
		await stack.stop();
		await data.remove();
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
