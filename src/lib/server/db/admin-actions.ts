import { fail } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { DatabaseProblem } from './errors';

const KNOWN = new Set([
	'last_admin',
	'forbidden',
	'duplicate',
	'in_use',
	'check_failed',
	'not_found',
	'profile_not_found',
	'geometry_invalid',
	'geometry_not_polygon',
	'geometry_out_of_bounds'
]);

/** A database refusal as fail(status, { problem }) with a translation key; anything else is a bug. */
export function adminFailure(problem: unknown, extra: Record<string, unknown> = {}) {
	if (!(problem instanceof DatabaseProblem)) throw problem;
	const key = (
		KNOWN.has(problem.code) ? `admin.errors.${problem.code}` : 'admin.errors.failed'
	) as MessageKey;
	return fail(problem.status >= 500 ? 500 : problem.status, { ...extra, problem: key });
}
