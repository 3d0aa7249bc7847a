import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { signUpWithEmail } from '../accounts.ts';
import { transaction, type Call, type Ctx } from '../context.ts';
import { badRequest, rateLimited, unprocessable } from '../errors.ts';
import { readJson, sendJson } from '../http.ts';
import { sendEmailChange, sendUserMail, type Flow } from '../mailer.ts';
import { hashPassword } from '../password.ts';
import { createFlowState, pkceFlow, type PkceParams } from '../pkce.ts';
import { resolveRedirect } from '../redirect.ts';
import { findUserByEmail, isConfirmed, isDuplicateEmail } from '../users.ts';
import {
	optionalBoolean,
	optionalMetadata,
	optionalString,
	pkceFields,
	validateEmail
} from '../validate.ts';

const OtpBody = z.object({
	email: optionalString,
	phone: optionalString,
	create_user: optionalBoolean,
	data: optionalMetadata,
	channel: optionalString,
	...pkceFields
});
const RecoverBody = z.object({ email: optionalString, ...pkceFields });
const ResendBody = z.object({
	type: optionalString,
	email: optionalString,
	phone: optionalString,
	...pkceFields
});

function redirectTarget(ctx: Ctx, call: Call): string {
	return resolveRedirect(
		ctx.config,
		call.url.searchParams.get('redirect_to'),
		call.req.headers.referer
	);
}

function requireEmailProvider(ctx: Ctx): void {
	if (!ctx.config.email.enableSignup) {
		throw unprocessable('email_provider_disabled', 'Email logins are disabled');
	}
}

/**
 * GoTrue's MagicLink: a sign-in link (and code) to a known address; an unknown or unconfirmed
 * address is signed up first, with a random password, and gets the confirmation mail instead
 * unless confirmations are off.
 */
async function sendMagicLink(
	ctx: Ctx,
	call: Call,
	email: string,
	data: Record<string, unknown>,
	flow: Flow,
	pkce: PkceParams
): Promise<void> {
	requireEmailProvider(ctx);
	const redirectTo = redirectTarget(ctx, call);
	const existing = await findUserByEmail(ctx.sql, email);
	// A new user gets a random password nobody knows (GoTrue does the same).
	const encryptedPassword = existing
		? ''
		: await hashPassword(randomBytes(24).toString('base64url'));
	await transaction(ctx, async (tx, mails) => {
		let user = existing;
		if (!user || !isConfirmed(user)) {
			if (!ctx.config.enableSignup) {
				throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
			}
			user = await signUpWithEmail(ctx, tx, mails, user, {
				email,
				encryptedPassword,
				data,
				flow,
				pkce,
				redirectTo
			});
			// With confirmations on, the confirmation mail just sent doubles as the magic link.
			if (!isConfirmed(user)) return;
		}
		if (flow === 'pkce') await createFlowState(tx, user.id, 'magiclink', pkce);
		await sendUserMail(ctx, tx, mails, user, 'magiclink', flow, redirectTo);
	}).catch((error: unknown) => {
		// A concurrent sign-up got there first: nothing to send then.
		if (!isDuplicateEmail(error)) throw error;
	});
	sendJson(call.res, 200, {});
}

/** POST /otp: a magic link / email code (signInWithOtp). */
export async function otp(ctx: Ctx, call: Call): Promise<void> {
	if (!ctx.limits.signInSignUps.take(call.ip)) throw rateLimited();
	const body = await readJson(call.req, OtpBody);
	if (body.email && body.phone) {
		throw badRequest(
			'validation_failed',
			'Only an email address or phone number should be provided'
		);
	}
	if (body.email && body.channel) {
		throw badRequest('validation_failed', 'Channel should only be specified with Phone OTP');
	}
	const flow = pkceFlow(body);
	if (body.phone) throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
	if (!body.email) throw badRequest('validation_failed', 'One of email or phone must be set');
	const email = validateEmail(body.email);
	if (body.create_user === false && !(await findUserByEmail(ctx.sql, email))) {
		throw unprocessable('otp_disabled', 'Signups not allowed for otp');
	}
	await sendMagicLink(ctx, call, email, body.data ?? {}, flow, body);
}

/** POST /magiclink: the older name of the same thing. */
export async function magicLink(ctx: Ctx, call: Call): Promise<void> {
	if (!ctx.limits.signInSignUps.take(call.ip)) throw rateLimited();
	const body = await readJson(call.req, OtpBody);
	if (!body.email) throw unprocessable('validation_failed', 'Password recovery requires an email');
	const email = validateEmail(body.email);
	await sendMagicLink(ctx, call, email, body.data ?? {}, pkceFlow(body), body);
}

/** POST /recover: a password reset mail; unknown addresses get the same empty answer. */
export async function recover(ctx: Ctx, call: Call): Promise<void> {
	if (!ctx.limits.signInSignUps.take(call.ip)) throw rateLimited();
	requireEmailProvider(ctx);
	const body = await readJson(call.req, RecoverBody);
	if (!body.email) throw badRequest('validation_failed', 'Password recovery requires an email');
	const email = validateEmail(body.email);
	const flow = pkceFlow(body);
	const user = await findUserByEmail(ctx.sql, email);
	if (user) {
		const redirectTo = redirectTarget(ctx, call);
		await transaction(ctx, async (tx, mails) => {
			if (flow === 'pkce') await createFlowState(tx, user.id, 'recovery', body);
			await sendUserMail(ctx, tx, mails, user, 'recovery', flow, redirectTo);
		});
	}
	sendJson(call.res, 200, {});
}

/** POST /resend: the signup confirmation or email change mail again. */
export async function resend(ctx: Ctx, call: Call): Promise<void> {
	if (!ctx.limits.signInSignUps.take(call.ip)) throw rateLimited();
	const body = await readJson(call.req, ResendBody);
	if (body.type !== 'signup' && body.type !== 'email_change') {
		if (body.type === 'sms' || body.type === 'phone_change') {
			throw badRequest('phone_provider_disabled', 'Phone logins are disabled');
		}
		throw badRequest(
			'validation_failed',
			'Missing one of these types: signup, email_change, sms, phone_change'
		);
	}
	const flow = pkceFlow(body);
	if (!body.email && body.type === 'signup') {
		throw badRequest('validation_failed', 'Type provided requires an email address');
	}
	if (body.email && body.phone) {
		throw badRequest(
			'validation_failed',
			'Only an email address or phone number should be provided.'
		);
	}
	if (!body.email) throw badRequest('validation_failed', 'Missing email address or phone number');
	requireEmailProvider(ctx);
	const email = validateEmail(body.email);
	const user = await findUserByEmail(ctx.sql, email);
	const nothingToSend = !user || (body.type === 'signup' ? isConfirmed(user) : !user.email_change);
	if (user && !nothingToSend) {
		const redirectTo = redirectTarget(ctx, call);
		await transaction(ctx, async (tx, mails) => {
			if (body.type === 'signup') {
				if (flow === 'pkce') await createFlowState(tx, user.id, 'email/signup', body);
				await sendUserMail(ctx, tx, mails, user, 'signup', flow, redirectTo);
			} else {
				if (flow === 'pkce') await createFlowState(tx, user.id, 'email_change', body);
				await sendEmailChange(ctx, tx, mails, user, user.email_change!, flow, redirectTo);
			}
		});
	}
	sendJson(call.res, 200, {});
}
