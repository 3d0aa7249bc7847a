import { fail } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { DatabaseProblem } from './errors';

/** The database codes an agenda form can meet, each with its own message. */
const KNOWN = new Set([
	'version_conflict',
	'measure_not_found',
	'goal_not_found',
	'idea_not_found',
	'markup_not_allowed',
	'forbidden',
	'patch_invalid'
]);

/** A database refusal as fail(status, { problem }) with a translation key; anything else is a bug. */
export function agendaFailure(problem: unknown, extra: Record<string, unknown> = {}) {
	if (!(problem instanceof DatabaseProblem)) throw problem;
	const key = (
		KNOWN.has(problem.code) ? `agenda.errors.${problem.code}` : 'agenda.errors.failed'
	) as MessageKey;
	return fail(problem.status >= 500 ? 500 : problem.status, { ...extra, problem: key });
}
