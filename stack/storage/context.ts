import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Sql } from 'postgres';
import type { JwtKeys } from '../auth/jwt.ts';
import type { StorageConfig } from './config.ts';
import type { FileStore } from './files.ts';

/** What every handler needs; one per service instance. */
export interface Ctx {
	/** A superuser connection: each request switches its transaction to the caller's role. */
	sql: Sql;
	/** Replaced when the signing key rotates (StorageService.setKeys). */
	keys: JwtKeys;
	files: FileStore;
	config: StorageConfig;
	log: (line: string) => void;
}

/** One request: the raw objects plus its URL (path without the /storage/v1 prefix). */
export interface Call {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
}
