import { readFile } from 'node:fs/promises';
import { expect, inject, test } from 'vitest';
import { generateTypes, TYPES_FILE } from '../../scripts/db-types.ts';

test(
	'src/lib/types/database.ts is what Supabase’s generator makes of the migrations',
	{ timeout: 180_000 },
	async () => {
		const generated = await generateTypes(inject('stack').dbUrl);
		expect(generated).toContain('export type Database');
		// When this fails: npm run db:types
		expect(await readFile(TYPES_FILE, 'utf8')).toBe(generated);
	}
);
