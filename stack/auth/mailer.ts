import type { Ctx, Mailbag } from './context.ts';
import { tooManyRequests } from './errors.ts';
import type { MailType } from './mails.ts';
import { generateOtp, tokenHash } from './secrets.ts';
import {
	setOneTimeToken,
	updateUser,
	type Db,
	type OneTimeTokenType,
	type UserRow
} from './users.ts';

/** PKCE mail links carry `pkce_`-prefixed tokens; /verify then answers with `?code=`. */
export type Flow = 'pkce' | 'implicit';

function withFlowPrefix(hash: string, flow: Flow): string {
	return flow === 'pkce' ? `pkce_${hash}` : hash;
}

/** GoTrue's validateSentWithinFrequencyLimit (SMTP max_frequency), per user and mail kind. */
function checkFrequency(ctx: Ctx, sentAt: Date | null): void {
	if (!sentAt) return;
	const left = sentAt.getTime() + ctx.config.email.maxFrequency * 1000 - Date.now();
	if (left > 0) {
		throw tooManyRequests(
			'over_email_send_rate_limit',
			`For security purposes, you can only request this after ${Math.ceil(left / 1000)} seconds.`
		);
	}
}

/** The instance-wide hourly mail limit; GoTrue applies it only while confirmations are on. */
function checkEmailLimit(ctx: Ctx): void {
	if (ctx.config.email.enableConfirmations && !ctx.limits.email.take('instance')) {
		throw tooManyRequests('over_email_send_rate_limit', 'email rate limit exceeded');
	}
}

function verifyLink(ctx: Ctx, token: string, type: MailType, redirectTo: string): string {
	const query = new URLSearchParams({ token, type, redirect_to: redirectTo });
	return `${ctx.authUrl}/verify?${query}`;
}

interface Spec {
	type: Exclude<MailType, 'email_change' | 'reauthentication'>;
	column: 'confirmation_token' | 'recovery_token';
	sentAt: 'confirmation_sent_at' | 'recovery_sent_at';
	oneTimeToken: OneTimeTokenType;
}

const SPECS: Record<Spec['type'], Spec> = {
	signup: {
		type: 'signup',
		column: 'confirmation_token',
		sentAt: 'confirmation_sent_at',
		oneTimeToken: 'confirmation_token'
	},
	invite: {
		type: 'invite',
		column: 'confirmation_token',
		sentAt: 'confirmation_sent_at',
		oneTimeToken: 'confirmation_token'
	},
	// A magic link is a recovery with another text; it shares the recovery token and timer.
	magiclink: {
		type: 'magiclink',
		column: 'recovery_token',
		sentAt: 'recovery_sent_at',
		oneTimeToken: 'recovery_token'
	},
	recovery: {
		type: 'recovery',
		column: 'recovery_token',
		sentAt: 'recovery_sent_at',
		oneTimeToken: 'recovery_token'
	}
};

/** Mails a link + code to the user's address and stores the code's hash (GoTrue's send*). */
export async function sendUserMail(
	ctx: Ctx,
	tx: Db,
	mails: Mailbag,
	user: UserRow,
	type: Spec['type'],
	flow: Flow,
	redirectTo: string
): Promise<UserRow> {
	const spec = SPECS[type];
	const email = user.email ?? '';
	if (type !== 'invite') checkFrequency(ctx, user[spec.sentAt]);
	checkEmailLimit(ctx);
	const otp = generateOtp(ctx.config.email.otpLength);
	const token = withFlowPrefix(tokenHash(email, otp), flow);
	const now = new Date();
	const updated = await updateUser(tx, user.id, {
		[spec.column]: token,
		[spec.sentAt]: now,
		...(type === 'invite' ? { invited_at: now } : {})
	});
	await setOneTimeToken(tx, user.id, spec.oneTimeToken, token, email);
	mails.push({
		to: email,
		type,
		otp,
		link: verifyLink(ctx, token, type, redirectTo),
		tokenHash: token,
		redirectTo,
		expiresIn: ctx.config.email.otpExpiry
	});
	return updated;
}

/**
 * An email change: a code for the new address and, with double_confirm_changes, one for the
 * current address too; both must be confirmed (GoTrue's sendEmailChange).
 */
export async function sendEmailChange(
	ctx: Ctx,
	tx: Db,
	mails: Mailbag,
	user: UserRow,
	newEmail: string,
	flow: Flow,
	redirectTo: string
): Promise<UserRow> {
	checkFrequency(ctx, user.email_change_sent_at);
	checkEmailLimit(ctx);
	const otpNew = generateOtp(ctx.config.email.otpLength);
	const tokenNew = withFlowPrefix(tokenHash(newEmail, otpNew), flow);
	const current = ctx.config.email.doubleConfirmChanges && user.email ? user.email : undefined;
	const otpCurrent = current ? generateOtp(ctx.config.email.otpLength) : '';
	const tokenCurrent = current ? withFlowPrefix(tokenHash(current, otpCurrent), flow) : '';
	const updated = await updateUser(tx, user.id, {
		email_change: newEmail,
		email_change_token_new: tokenNew,
		email_change_token_current: tokenCurrent,
		email_change_confirm_status: 0,
		email_change_sent_at: new Date()
	});
	const expiresIn = ctx.config.email.otpExpiry;
	await setOneTimeToken(tx, user.id, 'email_change_token_new', tokenNew, newEmail);
	mails.push({
		to: newEmail,
		type: 'email_change',
		otp: otpNew,
		link: verifyLink(ctx, tokenNew, 'email_change', redirectTo),
		tokenHash: tokenNew,
		redirectTo,
		expiresIn
	});
	if (current) {
		await setOneTimeToken(tx, user.id, 'email_change_token_current', tokenCurrent, current);
		mails.push({
			to: current,
			type: 'email_change',
			otp: otpCurrent,
			link: verifyLink(ctx, tokenCurrent, 'email_change', redirectTo),
			tokenHash: tokenCurrent,
			redirectTo,
			expiresIn
		});
	}
	return updated;
}

/** A nonce for a password change, mailed as a code without a link (GoTrue's sendReauthenticationOtp). */
export async function sendReauthentication(
	ctx: Ctx,
	tx: Db,
	mails: Mailbag,
	user: UserRow
): Promise<UserRow> {
	checkFrequency(ctx, user.reauthentication_sent_at);
	checkEmailLimit(ctx);
	const email = user.email ?? '';
	const otp = generateOtp(ctx.config.email.otpLength);
	const token = tokenHash(email, otp);
	const updated = await updateUser(tx, user.id, {
		reauthentication_token: token,
		reauthentication_sent_at: new Date()
	});
	await setOneTimeToken(tx, user.id, 'reauthentication_token', token, email);
	mails.push({
		to: email,
		type: 'reauthentication',
		otp,
		link: '',
		tokenHash: token,
		redirectTo: '',
		expiresIn: ctx.config.email.otpExpiry
	});
	return updated;
}
