import { z } from 'zod';
import { transaction, type Call, type Ctx } from '../context.ts';
import { AuthError, badRequest, rateLimited, unprocessable } from '../errors.ts';
import { readJson, redirect, sendJson } from '../http.ts';
import { issueAuthCode } from '../pkce.ts';
import { resolveRedirect } from '../redirect.ts';
import { issueSession, type SessionJson } from '../sessions.ts';
import {
	applyVerification,
	findByEmailOtp,
	findByTokenHash,
	PKCE_METHOD,
	SINGLE_CONFIRMATION_ACCEPTED,
	VERIFY_TYPES,
	type VerifyType
} from '../verification.ts';
import { optionalString, validateEmail } from '../validate.ts';

const VerifyBody = z.object({
	type: optionalString,
	token: optionalString,
	token_hash: optionalString,
	email: optionalString,
	phone: optionalString,
	redirect_to: optionalString
});

function verifyType(type: string | null | undefined): VerifyType {
	if (!type) throw badRequest('validation_failed', 'Verify requires a verification type');
	if (!VERIFY_TYPES.includes(type)) {
		throw badRequest('validation_failed', 'Unsupported verification type');
	}
	return type as VerifyType;
}

/** OAuth's name for an HTTP status, as GoTrue puts it into error redirects. */
const OAUTH_ERRORS: Record<number, string> = {
	400: 'invalid_request',
	401: 'unauthorized_client',
	403: 'access_denied',
	500: 'server_error',
	503: 'temporarily_unavailable'
};

/** GoTrue's prepErrorRedirectURL: the error in the fragment, for PKCE also in the query. */
function errorRedirectUrl(redirectTo: string, error: AuthError, pkce: boolean): string {
	const url = new URL(redirectTo);
	const params = new URLSearchParams();
	const oauth = OAUTH_ERRORS[error.status];
	if (oauth) params.set('error', oauth);
	params.set('error_code', error.code);
	params.set('error_description', error.message);
	if (pkce) for (const [key, value] of params) url.searchParams.set(key, value);
	params.set('sb', '');
	url.hash = params.toString();
	return url.toString();
}

/** The implicit flow's answer: the session in the fragment (AccessTokenResponse.AsRedirectURL). */
function sessionRedirectUrl(redirectTo: string, session: SessionJson, type: string): string {
	const params = new URLSearchParams({
		access_token: session.access_token,
		expires_at: String(session.expires_at),
		expires_in: String(session.expires_in),
		refresh_token: session.refresh_token,
		sb: '',
		token_type: session.token_type,
		type
	});
	return `${redirectTo.split('#')[0]}#${params}`;
}

/** GET /verify: the link in a mail. Answers with a 303 to the app, errors included. */
export async function verifyLink(ctx: Ctx, call: Call): Promise<void> {
	if (!ctx.limits.verify.take(call.ip)) throw rateLimited();
	const query = call.url.searchParams;
	const type = verifyType(query.get('type'));
	const token = query.get('token');
	if (!token) throw badRequest('validation_failed', 'Verify requires a token or a token hash');
	const redirectTo = resolveRedirect(
		ctx.config,
		query.get('redirect_to'),
		call.req.headers.referer
	);
	const pkce = token.startsWith('pkce_');
	let location: string;
	try {
		location = await transaction(ctx, async (tx) => {
			const found = await findByTokenHash(ctx, tx, type, token);
			const user = await applyVerification(ctx, tx, found.user, found.type, token);
			if (user === 'pending') {
				const url = new URL(redirectTo);
				if (pkce) url.searchParams.set('message', SINGLE_CONFIRMATION_ACCEPTED);
				url.hash = new URLSearchParams({
					message: SINGLE_CONFIRMATION_ACCEPTED,
					sb: ''
				}).toString();
				return url.toString();
			}
			if (pkce) {
				const url = new URL(redirectTo);
				url.searchParams.set('code', await issueAuthCode(tx, user.id, PKCE_METHOD[found.type]));
				return url.toString();
			}
			const session = await issueSession(ctx, tx, call, user, 'otp');
			return sessionRedirectUrl(redirectTo, session, found.type);
		});
	} catch (error) {
		if (!(error instanceof AuthError)) throw error;
		location = errorRedirectUrl(redirectTo, error, pkce);
	}
	redirect(call.res, location);
}

/** POST /verify: a code typed in (email + token) or a token_hash; answers with a session. */
export async function verifyCode(ctx: Ctx, call: Call): Promise<void> {
	if (!ctx.limits.verify.take(call.ip)) throw rateLimited();
	const body = await readJson(call.req, VerifyBody);
	const type = verifyType(body.type);
	if (!body.token === !body.token_hash) {
		throw badRequest('validation_failed', 'Verify requires either a token or a token hash');
	}
	let email: string | undefined;
	if (body.token) {
		if (!body.email === !body.phone) {
			throw badRequest(
				'validation_failed',
				'Only an email address or phone number should be provided on verify'
			);
		}
		// Phone verification needs an SMS provider, which this service does not have.
		if (!body.email) throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
		try {
			email = validateEmail(body.email);
		} catch {
			throw unprocessable('validation_failed', 'Invalid email format');
		}
	} else if (body.email || body.phone || body.redirect_to) {
		throw badRequest('validation_failed', 'Only the token_hash and type should be provided');
	}
	const result = await transaction(ctx, async (tx) => {
		const found =
			email && body.token
				? await findByEmailOtp(ctx, tx, type, email, body.token)
				: { ...(await findByTokenHash(ctx, tx, type, body.token_hash!)), hash: body.token_hash! };
		const user = await applyVerification(ctx, tx, found.user, found.type, found.hash);
		if (user === 'pending') return { msg: SINGLE_CONFIRMATION_ACCEPTED, code: '200' };
		return issueSession(ctx, tx, call, user, 'otp');
	});
	sendJson(call.res, 200, result);
}
