import { z } from 'zod';
import { asCaller, authenticate } from '../caller.ts';
import type { Call, Ctx } from '../context.ts';
import { readJson, sendJson } from '../http.ts';
import { decodePath, mustBeValidBucketName } from '../names.ts';

/** Supabase's cap on objects per remove call. */
const MAX_PREFIXES = 1000;

/**
 * DELETE /object/{bucket} `{ prefixes: [names] }` → the removed objects' rows. The delete runs as
 * the caller: only rows their delete policies let through go (the rest stay, silently, as on
 * Supabase), and only those rows' files are removed — after the commit, so a rolled-back delete
 * never loses a file.
 */
export async function remove(ctx: Ctx, call: Call, rawBucket: string): Promise<void> {
	const caller = await authenticate(call.req, ctx.keys);
	const bucket = mustBeValidBucketName(decodePath(rawBucket));
	const { prefixes } = await readJson(
		call.req,
		z.object({ prefixes: z.array(z.string()).min(1).max(MAX_PREFIXES) })
	);
	const removed = await asCaller(
		ctx.sql,
		caller,
		call.req,
		call.url.pathname,
		(tx) =>
			tx<Record<string, unknown>[]>`
			delete from storage.objects where bucket_id = ${bucket} and name = any(${prefixes})
			returning id, bucket_id, name, owner, owner_id, version, metadata, user_metadata,
				created_at, updated_at, last_accessed_at`
	);
	for (const row of removed) await ctx.files.remove(row.version as string | null);
	sendJson(call.res, 200, removed);
}
