import { randomUUID } from 'node:crypto';
import { badRequest, unprocessable, AuthError } from './errors.ts';
import type { Flow } from './mailer.ts';
import { pkceChallenge } from './secrets.ts';
import type { AuthMethod } from './sessions.ts';
import type { Db } from './users.ts';

/** GoTrue's FlowStateExpiryDuration default. */
const FLOW_STATE_TTL_MS = 300_000;

export interface PkceParams {
	code_challenge?: string | null;
	code_challenge_method?: string | null;
}

/** GoTrue's validatePKCEParams; returns the flow the request asks for. */
export function pkceFlow(params: PkceParams): Flow {
	const challenge = params.code_challenge ?? '';
	const method = params.code_challenge_method ?? '';
	if ((challenge === '') !== (method === '')) {
		throw badRequest(
			'validation_failed',
			'PKCE flow requires code_challenge_method and code_challenge'
		);
	}
	if (challenge === '') return 'implicit';
	if (challenge.length < 43 || challenge.length > 128) {
		throw badRequest('validation_failed', 'code challenge has to be between 43 and 128 characters');
	}
	if (!/^[a-zA-Z._~0-9-]+$/.test(challenge)) {
		throw badRequest(
			'validation_failed',
			'code challenge can only contain alphanumeric characters, hyphens, periods, underscores and tildes'
		);
	}
	if (!['s256', 'plain'].includes(method.toLowerCase())) {
		throw badRequest('validation_failed', `code challenge method ${method} not supported`);
	}
	return 'pkce';
}

/** Records the client's code challenge for a mail it asked for (GoTrue's generateFlowState). */
export async function createFlowState(
	db: Db,
	userId: string,
	method: AuthMethod,
	params: PkceParams
): Promise<void> {
	await db`
		insert into auth.flow_state (
			id, user_id, auth_code, code_challenge_method, code_challenge, provider_type,
			authentication_method, created_at, updated_at
		) values (
			${randomUUID()}, ${userId}, ${randomUUID()}, ${params.code_challenge_method!.toLowerCase()},
			${params.code_challenge!}, ${method}, ${method}, now(), now()
		)
	`;
}

/** The auth code for the user's newest flow of this kind, stamped as issued (GoTrue's issueAuthCode). */
export async function issueAuthCode(db: Db, userId: string, method: AuthMethod): Promise<string> {
	const [flow] = await db<{ id: string; auth_code: string }[]>`
		select id, auth_code from auth.flow_state
		where user_id = ${userId} and authentication_method = ${method}
		order by created_at desc limit 1
	`;
	if (!flow) throw unprocessable('flow_state_not_found', 'No valid flow state found for user.');
	await db`update auth.flow_state set auth_code_issued_at = now(), updated_at = now() where id = ${flow.id}`;
	return flow.auth_code;
}

interface FlowStateRow {
	id: string;
	user_id: string | null;
	code_challenge: string;
	code_challenge_method: 's256' | 'plain';
	authentication_method: string;
	created_at: Date;
	auth_code_issued_at: Date | null;
}

/** Redeems an auth code with its verifier; the flow state is used up either way on success. */
export async function redeemAuthCode(
	db: Db,
	authCode: string,
	verifier: string
): Promise<{ userId: string; method: AuthMethod }> {
	const [flow] = await db<FlowStateRow[]>`
		select id, user_id, code_challenge, code_challenge_method, authentication_method, created_at,
			auth_code_issued_at
		from auth.flow_state where auth_code = ${authCode} for update
	`;
	if (!flow || !flow.user_id) {
		throw new AuthError(
			404,
			'flow_state_not_found',
			'invalid flow state, no valid flow state found'
		);
	}
	const start =
		flow.authentication_method === 'magiclink' && flow.auth_code_issued_at
			? flow.auth_code_issued_at
			: flow.created_at;
	if (Date.now() > start.getTime() + FLOW_STATE_TTL_MS) {
		throw unprocessable('flow_state_expired', 'invalid flow state, flow state has expired');
	}
	const expected = flow.code_challenge_method === 's256' ? pkceChallenge(verifier) : verifier;
	if (expected !== flow.code_challenge) {
		throw badRequest(
			'bad_code_verifier',
			'code challenge does not match previously saved code verifier'
		);
	}
	await db`delete from auth.flow_state where id = ${flow.id}`;
	return { userId: flow.user_id, method: flow.authentication_method as AuthMethod };
}
