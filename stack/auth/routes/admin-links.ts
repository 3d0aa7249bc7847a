import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createEmailUser } from '../accounts.ts';
import { requireAdmin } from '../authenticate.ts';
import { transaction, type Call, type Ctx } from '../context.ts';
import { AuthError, badRequest, emailExists } from '../errors.ts';
import { readJson, sendJson } from '../http.ts';
import { sendUserMail } from '../mailer.ts';
import type { MailType } from '../mails.ts';
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
	userJson,
	type UserRow
} from '../users.ts';
import { optionalMetadata, optionalString, validateEmail } from '../validate.ts';

const GenerateLinkBody = z.object({
	type: optionalString,
	email: optionalString,
	new_email: optionalString,
	password: optionalString,
	data: optionalMetadata,
	redirect_to: optionalString
});

type EmailChangeType = 'email_change_current' | 'email_change_new';
type LinkType = 'signup' | 'invite' | 'magiclink' | 'recovery' | EmailChangeType;
const LINK_TYPES: readonly string[] = [
	'signup',
	'invite',
	'magiclink',
	'recovery',
	'email_change_current',
	'email_change_new'
];

const isEmailChange = (type: LinkType): type is EmailChangeType =>
	type === 'email_change_current' || type === 'email_change_new';

/**
 * One half of an email change to `newEmail` (GoTrue's adminGenerateLink): the code for the current
 * or the new address. The change needs the other half too while double_confirm_changes is on.
 * Returns the stored token; GoTrue answers `hashed_token` for email_change_new with a hash of the
 * current address instead (supabase/auth#2538), which verifies nothing, so this one differs.
 */
async function startEmailChange(
	ctx: Ctx,
	user: UserRow,
	type: EmailChangeType,
	newEmailParam: string | null | undefined,
	otp: string
): Promise<{ user: UserRow; token: string }> {
	if (type === 'email_change_current' && !ctx.config.email.doubleConfirmChanges) {
		throw badRequest(
			'validation_failed',
			'Enable secure email change to generate link for current email'
		);
	}
	const newEmail = validateEmail(newEmailParam);
	const owner = await findUserByEmail(ctx.sql, newEmail);
	if (owner && owner.id !== user.id) throw emailExists();
	const current = type === 'email_change_current';
	const address = current ? (user.email ?? '') : newEmail;
	const token = tokenHash(address, otp);
	const column = current ? 'email_change_token_current' : 'email_change_token_new';
	const changed = await transaction(ctx, async (tx) => {
		const updated = await updateUser(tx, user.id, {
			email_change: newEmail,
			email_change_confirm_status: 0,
			email_change_sent_at: new Date(),
			[column]: token
		});
		await setOneTimeToken(tx, user.id, column, token, address);
		return updated;
	});
	return { user: changed, token };
}

/** POST /admin/generate_link: the link and code a mail would carry, without sending it. */
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
	const notFound = () => new AuthError(404, 'user_not_found', 'User with this email not found');
	const otp = generateOtp(ctx.config.email.otpLength);
	if (isEmailChange(type)) {
		if (!existing) throw notFound();
		const { user, token } = await startEmailChange(ctx, existing, type, body.new_email, otp);
		await sendLink(ctx, call, user, { otp, token, type, linkType: 'email_change', redirectTo });
		return;
	}
	if (!existing && type === 'recovery') throw notFound();
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
	await sendLink(ctx, call, user, { otp, token: hashed, type, linkType: type, redirectTo });
}

/** GoTrue's GenerateLinkResponse: the user with the link's properties beside its fields. */
async function sendLink(
	ctx: Ctx,
	call: Call,
	user: UserRow,
	link: { otp: string; token: string; type: LinkType; linkType: MailType; redirectTo: string }
): Promise<void> {
	const query = new URLSearchParams({
		token: link.token,
		type: link.linkType,
		redirect_to: link.redirectTo
	});
	sendJson(call.res, 200, {
		...userJson(user, await findIdentities(ctx.sql, user.id)),
		action_link: `${ctx.authUrl}/verify?${query}`,
		email_otp: link.otp,
		hashed_token: link.token,
		verification_type: link.type,
		redirect_to: link.redirectTo
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
