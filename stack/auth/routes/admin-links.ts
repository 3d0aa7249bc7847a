import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createEmailUser } from '../accounts.ts';
import { requireAdmin } from '../authenticate.ts';
import { transaction, type Call, type Ctx } from '../context.ts';
import { AuthError, badRequest, emailExists } from '../errors.ts';
import { readJson, sendJson } from '../http.ts';
import { sendUserMail } from '../mailer.ts';
import { checkPasswordStrength, hashPassword } from '../password.ts';
import { isRedirectUrlValid, resolveRedirect } from '../redirect.ts';
import { generateOtp, tokenHash } from '../secrets.ts';
import {
	findIdentities,
	findUserByEmail,
	isConfirmed,
	loadUserJson,
	setOneTimeToken,
	updateUser,
	userJson
} from '../users.ts';
import { optionalMetadata, optionalString, validateEmail } from '../validate.ts';

const GenerateLinkBody = z.object({
	type: optionalString,
	email: optionalString,
	password: optionalString,
	data: optionalMetadata,
	redirect_to: optionalString
});

type LinkType = 'signup' | 'invite' | 'magiclink' | 'recovery';
const LINK_TYPES: readonly string[] = ['signup', 'invite', 'magiclink', 'recovery'];

/**
 * POST /admin/generate_link: the link and code a mail would carry, without sending it (for
 * custom mail flows and tests). Email-change links are not supported here.
 */
export async function generateLink(ctx: Ctx, call: Call): Promise<void> {
	const body = await readJson(call.req, GenerateLinkBody);
	if (!body.type || !LINK_TYPES.includes(body.type)) {
		throw badRequest(
			'validation_failed',
			`Invalid email action link type requested: ${body.type ?? ''}`
		);
	}
	let type = body.type as LinkType;
	const email = validateEmail(body.email);
	// auth-js sends redirect_to in the query; the body's is honoured too, as GoTrue does.
	const redirectTo =
		body.redirect_to && isRedirectUrlValid(ctx.config, body.redirect_to)
			? body.redirect_to
			: resolveRedirect(
					ctx.config,
					call.url.searchParams.get('redirect_to'),
					call.req.headers.referer
				);
	const existing = await findUserByEmail(ctx.sql, email);
	if (!existing && type === 'recovery') {
		throw new AuthError(404, 'user_not_found', 'User with this email not found');
	}
	if (!existing && type === 'signup') {
		if (!body.password) throw badRequest('validation_failed', 'Signup requires a valid password');
		checkPasswordStrength(ctx.config, body.password);
	}
	// As GoTrue: a magic link for an unknown address becomes a sign-up link (random password).
	if (!existing && type === 'magiclink') type = 'signup';
	if ((type === 'signup' || type === 'invite') && existing && isConfirmed(existing)) {
		throw emailExists();
	}
	const password = body.password || randomBytes(32).toString('base64url');
	// Invited users get no password until they accept (then a random one, see verification.ts).
	const encryptedPassword = existing || type === 'invite' ? null : await hashPassword(password);
	const otp = generateOtp(ctx.config.email.otpLength);
	const hashed = tokenHash(email, otp);
	const user = await transaction(ctx, async (tx) => {
		let target =
			existing ??
			(await createEmailUser(tx, {
				email,
				encryptedPassword,
				userMetadata: body.data ?? {},
				appMetadata: { provider: 'email', providers: ['email'] }
			}));
		const confirmation = type === 'signup' || type === 'invite';
		const now = new Date();
		target = await updateUser(tx, target.id, {
			...(confirmation
				? { confirmation_token: hashed, confirmation_sent_at: now }
				: { recovery_token: hashed, recovery_sent_at: now }),
			...(type === 'invite' ? { invited_at: now } : {})
		});
		await setOneTimeToken(
			tx,
			target.id,
			confirmation ? 'confirmation_token' : 'recovery_token',
			hashed,
			email
		);
		return target;
	});
	const query = new URLSearchParams({ token: hashed, type, redirect_to: redirectTo });
	sendJson(call.res, 200, {
		...userJson(user, await findIdentities(ctx.sql, user.id)),
		action_link: `${ctx.authUrl}/verify?${query}`,
		email_otp: otp,
		hashed_token: hashed,
		verification_type: type,
		redirect_to: redirectTo
	});
}

const InviteBody = z.object({ email: optionalString, data: optionalMetadata });

/** POST /invite: creates the user (if new) and mails an invitation. */
export async function invite(ctx: Ctx, call: Call): Promise<void> {
	await requireAdmin(ctx, call);
	const body = await readJson(call.req, InviteBody);
	const email = validateEmail(body.email);
	const existing = await findUserByEmail(ctx.sql, email);
	if (existing && isConfirmed(existing)) throw emailExists();
	const redirectTo = resolveRedirect(
		ctx.config,
		call.url.searchParams.get('redirect_to'),
		call.req.headers.referer
	);
	const invited = await transaction(ctx, async (tx, mails) => {
		let user =
			existing ??
			(await createEmailUser(tx, {
				email,
				encryptedPassword: null,
				userMetadata: body.data ?? {},
				appMetadata: { provider: 'email', providers: ['email'] }
			}));
		user = await sendUserMail(ctx, tx, mails, user, 'invite', 'implicit', redirectTo);
		return loadUserJson(tx, user);
	});
	sendJson(call.res, 200, invited);
}
