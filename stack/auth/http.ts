import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { AuthError, badRequest } from './errors.ts';

/** GoTrue caps request bodies at 1 MB. */
const MAX_BODY_BYTES = 1 << 20;
/** Beyond this a body is not even drained: the connection is dropped. */
const DRAIN_CAP_BYTES = 16 << 20;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

/** 303 See Other, as GoTrue answers /verify: the browser follows with a GET. */
export function redirect(res: ServerResponse, location: string): void {
	res.writeHead(303, { location });
	res.end();
}

/**
 * Reads the whole body. A too large one is still read to its end (up to a hard cap) and then
 * refused: answering while the client is still uploading makes it see a reset connection instead
 * of our 413.
 */
function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
			else if (size > DRAIN_CAP_BYTES) req.destroy();
		});
		req.on('end', () => {
			if (size <= MAX_BODY_BYTES) resolve(Buffer.concat(chunks).toString('utf8'));
			else {
				reject(
					new AuthError(
						413,
						'request_entity_too_large',
						`Request body too large (max ${MAX_BODY_BYTES} bytes)`
					)
				);
			}
		});
		req.on('error', reject);
		req.on('close', () => reject(new AuthError(400, 'bad_json', 'Request body incomplete')));
	});
}

/**
 * The request's JSON body checked against `schema`. An empty body counts as `{}` (auth-js sends
 * none for e.g. /logout). A body must be declared JSON: GoTrue would parse anything, but a form
 * post or text/plain here is a client bug worth a clear 415.
 */
export async function readJson<T extends z.ZodType>(
	req: IncomingMessage,
	schema: T
): Promise<z.infer<T>> {
	const text = await readBody(req);
	let value: unknown = {};
	if (text.trim() !== '') {
		const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
		if (type !== 'application/json' && !type.endsWith('+json')) {
			throw new AuthError(415, 'bad_json', 'Content-Type must be application/json');
		}
		try {
			value = JSON.parse(text);
		} catch (error) {
			throw badRequest(
				'bad_json',
				`Could not parse request body as JSON: ${(error as Error).message}`
			);
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw badRequest('bad_json', 'Could not parse request body as JSON: expected an object');
	}
	const result = schema.safeParse(value);
	if (!result.success) {
		const issue = result.error.issues[0]!;
		const field = issue.path.join('.') || 'body';
		throw badRequest(
			'bad_json',
			`Could not parse request body as JSON: ${field}: ${issue.message}`
		);
	}
	return result.data;
}

/** The caller's address: the gateway resolves it and passes it as X-Forwarded-For. */
export function clientIp(req: IncomingMessage): string {
	const forwarded = req.headers['x-forwarded-for'];
	const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
	return first || req.socket.remoteAddress || 'unknown';
}

export function userAgent(req: IncomingMessage): string | null {
	return req.headers['user-agent'] ?? null;
}

export function bearerToken(req: IncomingMessage): string {
	const match = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
	if (!match) {
		throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
	}
	return match[1]!;
}
