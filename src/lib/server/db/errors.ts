import { fail } from '@sveltejs/kit';
import type { PostgrestError } from '@supabase/supabase-js';
import type { MessageKey } from '$lib/i18n';
import { problemFor, type ProblemArea } from '$lib/problems';
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

/** PostgreSQL's own refusals (a table's unique, foreign key and check constraints) as stable codes. */
const CONSTRAINT_PROBLEMS: Record<string, [code: string, status: number]> = {
	'23505': ['duplicate', 409],
	'23503': ['in_use', 409],
	'23514': ['check_failed', 400]
};

/**
 * A refused call as a DatabaseProblem: its code is the database's stable error code, or a
 * constraint's. A failure of the server's own (5xx) is logged.
 */
export function refused(
	what: string,
	error: Pick<PostgrestError, 'message' | 'code'>
): DatabaseProblem {
	const constraint = CONSTRAINT_PROBLEMS[error.code];
	if (constraint) return new DatabaseProblem(...constraint);
	const status = httpStatus(error.code);
	if (status >= 500) log.error(`${what} failed`, { code: error.code, error: error.message });
	return new DatabaseProblem(error.message, status);
}

/**
 * A refusal as the HTTP status and the message the given part of the app has for its code.
 * Anything but a DatabaseProblem is a bug and is thrown on.
 */
export function explain(
	area: ProblemArea,
	problem: unknown
): { status: number; message: MessageKey } {
	if (!(problem instanceof DatabaseProblem)) throw problem;
	return { status: problem.status, message: problemFor(area, problem.code) };
}

/** A form action's answer to a refusal: `fail(status, { ...extra, problem })` (see explain()). */
export function formFailure<Extra extends object = Record<never, never>>(
	area: ProblemArea,
	problem: unknown,
	extra?: Extra
) {
	const { status, message } = explain(area, problem);
	return fail(status, { ...(extra as Extra), problem: message });
}
