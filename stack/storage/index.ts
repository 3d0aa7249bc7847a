import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Sql } from 'postgres';
import type { JwtKeys } from '../auth/jwt.ts';
import type { StorageConfig } from './config.ts';
import type { Call, Ctx } from './context.ts';
import { ERRORS, sendError, StorageError } from './errors.ts';
import { openFileStore } from './files.ts';
import { sendJson } from './http.ts';
import { download, info, type Access } from './routes/read.ts';
import { list } from './routes/list.ts';
import { remove } from './routes/remove.ts';
import { serveSigned, signMany, signOne } from './routes/sign.ts';
import { upload } from './routes/upload.ts';

export { readStorageConfig, type StorageConfig } from './config.ts';
export { storageRoot } from './files.ts';

export interface StorageService {
	/** Handle a request whose URL path had the `/storage/v1` prefix removed. */
	handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
	/** Verifies bearer tokens by these keys from now on (a rotated signing key). */
	setKeys(keys: JwtKeys): void;
}

export interface StorageServiceOptions {
	/** A superuser connection; the storage schema (schema.sql) must exist. */
	sql: Sql;
	keys: JwtKeys;
	config: StorageConfig;
	/** Where the files live: `<dataDir>/storage` (storageRoot). */
	root: string;
	log: (line: string) => void;
}

/** A prefixed route's rest of the path, or undefined. */
function after(path: string, prefix: string): string | undefined {
	return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

/**
 * Routes by method and path (without /storage/v1), as Supabase Storage's object routes are
 * laid out (src/http/routes/object/). The fixed words come first, so a bucket named "list" or
 * "sign" is shadowed there as on Supabase.
 */
async function dispatch(ctx: Ctx, call: Call): Promise<void> {
	const method = call.req.method ?? 'GET';
	const path = call.url.pathname;
	const read = method === 'GET' || method === 'HEAD';
	let rest: string | undefined;

	if (method === 'GET' && path === '/status') return sendJson(call.res, 200, { status: 'ok' });
	if ((rest = after(path, '/object/list/')) !== undefined && method === 'POST') {
		return list(ctx, call, rest);
	}
	if ((rest = after(path, '/object/sign/')) !== undefined) {
		if (read) return serveSigned(ctx, call, rest);
		if (method === 'POST') {
			return rest.includes('/') ? signOne(ctx, call, rest) : signMany(ctx, call, rest);
		}
	}
	if ((rest = after(path, '/object/info/')) !== undefined && method === 'GET') {
		const scoped = /^(authenticated|public)\/(.*)$/s.exec(rest);
		if (scoped) return info(ctx, call, scoped[2]!, scoped[1] as Access);
		return info(ctx, call, rest, 'any');
	}
	for (const access of ['authenticated', 'public'] as const) {
		if ((rest = after(path, `/object/${access}/`)) !== undefined && read) {
			return download(ctx, call, rest, access);
		}
	}
	if ((rest = after(path, '/object/')) !== undefined && rest !== '') {
		if (read) return download(ctx, call, rest, 'any');
		if (method === 'POST' || method === 'PUT') return upload(ctx, call, rest, method);
		if (method === 'DELETE' && !rest.includes('/')) return remove(ctx, call, rest);
	}
	throw new StorageError(
		404,
		'InvalidRequest',
		`Route ${method}:${path} not found`,
		'Not Found',
		404
	);
}

export async function createStorageService(opts: StorageServiceOptions): Promise<StorageService> {
	const ctx: Ctx = {
		sql: opts.sql,
		keys: opts.keys,
		files: await openFileStore(opts.root),
		config: opts.config,
		log: opts.log
	};

	return {
		async handle(req, res, path) {
			const started = Date.now();
			// Concatenated, not resolved: a path like '//x' must not become a host.
			const url = new URL(`http://storage${path.startsWith('/') ? path : `/${path}`}`);
			try {
				await dispatch(ctx, { req, res, url });
			} catch (error) {
				if (res.headersSent) {
					res.destroy();
				} else if (error instanceof StorageError) {
					sendError(res, error);
				} else {
					// The message only: a Postgres error's detail can quote row values.
					opts.log(`storage: unexpected error: ${(error as Error).message}`);
					sendError(res, ERRORS.internal());
				}
			} finally {
				opts.log(
					`storage: ${req.method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`
				);
			}
		},

		setKeys(keys) {
			ctx.keys = keys;
		}
	};
}
