import { z } from 'zod';
import { decoyUser, signUpWithEmail, UserExistsError } from '../accounts.ts';
import { transaction, type Call, type Ctx } from '../context.ts';
import { badRequest, rateLimited, unprocessable } from '../errors.ts';
import { readJson, sendJson } from '../http.ts';
import { checkPasswordStrength, hashPassword } from '../password.ts';
import { pkceFlow } from '../pkce.ts';
import { resolveRedirect } from '../redirect.ts';
import { issueSession } from '../sessions.ts';
import { findUserByEmail, insertUser, isDuplicateEmail, loadUserJson } from '../users.ts';
import { optionalMetadata, optionalString, pkceFields, validateEmail } from '../validate.ts';

const SignupBody = z.object({
	email: optionalString,
	phone: optionalString,
	password: optionalString,
	data: optionalMetadata,
	...pkceFields
});

/** POST /signup: email + password, or — with neither email nor phone — an anonymous sign-in. */
export async function signup(ctx: Ctx, call: Call): Promise<void> {
	if (!ctx.config.enableSignup) {
		throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
	}
	const body = await readJson(call.req, SignupBody);
	if (!body.email && !body.phone) {
		await signInAnonymously(ctx, call, body.data ?? {});
		return;
	}
	if (!ctx.limits.signInSignUps.take(call.ip)) throw rateLimited();
	if (!body.password) throw badRequest('validation_failed', 'Signup requires a valid password');
	checkPasswordStrength(ctx.config, body.password);
	if (body.email && body.phone) {
		throw badRequest(
			'validation_failed',
			'Only an email address or phone number should be provided on signup.'
		);
	}
	const flow = pkceFlow(body);
	if (!body.email) throw badRequest('phone_provider_disabled', 'Phone signups are disabled');
	if (!ctx.config.email.enableSignup) {
		throw badRequest('email_provider_disabled', 'Email signups are disabled');
	}
	const email = validateEmail(body.email);
	const data = body.data ?? {};
	const existing = await findUserByEmail(ctx.sql, email);
	// Hashing is slow on purpose; do it before the transaction holds a connection.
	const encryptedPassword = existing ? '' : await hashPassword(body.password);
	const redirectTo = resolveRedirect(
		ctx.config,
		call.url.searchParams.get('redirect_to'),
		call.req.headers.referer
	);
	try {
		const response = await transaction(ctx, async (tx, mails) => {
			const user = await signUpWithEmail(ctx, tx, mails, existing, {
				email,
				encryptedPassword,
				data,
				flow,
				pkce: body,
				redirectTo
			});
			return user.email_confirmed_at
				? issueSession(ctx, tx, call, user, 'password')
				: loadUserJson(tx, user);
		});
		sendJson(call.res, 200, response);
	} catch (error) {
		if (!(error instanceof UserExistsError) && !isDuplicateEmail(error)) throw error;
		if (!ctx.config.email.enableConfirmations) {
			throw unprocessable('user_already_exists', 'User already registered');
		}
		sendJson(call.res, 200, decoyUser(email, data));
	}
}

async function signInAnonymously(
	ctx: Ctx,
	call: Call,
	data: Record<string, unknown>
): Promise<void> {
	if (!ctx.config.enableAnonymousSignIns) {
		throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
	}
	if (!ctx.limits.anonymous.take(call.ip)) throw rateLimited();
	const session = await transaction(ctx, async (tx) => {
		const user = await insertUser(tx, {
			email: null,
			encryptedPassword: null,
			userMetadata: data,
			appMetadata: {},
			isAnonymous: true
		});
		return issueSession(ctx, tx, call, user, 'anonymous');
	});
	sendJson(call.res, 200, session);
}
