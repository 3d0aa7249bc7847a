import { createClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { expect, test } from 'vitest';
import { startStack, type Stack } from '../../stack/index.ts';
import { ROOT_DIR, tempDir } from '../helpers/temp.ts';

const quiet = () => {};

function serverClient(stack: Stack) {
	// What an app server uses for the service role: the secret key, never sent by a browser.
	return createClient(stack.apiUrl, stack.secretKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
	});
}

// Two whole starts of one data dir (initdb, every migration, the seed): slow on a busy machine.
test(
	'a second start of the same data dir serves the same files',
	{ timeout: 180_000 },
	async () => {
		const data = await tempDir('storage');
		try {
			let stack = await startStack({ rootDir: ROOT_DIR, dataDir: data.path, log: quiet });
			try {
				expect(stack.storageUrl).toBe(`${stack.apiUrl}/storage/v1`);
				const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
				await sql`insert into storage.buckets (id, name) values ('kept', 'kept')`;
				await sql.end();
				const up = await serverClient(stack)
					.storage.from('kept')
					.upload('a/b.txt', 'bleibt', { contentType: 'text/plain' });
				expect(up.error).toBeNull();
			} finally {
				await stack.stop();
			}

			stack = await startStack({ rootDir: ROOT_DIR, dataDir: data.path, log: quiet });
			try {
				const { data: file, error } = await serverClient(stack)
					.storage.from('kept')
					.download('a/b.txt');
				expect(error).toBeNull();
				expect(await file!.text()).toBe('bleibt');
			} finally {
				await stack.stop();
			}
		} finally {
			await data.remove();
		}
	}
);
