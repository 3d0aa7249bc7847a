import type { PostgrestError } from '@supabase/supabase-js';
import { log } from '../log';

/** A PostgREST error's `message` is the database's stable code (docs/data-model.md). */
export class DatabaseProblem extends Error {
	constructor(
		readonly code: string,
		readonly status: number
	) {
		super(code);
	}
}

/** The HTTP status PostgREST gives a SQLSTATE (docs/data-model.md, error codes). */
export function httpStatus(sqlstate: string | undefined): number {
	switch (sqlstate) {
		case 'P0001':
		case '22P02':
			return 400;
		case 'PT404':
			return 404;
		case '42501':
			return 403;
		case 'PT409':
			return 409;
		case 'PT429':
			return 429;
		default:
			return 500;
	}
}

/** A refused call as a DatabaseProblem (its code is the database's stable error code); a failure
 * of the server's own (5xx) is logged. */
export function refused(
	what: string,
	error: Pick<PostgrestError, 'message' | 'code'>
): DatabaseProblem {
	const status = httpStatus(error.code);
	if (status >= 500) log.error(`${what} failed`, { code: error.code, error: error.message });
	return new DatabaseProblem(error.message, status);
}
