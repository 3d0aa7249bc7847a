import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, test } from 'vitest';
import { anonClient, createUser, service, sql, stack, type Actor } from '../db/helpers.ts';
import {
	createBucket,
	exists,
	expectStorageError,
	objectsDir,
	ownerFolderPolicies,
	read,
	row
} from './support/storage.ts';

/**
 * The local Storage API through supabase-js, as the app calls it: files in, out, listed, signed
 * and removed, with storage.objects policies deciding who may — each test on buckets of its own.
 */

let owner: Actor;
let other: Actor;
/** Owner-only folders: select, insert, update, delete. */
let bucket: string;

beforeAll(async () => {
	[owner, other] = await Promise.all([createUser(), createUser()]);
	bucket = await createBucket('photos');
	await ownerFolderPolicies(bucket, ['select', 'insert', 'update', 'delete']);
});

const api = (path: string) => `${stack.apiUrl}/storage/v1${path}`;
const bearer = async (actor: Actor) =>
	(await actor.client.auth.getSession()).data.session!.access_token;

describe('round trip', () => {
	test('upload, download, info, list and remove a file in the owner’s folder', async () => {
		const name = `${owner.id}/notes/a.txt`;
		const up = await owner.client.storage
			.from(bucket)
			.upload(name, Buffer.from('hallo Welt'), { contentType: 'text/plain' });
		expect(up.error).toBeNull();
		const stored = (await row(bucket, name))!;
		expect(up.data).toEqual({ id: stored.id, path: name, fullPath: `${bucket}/${name}` });
		expect(stored).toMatchObject({ owner: owner.id, owner_id: owner.id });
		expect(stored.metadata).toEqual({
			eTag: `"${createHash('md5').update('hallo Welt').digest('hex')}"`,
			size: 10,
			mimetype: 'text/plain',
			cacheControl: 'max-age=3600',
			lastModified: expect.any(String),
			contentLength: 10,
			httpStatusCode: 200
		});
		expect(await exists(join(objectsDir, stored.version))).toBe(true);

		expect(await read(owner.client, bucket, name)).toEqual({ text: 'hallo Welt' });
		const info = await owner.client.storage.from(bucket).info(name);
		expect(info.data).toMatchObject({ id: stored.id, size: 10, contentType: 'text/plain' });
		expect((await owner.client.storage.from(bucket).exists(name)).data).toBe(true);

		const top = await owner.client.storage.from(bucket).list(owner.id!);
		expect(top.data).toEqual([
			{
				name: 'notes',
				id: null,
				updated_at: null,
				created_at: null,
				last_accessed_at: null,
				metadata: null
			}
		]);
		const inner = await owner.client.storage.from(bucket).list(`${owner.id}/notes`);
		expect(inner.data).toEqual([expect.objectContaining({ name: 'a.txt', id: stored.id })]);

		const removed = await owner.client.storage.from(bucket).remove([name]);
		expect(removed.error).toBeNull();
		expect(removed.data).toEqual([expect.objectContaining({ id: stored.id, name })]);
		expect(await row(bucket, name)).toBeUndefined();
		expect(await exists(join(objectsDir, stored.version))).toBe(false);
		expectStorageError((await read(owner.client, bucket, name)).error, '404', 'Object not found');
		const gone = await owner.client.storage.from(bucket).exists(name);
		expect(gone.data).toBe(false);
	});

	test('the download carries the stored type, cache control, ETag, length, date and nosniff', async () => {
		const name = `${owner.id}/h.webp`;
		const bytes = Buffer.from('RIFF....WEBPVP8 ');
		const up = await owner.client.storage
			.from(bucket)
			.upload(name, new Blob([bytes], { type: 'image/webp' }), { cacheControl: '60' });
		expect(up.error).toBeNull();
		const stored = (await row(bucket, name))!;
		expect(stored.metadata).toMatchObject({ mimetype: 'image/webp', cacheControl: 'max-age=60' });

		const res = await fetch(api(`/object/authenticated/${bucket}/${name}`), {
			headers: { apikey: stack.publishableKey, authorization: `Bearer ${await bearer(owner)}` }
		});
		expect(res.status).toBe(200);
		expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
		expect(res.headers.get('content-type')).toBe('image/webp');
		expect(res.headers.get('cache-control')).toBe('max-age=60');
		expect(res.headers.get('etag')).toBe(stored.metadata.eTag);
		expect(res.headers.get('content-length')).toBe(String(bytes.length));
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(new Date(res.headers.get('last-modified')!).getTime()).toBeGreaterThan(
			Date.now() - 60_000
		);

		const again = await fetch(api(`/object/authenticated/${bucket}/${name}`), {
			headers: {
				apikey: stack.publishableKey,
				authorization: `Bearer ${await bearer(owner)}`,
				'if-none-match': stored.metadata.eTag as string
			}
		});
		expect(again.status).toBe(304);
	});

	test('a second upload of a name is a 409 Duplicate; upsert and update replace the file', async () => {
		const name = `${owner.id}/twice.txt`;
		const files = owner.client.storage.from(bucket);
		expect((await files.upload(name, 'one', { contentType: 'text/plain' })).error).toBeNull();
		const first = (await row(bucket, name))!;

		const duplicate = await files.upload(name, 'two', { contentType: 'text/plain' });
		expectStorageError(duplicate.error, '409', 'The resource already exists');
		expect(duplicate.error).toMatchObject({ code: 'KeyAlreadyExists' });
		expect(await read(owner.client, bucket, name)).toEqual({ text: 'one' });

		const upsert = await files.upload(name, 'three', { contentType: 'text/plain', upsert: true });
		expect(upsert.error).toBeNull();
		expect(upsert.data?.id).toBe(first.id);
		const second = (await row(bucket, name))!;
		expect(second.version).not.toBe(first.version);
		expect(await exists(join(objectsDir, first.version))).toBe(false);
		expect(await read(owner.client, bucket, name)).toEqual({ text: 'three' });

		const update = await files.update(name, 'four', { contentType: 'text/plain' });
		expect(update.error).toBeNull();
		expect(await read(owner.client, bucket, name)).toEqual({ text: 'four' });
		expect(await exists(join(objectsDir, second.version))).toBe(false);
	});

	test('user metadata is kept as sent', async () => {
		const name = `${owner.id}/meta.txt`;
		const up = await owner.client.storage
			.from(bucket)
			.upload(name, 'x', { contentType: 'text/plain', metadata: { alt: 'Ein Bild' } });
		expect(up.error).toBeNull();
		expect((await row(bucket, name))!.user_metadata).toEqual({ alt: 'Ein Bild' });
	});

	test('list pages and sorts, searches by name start, and shows each folder once', async () => {
		const base = `${owner.id}/list`;
		const files = owner.client.storage.from(bucket);
		for (const name of ['b.txt', 'A.txt', 'c/x.txt', 'c/y.txt', 'd.txt']) {
			expect(
				(await files.upload(`${base}/${name}`, name, { contentType: 'text/plain' })).error
			).toBeNull();
		}
		const names = async (options: Parameters<typeof files.list>[1]) =>
			(await files.list(base, options)).data!.map((entry) => entry.name);
		expect(await names({})).toEqual(['A.txt', 'b.txt', 'c', 'd.txt']);
		expect(await names({ sortBy: { column: 'name', order: 'desc' } })).toEqual([
			'd.txt',
			'c',
			'b.txt',
			'A.txt'
		]);
		expect(await names({ limit: 2, offset: 1 })).toEqual(['b.txt', 'c']);
		expect(await names({ search: 'b' })).toEqual(['b.txt']);
		expect(await names({ search: 'a' })).toEqual(['A.txt']);
		// By another column the folders come first, then the files: here the newest first.
		expect(await names({ sortBy: { column: 'created_at', order: 'desc' } })).toEqual([
			'c',
			'd.txt',
			'A.txt',
			'b.txt'
		]);
		expect((await files.list(`${base}/c`)).data!.map((entry) => entry.name)).toEqual([
			'x.txt',
			'y.txt'
		]);
	});
});

describe('who may', () => {
	test('another user can neither read, sign, overwrite nor remove the owner’s file', async () => {
		const name = `${owner.id}/private.txt`;
		expect(
			(await owner.client.storage.from(bucket).upload(name, 'mine', { contentType: 'text/plain' }))
				.error
		).toBeNull();
		const stored = (await row(bucket, name))!;
		const theirs = other.client.storage.from(bucket);

		expectStorageError((await read(other.client, bucket, name)).error, '404', 'Object not found');
		expectStorageError((await theirs.createSignedUrl(name, 60)).error, '404');
		expect((await theirs.list(owner.id!)).data).toEqual([]);
		const overwrite = await theirs.upload(name, 'yours', {
			contentType: 'text/plain',
			upsert: true
		});
		expectStorageError(overwrite.error, '403', 'new row violates row-level security policy');
		const plant = await theirs.upload(`${owner.id}/planted.txt`, 'x', {
			contentType: 'text/plain'
		});
		expectStorageError(plant.error, '403');
		expect(await row(bucket, `${owner.id}/planted.txt`)).toBeUndefined();

		const removed = await theirs.remove([name]);
		expect(removed).toEqual({ data: [], error: null });
		expect(await row(bucket, name)).toBeDefined();
		expect(await exists(join(objectsDir, stored.version))).toBe(true);
		expect(await read(owner.client, bucket, name)).toEqual({ text: 'mine' });
	});

	test('the signed-out visitor can neither read, upload nor remove', async () => {
		const name = `${owner.id}/visitor.txt`;
		await owner.client.storage.from(bucket).upload(name, 'v', { contentType: 'text/plain' });
		const visitor = anonClient();
		expectStorageError((await read(visitor, bucket, name)).error, '404', 'Object not found');
		// With no token at all (a link opened in a browser) a private bucket does not exist.
		const bare = await fetch(api(`/object/${bucket}/${name}`));
		expect(bare.status).toBe(400);
		expect(await bare.json()).toMatchObject({ statusCode: '404', message: 'Bucket not found' });
		const up = await visitor.storage.from(bucket).upload('anon/x.txt', 'x', {
			contentType: 'text/plain'
		});
		expectStorageError(up.error, '403', 'new row violates row-level security policy');
		expect(await visitor.storage.from(bucket).remove([name])).toEqual({ data: [], error: null });
		expect(await row(bucket, name)).toBeDefined();
	});

	test('an app server uploads with the secret key into any folder', async () => {
		const server = createClient(stack.apiUrl, stack.secretKey, {
			auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
		});
		const name = `${owner.id}/by-server.webp`;
		const up = await server.storage
			.from(bucket)
			.upload(name, 'RIFF', { contentType: 'image/webp' });
		expect(up.error).toBeNull();
		expect(await read(owner.client, bucket, name)).toEqual({ text: 'RIFF' });
		expect((await server.storage.from(bucket).remove([name])).data).toHaveLength(1);
	});

	test('the service role reads, writes and removes anywhere, past every policy', async () => {
		const name = `${owner.id}/by-service.txt`;
		const files = service.storage.from(bucket);
		const up = await files.upload(name, 'srv', { contentType: 'text/plain' });
		expect(up.error).toBeNull();
		expect((await row(bucket, name))!).toMatchObject({ owner: null, owner_id: null });
		expect(await read(service, bucket, name)).toEqual({ text: 'srv' });
		expect(await read(owner.client, bucket, name)).toEqual({ text: 'srv' });
		const removed = await files.remove([name]);
		expect(removed.data).toHaveLength(1);
		expect(await row(bucket, name)).toBeUndefined();
	});

	test('upsert needs select and update policies besides insert, as on Supabase', async () => {
		const insertOnly = await createBucket('insert-only');
		await ownerFolderPolicies(insertOnly, ['insert']);
		const files = owner.client.storage.from(insertOnly);
		const name = `${owner.id}/a.txt`;
		expect((await files.upload(name, 'a', { contentType: 'text/plain' })).error).toBeNull();
		const upsert = await files.upload(name, 'b', { contentType: 'text/plain', upsert: true });
		expectStorageError(upsert.error, '403');
		// A first upload with upsert inserts, but must read the row back: refused without select.
		const fresh = await files.upload(`${owner.id}/b.txt`, 'b', {
			contentType: 'text/plain',
			upsert: true
		});
		expectStorageError(fresh.error, '403');
		expect(await row(insertOnly, `${owner.id}/b.txt`)).toBeUndefined();
		expect(await read(service, insertOnly, name)).toEqual({ text: 'a' });
	});

	test('a bucket without policies refuses everyone but the service role', async () => {
		const closed = await createBucket('closed');
		const name = `${owner.id}/x.txt`;
		const mine = owner.client.storage.from(closed);
		expectStorageError((await mine.upload(name, 'x', { contentType: 'text/plain' })).error, '403');
		expect(
			(await service.storage.from(closed).upload(name, 'x', { contentType: 'text/plain' })).error
		).toBeNull();
		const stored = (await row(closed, name))!;
		expectStorageError((await read(owner.client, closed, name)).error, '404');
		expect((await mine.list(owner.id!)).data).toEqual([]);
		expectStorageError((await mine.createSignedUrl(name, 60)).error, '404');
		expect(await mine.remove([name])).toEqual({ data: [], error: null });
		expect(await exists(join(objectsDir, stored.version))).toBe(true);
		expect((await service.storage.from(closed).remove([name])).data).toHaveLength(1);
		expect(await exists(join(objectsDir, stored.version))).toBe(false);
	});

	test('no API role may truncate the storage tables (it would skip RLS and the delete guard)', async () => {
		const rows = await sql<{ v: string }[]>`select table_name || ' ' || grantee as v
			from information_schema.role_table_grants
			where table_schema = 'storage' and privilege_type = 'TRUNCATE'
			and grantee in ('anon', 'authenticated', 'service_role')`;
		expect(rows).toEqual([]);
	});

	test('removing by SQL is refused: files go through the API', async () => {
		await expect(sql`delete from storage.objects where bucket_id = ${bucket}`).rejects.toThrow(
			/Direct deletion from storage tables is not allowed/
		);
	});
});

describe('public buckets', () => {
	test('anyone opens a public URL; a private bucket has none', async () => {
		const open = await createBucket('public', { public: true });
		await ownerFolderPolicies(open, ['insert']);
		const name = `${owner.id}/p.txt`;
		expect(
			(await owner.client.storage.from(open).upload(name, 'pub', { contentType: 'text/plain' }))
				.error
		).toBeNull();
		const url = anonClient().storage.from(open).getPublicUrl(name).data.publicUrl;
		const res = await fetch(url);
		expect(res.status).toBe(200);
		expect(await res.text()).toBe('pub');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		// Without a select policy, too: a public bucket's objects are public.
		expect(await read(other.client, open, name)).toEqual({ text: 'pub' });
		expect(await read(anonClient(), open, name)).toEqual({ text: 'pub' });

		const privateName = `${owner.id}/hidden.txt`;
		await owner.client.storage.from(bucket).upload(privateName, 'h', { contentType: 'text/plain' });
		const hidden = await fetch(
			anonClient().storage.from(bucket).getPublicUrl(privateName).data.publicUrl
		);
		expect(hidden.status).toBe(400);
		expect(await hidden.json()).toEqual({
			statusCode: '404',
			code: 'NoSuchBucket',
			error: 'Bucket not found',
			message: 'Bucket not found'
		});
	});
});

describe('limits', () => {
	test('a file over the bucket’s size limit is a 413 and stores nothing', async () => {
		const small = await createBucket('small', { fileSizeLimit: 1024 });
		await ownerFolderPolicies(small, ['insert', 'select']);
		const name = `${owner.id}/big.bin`;
		const files = owner.client.storage.from(small);
		const big = await files.upload(name, Buffer.alloc(1025), {
			contentType: 'application/octet-stream'
		});
		expectStorageError(big.error, '413', 'The object exceeded the maximum allowed size');
		const blob = await files.upload(name, new Blob([Buffer.alloc(2048)]));
		expectStorageError(blob.error, '413');
		// A stream of unknown length: no Content-Length to refuse it by, the count stops it.
		const stream = new ReadableStream<Uint8Array>({
			start(controller) {
				for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(512));
				controller.close();
			}
		});
		const streamed = await files.upload(name, stream, { contentType: 'application/octet-stream' });
		expectStorageError(streamed.error, '413');
		expect(await row(small, name)).toBeUndefined();
		expect(await readdir(join(stack.dataDir, 'storage', 'tmp'))).toEqual([]);
		const fits = await files.upload(name, Buffer.alloc(1024), {
			contentType: 'application/octet-stream'
		});
		expect(fits.error).toBeNull();
	});

	test('a type the bucket does not allow is a 415 invalid_mime_type', async () => {
		const images = await createBucket('images', { allowedMimeTypes: ['image/webp', 'image/jp*'] });
		await ownerFolderPolicies(images, ['insert', 'select']);
		const files = owner.client.storage.from(images);
		const html = await files.upload(`${owner.id}/x.webp`, '<script>', { contentType: 'text/html' });
		expectStorageError(html.error, '415', 'mime type text/html is not supported');
		expect(html.error).toMatchObject({ code: 'InvalidMimeType' });
		const svg = await files.upload(
			`${owner.id}/x.svg`,
			new Blob(['<svg/>'], { type: 'image/svg+xml' })
		);
		expectStorageError(svg.error, '415');
		expect(await row(images, `${owner.id}/x.webp`)).toBeUndefined();
		const webp = await files.upload(`${owner.id}/x.webp`, 'RIFF', { contentType: 'image/webp' });
		expect(webp.error).toBeNull();
	});
});

describe('signed URLs', () => {
	let name: string;
	beforeAll(async () => {
		name = `${owner.id}/signed file (1).txt`;
		const up = await owner.client.storage
			.from(bucket)
			.upload(name, 'signiert', { contentType: 'text/plain' });
		expect(up.error).toBeNull();
	});

	test('a signed URL opens the object without key or session until it expires', async () => {
		const signed = await owner.client.storage.from(bucket).createSignedUrl(name, 60);
		expect(signed.error).toBeNull();
		const res = await fetch(signed.data!.signedUrl);
		expect(res.status).toBe(200);
		expect(await res.text()).toBe('signiert');
		expect(new Date(res.headers.get('expires')!).getTime()).toBeGreaterThan(Date.now());

		const download = await owner.client.storage
			.from(bucket)
			.createSignedUrl(name, 60, { download: 'bild.txt' });
		const attachment = await fetch(download.data!.signedUrl);
		expect(attachment.headers.get('content-disposition')).toMatch(
			/^attachment; filename=bild\.txt/
		);
	});

	test('several at once: a path the caller may not read gets an error, not a URL', async () => {
		const many = await owner.client.storage
			.from(bucket)
			.createSignedUrls([name, `${other.id}/nope.txt`], 60);
		expect(many.error).toBeNull();
		expect(many.data![0]).toMatchObject({ path: name, error: null });
		expect((await fetch(many.data![0]!.signedUrl!)).status).toBe(200);
		expect(many.data![1]).toEqual({
			path: `${other.id}/nope.txt`,
			error: 'Either the object does not exist or you do not have access to it',
			signedURL: null,
			signedUrl: null
		});
	});

	test('an expired signed URL is refused', async () => {
		const signed = await owner.client.storage.from(bucket).createSignedUrl(name, 1);
		await new Promise((resolve) => setTimeout(resolve, 2100));
		const res = await fetch(signed.data!.signedUrl);
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ statusCode: '400', code: 'InvalidJWT' });
	});

	test('a token for another object, a forged one or an access token open nothing', async () => {
		const signed = await owner.client.storage.from(bucket).createSignedUrl(name, 60);
		const token = new URL(signed.data!.signedUrl).searchParams.get('token')!;
		const elsewhere = await fetch(
			api(`/object/sign/${bucket}/${owner.id}/twice.txt?token=${token}`)
		);
		expect(await elsewhere.json()).toMatchObject({ code: 'InvalidSignature' });

		const { SignJWT } = await import('jose');
		const forged = await new SignJWT({ url: `${bucket}/${name}`, scope: 'download' })
			.setProtectedHeader({ alg: 'HS256' })
			.setExpirationTime('1h')
			.sign(new TextEncoder().encode('not-the-stack-secret-but-long-enough-1234'));
		const res = await fetch(api(`/object/sign/${bucket}/${encodeURI(name)}?token=${forged}`));
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ statusCode: '400', code: 'InvalidJWT' });

		const accessToken = await bearer(owner);
		const asToken = await fetch(
			api(`/object/sign/${bucket}/${encodeURI(name)}?token=${accessToken}`)
		);
		expect(await asToken.json()).toMatchObject({
			code: 'InvalidSignature',
			message: 'Token is not scoped for download'
		});
		const none = await fetch(api(`/object/sign/${bucket}/${encodeURI(name)}`));
		expect(none.status).toBe(400);
	});
});

describe('bad tokens', () => {
	test('a forged, expired or garbage bearer is refused with Storage’s error', async () => {
		const { SignJWT } = await import('jose');
		const claims = { sub: owner.id!, role: 'authenticated', aud: 'authenticated' };
		const expired = await new SignJWT(claims)
			.setProtectedHeader({ alg: 'HS256' })
			.setExpirationTime(Math.floor(Date.now() / 1000) - 10)
			.sign(new TextEncoder().encode(stack.jwtSecret));
		const forged = await new SignJWT(claims)
			.setProtectedHeader({ alg: 'HS256' })
			.setExpirationTime('1h')
			.sign(new TextEncoder().encode('not-the-stack-secret-but-long-enough-1234'));
		for (const token of [expired, forged, 'garbage']) {
			const res = await fetch(api(`/object/list/${bucket}`), {
				method: 'POST',
				headers: {
					apikey: stack.publishableKey,
					authorization: `Bearer ${token}`,
					'content-type': 'application/json'
				},
				body: JSON.stringify({ prefix: owner.id })
			});
			expect(res.status).toBe(400);
			expect(await res.json()).toMatchObject({
				statusCode: '403',
				code: 'AccessDenied',
				error: 'Unauthorized'
			});
		}
	});

	test('the app’s origin may send uploads from the browser (CORS)', async () => {
		const preflight = await fetch(api(`/object/${bucket}/x.webp`), {
			method: 'OPTIONS',
			headers: {
				origin: 'http://localhost:3000',
				'access-control-request-method': 'POST',
				'access-control-request-headers': 'authorization, apikey, x-upsert, content-type'
			}
		});
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
		expect(preflight.headers.get('access-control-allow-headers')).toMatch(/x-upsert/);
	});

	test('an unknown API key is refused by the gateway; the secret key is refused from a browser', async () => {
		const unknown = await fetch(api(`/object/list/${bucket}`), {
			method: 'POST',
			headers: { apikey: 'sb_publishable_nope' }
		});
		expect(unknown.status).toBe(401);
		const browser = await fetch(api(`/object/list/${bucket}`), {
			method: 'POST',
			headers: { apikey: stack.secretKey, 'user-agent': 'Mozilla/5.0' }
		});
		expect(browser.status).toBe(401);
	});
});

/** A request exactly as written: fetch and supabase-js would resolve dot segments first. */
function rawUpload(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
	const url = new URL(stack.apiUrl);
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			{
				host: url.hostname,
				port: url.port,
				method: 'POST',
				path: `/storage/v1/object/${path}`,
				headers: { apikey: stack.serviceRoleKey, 'content-type': 'text/plain' }
			},
			(res) => {
				let text = '';
				res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
				res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text || '{}') }));
			}
		);
		req.on('error', reject);
		req.end('escaped?');
	});
}

describe('names', () => {
	test('path traversal and odd names are refused as invalid keys, even for the service role', async () => {
		const folder = `${owner.id}`;
		const attempts = [
			`${bucket}/${folder}/..%2F..%2F..%2Fescape.txt`,
			`${bucket}/..%2Fescape.txt`,
			`${bucket}/${folder}/.%2Fescape.txt`,
			`${bucket}//escape.txt`,
			`${bucket}/${folder}//escape.txt`,
			`${bucket}/${folder}/%2Fescape.txt`,
			`${bucket}/${folder}/back%5Cslash.txt`,
			`${bucket}/${folder}/nul%00.txt`,
			`${bucket}/${folder}/line%0Abreak.txt`,
			`${bucket}/${folder}/Stra%C3%9Fe.txt`,
			`${bucket}/${folder}/bad%escape.txt`,
			`${bucket}/${folder}/${'x'.repeat(1025)}`
		];
		for (const path of attempts) {
			const { status, body } = await rawUpload(path);
			expect(status, path).toBe(400);
			expect(body, path).toMatchObject({ statusCode: '400', code: 'InvalidKey' });
		}
		const buckets = [`..%2F${bucket}/x.txt`, `%2E%2E%2Fx.txt/y.txt`];
		for (const path of buckets) {
			expect((await rawUpload(path)).body).toMatchObject({ statusCode: '400' });
		}
		// Dot segments the URL itself resolves never reach a bucket they did not name.
		const resolved = await rawUpload(`${bucket}/${folder}/../../../../../etc/escape.txt`);
		expect(resolved.status).toBe(404);

		const [count] = await sql<{ n: number }[]>`
			select count(*)::int as n from storage.objects where name like '%escape%' or name like '%Stra%'`;
		expect(count!.n).toBe(0);
		for (const place of ['', 'storage', '..', 'storage/objects', 'storage/tmp']) {
			expect(await exists(join(stack.dataDir, place, 'escape.txt'))).toBe(false);
		}
	});

	test('names with spaces, brackets and S3-safe signs round-trip', async () => {
		const name = `${owner.id}/Foto vom Platz (1) & mehr=@;:+,!'*.webp`;
		const files = owner.client.storage.from(bucket);
		expect((await files.upload(name, 'odd', { contentType: 'image/webp' })).error).toBeNull();
		expect(await read(owner.client, bucket, name)).toEqual({ text: 'odd' });
		const signed = await files.createSignedUrl(name, 60);
		expect(await (await fetch(signed.data!.signedUrl)).text()).toBe('odd');
		expect((await files.remove([name])).data).toHaveLength(1);
	});

	test('a name the bucket never had and a bucket that does not exist', async () => {
		expectStorageError((await read(owner.client, bucket, `${owner.id}/none.txt`)).error, '404');
		const missing = await service.storage.from('no-such-bucket').upload('a.txt', 'x');
		expectStorageError(missing.error, '404', 'Bucket not found');
	});
});
