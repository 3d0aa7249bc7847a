import { pipeline } from 'node:stream';
import type { TransactionSql } from 'postgres';
import { asCaller, authenticate } from '../caller.ts';
import type { Call, Ctx } from '../context.ts';
import { ERRORS } from '../errors.ts';
import { header, sendJson } from '../http.ts';
import { splitObjectPath } from '../names.ts';
import { findBucket, findObject, type ObjectRow } from '../objects.ts';

/** How a download route decides who may read (Supabase's getObject, getPublicObject). */
export type Access = 'authenticated' | 'public' | 'any';

/**
 * The object a route serves: in a public bucket anyone gets it (read as the superuser, as
 * Supabase does); in a private one only through the caller's select policies. A request without
 * a valid token sees a private bucket as missing.
 */
export async function resolveObject(
	ctx: Ctx,
	call: Call,
	rest: string,
	access: Access
): Promise<ObjectRow> {
	const { bucket: bucketId, name } = splitObjectPath(rest);
	if (access === 'public') {
		const bucket = await findBucket(ctx.sql, bucketId);
		if (!bucket.public) throw ERRORS.noSuchBucket();
		return findObject(ctx.sql, bucketId, name);
	}
	const caller = await authenticate(call.req, ctx.keys, { allowAnon: access === 'any' });
	const bucket = await findBucket(ctx.sql, bucketId);
	if (!caller.authenticated && !bucket.public) throw ERRORS.noSuchBucket();
	if (bucket.public) return findObject(ctx.sql, bucketId, name);
	return asCaller(ctx.sql, caller, call.req, call.url.pathname, (tx: TransactionSql) =>
		findObject(tx, bucketId, name)
	);
}

/**
 * Sends the object's file with the headers Supabase's asset renderer sets: the stored type, ETag,
 * Last-Modified, Content-Length, the upload's Cache-Control (or Expires for a signed URL), and
 * `X-Content-Type-Options: nosniff`. `?download` makes it an attachment.
 */
export async function sendObject(
	ctx: Ctx,
	call: Call,
	object: ObjectRow,
	opts: { expires?: Date } = {}
): Promise<void> {
	const { req, res, url } = call;
	const file = await ctx.files.open(object.version);
	if (!file) throw ERRORS.noSuchKey();
	const meta = object.metadata ?? {};
	const headers: Record<string, string | number> = {
		'content-type': meta.mimetype ?? 'application/octet-stream',
		'content-length': file.size,
		'x-content-type-options': 'nosniff',
		'x-robots-tag': 'none'
	};
	if (meta.eTag) headers.etag = meta.eTag;
	const modified = new Date(meta.lastModified ?? object.updated_at);
	if (!Number.isNaN(modified.getTime())) headers['last-modified'] = modified.toUTCString();
	if (opts.expires) headers.expires = opts.expires.toUTCString();
	else headers['cache-control'] = meta.cacheControl ?? 'no-cache';
	const download = url.searchParams.get('download');
	if (download !== null) {
		const encoded = encodeURIComponent(download);
		headers['content-disposition'] =
			download === ''
				? 'attachment;'
				: `attachment; filename=${encoded}; filename*=UTF-8''${encoded}`;
	}
	if (meta.eTag && header(req, 'if-none-match') === meta.eTag) {
		await file.close();
		delete headers['content-length'];
		res.writeHead(304, headers);
		res.end();
		return;
	}
	res.writeHead(200, headers);
	if (req.method === 'HEAD') {
		await file.close();
		res.end();
		return;
	}
	// However it ends (done, a read error, the client gone), the stream is destroyed and closes
	// the file it owns: a handle left to the garbage collector would be a leak.
	pipeline(file.stream(), res, () => undefined);
}

/** GET|HEAD /object/{bucket}/{name}, /object/authenticated/…, /object/public/…. */
export async function download(ctx: Ctx, call: Call, rest: string, access: Access): Promise<void> {
	await sendObject(ctx, call, await resolveObject(ctx, call, rest, access));
}

/** GET /object/info/{…}: what storage-js's info() and exists() read (Supabase's InfoRenderer). */
export async function info(ctx: Ctx, call: Call, rest: string, access: Access): Promise<void> {
	const object = await resolveObject(ctx, call, rest, access);
	const meta = object.metadata ?? {};
	sendJson(call.res, 200, {
		id: object.id,
		name: object.name,
		version: object.version,
		bucket_id: object.bucket_id,
		size: meta.size ?? null,
		content_type: meta.mimetype ?? null,
		cache_control: meta.cacheControl ?? null,
		etag: meta.eTag ?? null,
		metadata: object.user_metadata,
		last_modified: object.updated_at,
		created_at: object.created_at
	});
}
