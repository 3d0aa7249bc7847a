import { z } from 'zod';
import { transaction, type Call, type Ctx } from '../context.ts';
import { badRequest, rateLimited, unprocessable } from '../errors.ts';
import { readJson, sendJson } from '../http.ts';
import { checkPasswordLength, verifyPassword } from '../password.ts';
import { redeemAuthCode } from '../pkce.ts';
import { REFRESH_TOKEN_PATTERN } from '../secrets.ts';
import { issueSession, refreshSession } from '../sessions.ts';
import { findUserByEmail, findUserById, isBanned, isConfirmed } from '../users.ts';
import { optionalString } from '../validate.ts';

const PasswordBody = z.object({
	email: optionalString,
	phone: optionalString,
	password: optionalString
});
const RefreshBody = z.object({ refresh_token: optionalString });
const PkceBody = z.object({ auth_code: optionalString, code_verifier: optionalString });

const INVALID_LOGIN = 'Invalid login credentials';

/** POST /token?grant_type=password|refresh_token|pkce (one rate limit for all, as GoTrue). */
export async function token(ctx: Ctx, call: Call): Promise<void> {
	const grant = call.url.searchParams.get('grant_type');
	const handler =
		grant === 'password'
			? passwordGrant
			: grant === 'refresh_token'
				? refreshGrant
				: grant === 'pkce'
					? pkceGrant
					: undefined;
	if (!handler) throw badRequest('invalid_credentials', 'unsupported_grant_type');
	if (!ctx.limits.token.take(call.ip)) throw rateLimited();
	await handler(ctx, call);
}

async function passwordGrant(ctx: Ctx, call: Call): Promise<void> {
	const body = await readJson(call.req, PasswordBody);
	if (body.email && body.phone) {
		throw badRequest(
			'validation_failed',
			'Only an email address or phone number should be provided on login.'
		);
	}
	if (!body.email && !body.phone) throw badRequest('validation_failed', 'missing email or phone');
	if (!body.email) throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
	if (!ctx.config.email.enableSignup) {
		throw unprocessable('email_provider_disabled', 'Email logins are disabled');
	}
	const password = body.password ?? '';
	checkPasswordLength(password);
	const user = body.email.length <= 255 ? await findUserByEmail(ctx.sql, body.email) : undefined;
	// The password work first, for known and unknown addresses alike: equal time tells nothing.
	const matches = await verifyPassword(password, user?.encrypted_password);
	if (!user) throw badRequest('invalid_credentials', INVALID_LOGIN);
	if (isBanned(user)) throw badRequest('user_banned', 'User is banned');
	if (!matches) throw badRequest('invalid_credentials', INVALID_LOGIN);
	if (!isConfirmed(user)) throw badRequest('email_not_confirmed', 'Email not confirmed');
	const session = await transaction(ctx, (tx) => issueSession(ctx, tx, call, user, 'password'));
	sendJson(call.res, 200, session);
}

async function refreshGrant(ctx: Ctx, call: Call): Promise<void> {
	const body = await readJson(call.req, RefreshBody);
	const presented = body.refresh_token ?? '';
	if (!REFRESH_TOKEN_PATTERN.test(presented)) {
		throw badRequest('validation_failed', 'Refresh token is not valid');
	}
	sendJson(call.res, 200, await refreshSession(ctx, call, presented));
}

async function pkceGrant(ctx: Ctx, call: Call): Promise<void> {
	const body = await readJson(call.req, PkceBody);
	if (!body.auth_code || !body.code_verifier) {
		throw badRequest(
			'validation_failed',
			'invalid request: both auth code and code verifier should be non-empty'
		);
	}
	const { auth_code: authCode, code_verifier: verifier } = body;
	const session = await transaction(ctx, async (tx) => {
		const { userId, method } = await redeemAuthCode(tx, authCode, verifier);
		const user = await findUserById(tx, userId);
		if (!user) throw badRequest('user_not_found', 'User not found');
		return issueSession(ctx, tx, call, user, method);
	});
	sendJson(call.res, 200, session);
}
