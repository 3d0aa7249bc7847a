import { SignJWT } from 'jose';
import { z } from 'zod';
import { asCaller, authenticate, verifyJwt } from '../caller.ts';
import type { Call, Ctx } from '../context.ts';
import { ERRORS } from '../errors.ts';
import { readJson, sendJson } from '../http.ts';
import { decodePath, mustBeValidBucketName, splitObjectPath } from '../names.ts';
import { findObject } from '../objects.ts';
import { sendObject } from './read.ts';

/** The claim Supabase puts in a download token, so no other JWT of the project opens an object. */
const SCOPE_DOWNLOAD = 'download';
/** Supabase's cap on paths per createSignedUrls call. */
const MAX_PATHS = 1000;
/** Signed URLs live at most a year here (Supabase checks the expiry is a sane number). */
const MAX_EXPIRES_IN = 365 * 24 * 3600;

const ExpiresIn = z.number().int().min(1).max(MAX_EXPIRES_IN);

/** A token over `{ url: "bucket/name", scope, exp }`, signed with the stack's legacy JWT secret. */
async function signUrl(ctx: Ctx, bucket: string, name: string, expiresIn: number): Promise<string> {
	const url = `${bucket}/${name}`;
	const token = await new SignJWT({ url, scope: SCOPE_DOWNLOAD })
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.setIssuedAt()
		.setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
		.sign(ctx.keys.legacySecret);
	return `/object/sign/${url}?token=${token}`;
}

/**
 * POST /object/sign/{bucket}/{name} `{ expiresIn }` → `{ signedURL }`: only for an object the
 * caller may select, as Supabase's signObjectUrl finds it first.
 */
export async function signOne(ctx: Ctx, call: Call, rest: string): Promise<void> {
	const caller = await authenticate(call.req, ctx.keys);
	const { bucket, name } = splitObjectPath(rest);
	const body = await readJson(call.req, z.object({ expiresIn: ExpiresIn }).passthrough());
	await asCaller(ctx.sql, caller, call.req, call.url.pathname, (tx) =>
		findObject(tx, bucket, name)
	);
	sendJson(call.res, 200, { signedURL: await signUrl(ctx, bucket, name, body.expiresIn) });
}

/**
 * POST /object/sign/{bucket} `{ expiresIn, paths }` → one `{ error, path, signedURL }` per path,
 * in order; a path the caller cannot select gets Supabase's error text and no URL.
 */
export async function signMany(ctx: Ctx, call: Call, rawBucket: string): Promise<void> {
	const caller = await authenticate(call.req, ctx.keys);
	const bucket = mustBeValidBucketName(decodePath(rawBucket));
	const body = await readJson(
		call.req,
		z.object({ expiresIn: ExpiresIn, paths: z.array(z.string()).min(1).max(MAX_PATHS) })
	);
	const visible = await asCaller(ctx.sql, caller, call.req, call.url.pathname, async (tx) => {
		const rows = await tx<{ name: string }[]>`
			select name from storage.objects where bucket_id = ${bucket} and name = any(${body.paths})`;
		return new Set(rows.map((row) => row.name));
	});
	const results = await Promise.all(
		body.paths.map(async (path) =>
			visible.has(path)
				? { error: null, path, signedURL: await signUrl(ctx, bucket, path, body.expiresIn) }
				: {
						error: 'Either the object does not exist or you do not have access to it',
						path,
						signedURL: null
					}
		)
	);
	sendJson(call.res, 200, results);
}

/**
 * GET /object/sign/{bucket}/{name}?token=… — no API key or session needed: the token is the
 * permission. It must verify with the stack's keys, be scoped for download, name exactly this
 * object and not be expired; the object is then read as the superuser, as Supabase does.
 */
export async function serveSigned(ctx: Ctx, call: Call, rest: string): Promise<void> {
	const { bucket, name } = splitObjectPath(rest);
	const token = call.url.searchParams.get('token');
	if (!token) throw ERRORS.invalidRequest("querystring must have required property 'token'");
	let payload: { url?: unknown; scope?: unknown; exp?: number };
	try {
		payload = await verifyJwt(token, ctx.keys);
	} catch (error) {
		throw ERRORS.invalidJwt((error as Error).message);
	}
	if (payload.scope !== SCOPE_DOWNLOAD) {
		throw ERRORS.invalidSignature(`Token is not scoped for ${SCOPE_DOWNLOAD}`);
	}
	if (payload.url !== `${bucket}/${name}`) throw ERRORS.invalidSignature();
	if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now()) {
		throw ERRORS.expiredSignature();
	}
	const object = await findObject(ctx.sql, bucket, name);
	await sendObject(ctx, call, object, { expires: new Date(payload.exp * 1000) });
}
