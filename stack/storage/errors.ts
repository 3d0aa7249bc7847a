import type { ServerResponse } from 'node:http';

/** Supabase Storage's error codes that this service answers (src/internal/errors/codes.ts). */
export type ErrorCode =
	| 'NoSuchBucket'
	| 'NoSuchKey'
	| 'InvalidKey'
	| 'InvalidBucketName'
	| 'InvalidJWT'
	| 'InvalidSignature'
	| 'ExpiredToken'
	| 'AccessDenied'
	| 'ResourceAlreadyExists'
	| 'KeyAlreadyExists'
	| 'EntityTooLarge'
	| 'InvalidMimeType'
	| 'InvalidRequest'
	| 'DatabaseError'
	| 'InternalError';

/**
 * An error answered to the client, as Supabase Storage renders one: `{ statusCode, code, error,
 * message }` where `statusCode` is the meaning ("404") and the HTTP status is 400 for every client
 * error (500 for ours) — its error handler answers `userStatusCode`, which is 400 unless the
 * error says otherwise. storage-js reads both (StorageApiError.status and .statusCode).
 */
export class StorageError extends Error {
	readonly statusCode: number;
	readonly code: ErrorCode;
	/** The older `error` field: a word for some codes ("not_found", "Duplicate"), else the code. */
	readonly error: string;
	/** The HTTP status; 400 unless given. */
	readonly httpStatus: number;

	constructor(
		statusCode: number,
		code: ErrorCode,
		message: string,
		error?: string,
		httpStatus?: number
	) {
		super(message);
		this.statusCode = statusCode;
		this.code = code;
		this.error = error ?? code;
		this.httpStatus = httpStatus ?? (statusCode === 500 ? 500 : 400);
	}
}

/** The errors of Supabase Storage's ERRORS table this service raises, with their texts. */
export const ERRORS = {
	noSuchBucket: () => new StorageError(404, 'NoSuchBucket', 'Bucket not found', 'Bucket not found'),
	noSuchKey: () => new StorageError(404, 'NoSuchKey', 'Object not found', 'not_found'),
	invalidKey: (key: string) => new StorageError(400, 'InvalidKey', `Invalid key: ${key}`),
	invalidBucketName: () =>
		new StorageError(400, 'InvalidBucketName', 'Bucket name invalid', 'Invalid Input'),
	invalidJwt: (message: string) => new StorageError(400, 'InvalidJWT', message || 'Invalid JWT'),
	invalidSignature: (message?: string) =>
		new StorageError(400, 'InvalidSignature', message ?? 'Invalid signature'),
	expiredSignature: () => new StorageError(400, 'ExpiredToken', 'The provided token has expired.'),
	accessDenied: (message: string, httpStatus?: number) =>
		new StorageError(403, 'AccessDenied', message || 'Access denied', 'Unauthorized', httpStatus),
	resourceAlreadyExists: () =>
		new StorageError(409, 'ResourceAlreadyExists', 'The resource already exists', 'Duplicate'),
	keyAlreadyExists: () =>
		new StorageError(409, 'KeyAlreadyExists', 'The resource already exists', 'Duplicate'),
	entityTooLarge: () =>
		new StorageError(
			413,
			'EntityTooLarge',
			'The object exceeded the maximum allowed size',
			'Payload too large'
		),
	invalidMimeType: (mimeType: string) =>
		new StorageError(
			415,
			'InvalidMimeType',
			`mime type ${mimeType} is not supported`,
			'invalid_mime_type'
		),
	invalidRequest: (message: string) => new StorageError(400, 'InvalidRequest', message),
	internal: () => new StorageError(500, 'InternalError', 'Internal server error', 'Internal')
};

/** A PostgreSQL error as Supabase Storage maps it (src/storage/database/errors.ts). */
export function fromDatabaseError(error: unknown): StorageError | undefined {
	const code = (error as { code?: unknown }).code;
	const message = (error as Error).message ?? '';
	if (code === '42501') {
		return ERRORS.accessDenied(
			message.includes('row-level security')
				? 'new row violates row-level security policy'
				: message
		);
	}
	if (code === '23505') return ERRORS.resourceAlreadyExists();
	if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
		return new StorageError(500, 'DatabaseError', `database error, code: ${code}`);
	}
	return undefined;
}

export function sendError(res: ServerResponse, error: StorageError): void {
	res.writeHead(error.httpStatus, {
		'content-type': 'application/json; charset=utf-8',
		'cache-control': 'no-store'
	});
	res.end(
		JSON.stringify({
			statusCode: String(error.statusCode),
			code: error.code,
			error: error.error,
			message: error.message
		})
	);
}
