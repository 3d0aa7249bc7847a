import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { ERRORS, StorageError } from './errors.ts';

/** JSON bodies (list, sign, remove) are small; Supabase's body limit for them is about this. */
const MAX_JSON_BYTES = 1 << 20;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

/**
 * Reads a body of at most `limit` bytes. A longer one is still read to its end (up to four times
 * the limit, then the connection is dropped) so the client sees our answer, not a reset.
 */
export function readBody(
	req: IncomingMessage,
	limit: number,
	tooLarge: () => StorageError
): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= limit) chunks.push(chunk);
			else if (size > limit * 4 + (1 << 20)) req.destroy();
		});
		req.on('end', () => (size <= limit ? resolve(Buffer.concat(chunks)) : reject(tooLarge())));
		req.on('error', reject);
		req.on('close', () => reject(ERRORS.invalidRequest('Request body incomplete')));
	});
}

/** The JSON body checked against `schema`, with Supabase's validation wording. */
export async function readJson<T extends z.ZodType>(
	req: IncomingMessage,
	schema: T
): Promise<z.infer<T>> {
	const text = (
		await readBody(req, MAX_JSON_BYTES, () => ERRORS.invalidRequest('Request body too large'))
	).toString('utf8');
	let value: unknown = {};
	if (text.trim() !== '') {
		try {
			value = JSON.parse(text);
		} catch {
			throw ERRORS.invalidRequest('Body is not valid JSON');
		}
	}
	const result = schema.safeParse(value);
	if (!result.success) {
		const issue = result.error.issues[0]!;
		const field = issue.path.join('.');
		throw ERRORS.invalidRequest(`body${field ? `/${field}` : ''} ${issue.message}`);
	}
	return result.data;
}

export function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}
