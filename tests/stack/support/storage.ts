import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { expect } from 'vitest';
import { sql, stack } from '../../db/helpers.ts';

/** Where the test stack keeps object files: one per version, `<dataDir>/storage/objects/<version>`. */
export const objectsDir = join(stack.dataDir, 'storage', 'objects');

export async function exists(path: string): Promise<boolean> {
	return access(path).then(
		() => true,
		() => false
	);
}

/** A bucket of this test only (its policies name it, so no other test's files are touched). */
export async function createBucket(
	tag: string,
	opts: { public?: boolean; fileSizeLimit?: number; allowedMimeTypes?: string[] } = {}
): Promise<string> {
	const id = `${tag}-${randomUUID().slice(0, 8)}`;
	await sql`insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
		values (${id}, ${id}, ${opts.public ?? false}, ${opts.fileSizeLimit ?? null},
			${opts.allowedMimeTypes ?? null})`;
	return id;
}

type Command = 'select' | 'insert' | 'update' | 'delete';

/**
 * Owner-only folders, the policy Supabase's docs give: `(storage.foldername(name))[1] =
 * auth.uid()::text`, for the commands given, scoped to one bucket.
 */
export async function ownerFolderPolicies(bucket: string, commands: Command[]): Promise<void> {
	const check = `bucket_id = '${bucket}' and (storage.foldername(name))[1] = (select auth.uid()::text)`;
	for (const command of commands) {
		const clause =
			command === 'insert'
				? `with check (${check})`
				: command === 'update'
					? `using (${check}) with check (${check})`
					: `using (${check})`;
		await sql.unsafe(
			`create policy "${bucket} ${command}" on storage.objects for ${command} to authenticated ${clause}`
		);
	}
}

export interface Row {
	id: string;
	name: string;
	owner: string | null;
	owner_id: string | null;
	version: string;
	metadata: Record<string, unknown>;
	user_metadata: Record<string, unknown> | null;
}

export async function row(bucket: string, name: string): Promise<Row | undefined> {
	const [found] = await sql<
		Row[]
	>`select id, name, owner, owner_id, version, metadata, user_metadata
		from storage.objects where bucket_id = ${bucket} and name = ${name}`;
	return found;
}

/** The object's bytes as `client` downloads them, or the error storage-js reports. */
export async function read(
	client: SupabaseClient,
	bucket: string,
	name: string
): Promise<{ text?: string; error?: { status?: number; statusCode?: string; message: string } }> {
	const { data, error } = await client.storage.from(bucket).download(name);
	if (error) return { error: error as never };
	return { text: await data.text() };
}

export function expectStorageError(
	error: unknown,
	statusCode: string,
	message?: string | RegExp
): void {
	expect(error).toMatchObject({ status: statusCode === '500' ? 500 : 400, statusCode });
	if (message) expect((error as Error).message).toMatch(message);
}
