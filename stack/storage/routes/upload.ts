import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { authenticate, becomeCaller, transaction } from '../caller.ts';
import type { Call, Ctx } from '../context.ts';
import { ERRORS, StorageError } from '../errors.ts';
import type { WrittenFile } from '../files.ts';
import { header, readBody, sendJson } from '../http.ts';
import { splitObjectPath } from '../names.ts';
import { findBucket, type ObjectMetadata } from '../objects.ts';

/** Multipart bodies carry a boundary and form fields besides the file. */
const MULTIPART_OVERHEAD = 1 << 20;
/** Supabase's cap on user metadata (x-metadata / the `metadata` form field). */
const MAX_USER_METADATA_BYTES = 1 << 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Supabase's check of a type against a bucket's allowed_mime_types (src/storage/uploader.ts):
 * `type/sub` matches `type/sub` or `type/*`, compared as sent — parameters included.
 */
export function validateMimeType(mimeType: string, allowed: string[]): void {
	const [type, sub] = mimeType.split('/');
	if (sub === undefined) throw ERRORS.invalidMimeType(mimeType);
	for (const entry of allowed) {
		const [allowedType, allowedSub] = entry.split('/');
		if (allowedType === type && (allowedSub === '*' || allowedSub === sub)) return;
	}
	throw ERRORS.invalidMimeType(mimeType);
}

function parseUserMetadata(json: string | undefined): Record<string, unknown> | null {
	if (json === undefined) return null;
	if (Buffer.byteLength(json, 'utf8') > MAX_USER_METADATA_BYTES) {
		throw new StorageError(
			413,
			'EntityTooLarge',
			'The user_metadata exceeded the maximum allowed size',
			'Payload too large'
		);
	}
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		throw ERRORS.invalidRequest('Invalid metadata');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw ERRORS.invalidRequest('Invalid metadata');
	}
	return value as Record<string, unknown>;
}

interface Upload {
	file: WrittenFile;
	mimeType: string;
	cacheControl: string;
	userMetadata: Record<string, unknown> | null;
}

/** Reads what is left of a refused body (up to a cap), so the client gets the answer, not a reset. */
function drain(req: IncomingMessage, cap: number): Promise<void> {
	return new Promise((resolve) => {
		if (req.readableEnded) return resolve();
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > cap) {
				req.destroy();
				resolve();
			}
		});
		req.on('end', resolve);
		req.on('close', resolve);
		req.resume();
	});
}

/** The file of a multipart/form-data body, as storage-js sends a Blob or File. */
async function readMultipart(
	ctx: Ctx,
	call: Call,
	limit: number,
	allowed: string[]
): Promise<Upload> {
	const body = await readBody(call.req, limit + MULTIPART_OVERHEAD, ERRORS.entityTooLarge);
	let form: FormData;
	try {
		form = await new Response(new Uint8Array(body), {
			headers: { 'content-type': header(call.req, 'content-type')! }
		}).formData();
	} catch {
		throw ERRORS.invalidRequest('No content provided');
	}
	const file = [...form.values()].find((value): value is File => typeof value !== 'string');
	if (!file) throw ERRORS.invalidRequest('No content provided');
	const field = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : undefined;
	};
	const mimeType = field('contentType') || file.type || 'application/octet-stream';
	if (allowed.length > 0) validateMimeType(mimeType, allowed);
	if (file.size > limit) throw ERRORS.entityTooLarge();
	const userMetadata = parseUserMetadata(field('metadata') ?? field('userMetadata'));
	const cacheTime = field('cacheControl');
	const written = await ctx.files.write(
		[Buffer.from(await file.arrayBuffer())],
		limit,
		ERRORS.entityTooLarge
	);
	return {
		file: written,
		mimeType,
		cacheControl: cacheTime ? `max-age=${cacheTime}` : 'no-cache',
		userMetadata
	};
}

/** A binary body: the type and cache control come from the headers, metadata from x-metadata. */
async function readBinary(ctx: Ctx, call: Call, limit: number, allowed: string[]): Promise<Upload> {
	const { req } = call;
	const mimeType = header(req, 'content-type') || 'application/octet-stream';
	if (allowed.length > 0) validateMimeType(mimeType, allowed);
	const declared = Number(header(req, 'content-length'));
	if (Number.isFinite(declared) && declared > limit) throw ERRORS.entityTooLarge();
	const encoded = header(req, 'x-metadata');
	const userMetadata = parseUserMetadata(
		encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8')
	);
	const file = await ctx.files.write(req, limit, ERRORS.entityTooLarge);
	return { file, mimeType, cacheControl: header(req, 'cache-control') ?? 'no-cache', userMetadata };
}

/**
 * POST /object/{bucket}/{name} (upsert when `x-upsert: true`) and PUT (always an upsert), as
 * Supabase Storage's createObject/updateObject: the bucket's size and type limits first, the
 * file written aside, then one transaction as the caller — `insert` (policies: insert) or
 * `insert … on conflict do update … returning` (insert, select and update) — in which the file
 * is moved into place. After the commit the replaced version's file goes.
 */
export async function upload(
	ctx: Ctx,
	call: Call,
	rest: string,
	method: 'POST' | 'PUT'
): Promise<void> {
	const { req } = call;
	try {
		const caller = await authenticate(req, ctx.keys);
		const { bucket: bucketId, name } = splitObjectPath(rest);
		const upsert = method === 'PUT' || header(req, 'x-upsert') === 'true';
		const bucket = await findBucket(ctx.sql, bucketId);
		const limit = Math.min(ctx.config.fileSizeLimit, bucket.file_size_limit ?? Infinity);
		const allowed = bucket.allowed_mime_types ?? [];
		const multipart = (header(req, 'content-type') ?? '')
			.toLowerCase()
			.startsWith('multipart/form-data');
		const incoming = multipart
			? await readMultipart(ctx, call, limit, allowed)
			: await readBinary(ctx, call, limit, allowed);

		const version = randomUUID();
		const metadata: ObjectMetadata = {
			eTag: `"${incoming.file.md5}"`,
			size: incoming.file.size,
			mimetype: incoming.mimeType,
			cacheControl: incoming.cacheControl,
			lastModified: new Date().toISOString(),
			contentLength: incoming.file.size,
			httpStatusCode: 200
		};
		const sub = typeof caller.claims.sub === 'string' ? caller.claims.sub : null;
		const owner = sub && UUID.test(sub) ? sub : null;
		let published = false;
		let result: { id: string; previous: string | null };
		try {
			result = await transaction(ctx.sql, async (tx) => {
				// Writers of one name take turns, so the version an upsert replaces is the one read here.
				await tx`select pg_advisory_xact_lock(hashtext(${bucketId}), hashtext(${name}))`;
				const [current] = await tx<{ version: string | null }[]>`
					select version from storage.objects where bucket_id = ${bucketId} and name = ${name}`;
				await becomeCaller(tx, caller, req, call.url.pathname);
				let id: string = randomUUID();
				const values = {
					id,
					bucket_id: bucketId,
					name,
					owner,
					owner_id: sub,
					metadata: tx.json(metadata as never),
					user_metadata: incoming.userMetadata ? tx.json(incoming.userMetadata as never) : null,
					version
				};
				if (upsert) {
					const [row] = await tx<{ id: string }[]>`
						insert into storage.objects ${tx(values)}
						on conflict (bucket_id, name) do update set
							owner = excluded.owner, owner_id = excluded.owner_id, metadata = excluded.metadata,
							user_metadata = excluded.user_metadata, version = excluded.version
						returning id`;
					id = row!.id;
				} else {
					await tx`insert into storage.objects ${tx(values)}`.catch((error: unknown) => {
						if ((error as { code?: string }).code === '23505') throw ERRORS.keyAlreadyExists();
						throw error;
					});
				}
				await ctx.files.publish(incoming.file, version);
				published = true;
				return { id, previous: current?.version ?? null };
			});
		} catch (error) {
			if (published) await ctx.files.remove(version);
			else await ctx.files.discard(incoming.file);
			throw error;
		}
		if (result.previous && result.previous !== version) await ctx.files.remove(result.previous);
		sendJson(call.res, 200, { Id: result.id, Key: `${bucketId}/${name}` });
	} catch (error) {
		await drain(req, 64 << 20);
		throw error;
	}
}
