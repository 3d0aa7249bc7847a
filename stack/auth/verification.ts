import { randomBytes } from 'node:crypto';
import { confirmEmail } from './accounts.ts';
import type { Ctx } from './context.ts';
import { badRequest, forbidden, unprocessable } from './errors.ts';
import { hashPassword } from './password.ts';
import { tokenHash } from './secrets.ts';
import type { AuthMethod } from './sessions.ts';
import {
	clearOneTimeTokens,
	findIdentities,
	findUserByEmail,
	insertIdentity,
	isBanned,
	isConfirmed,
	refreshProviders,
	updateIdentityData,
	updateUser,
	type Db,
	type UserRow
} from './users.ts';

/** The verification types of mail links and codes; `email` is a code from either kind of mail. */
export type VerifyType = 'signup' | 'invite' | 'recovery' | 'magiclink' | 'email_change' | 'email';
export type ResolvedType = Exclude<VerifyType, 'email'>;

export const VERIFY_TYPES: readonly string[] = [
	'signup',
	'invite',
	'recovery',
	'magiclink',
	'email_change',
	'email'
];

/** The session's amr method when a PKCE code from a link of this type is redeemed. */
export const PKCE_METHOD: Record<ResolvedType, AuthMethod> = {
	signup: 'email/signup',
	invite: 'invite',
	recovery: 'recovery',
	magiclink: 'magiclink',
	email_change: 'email_change'
};

export const SINGLE_CONFIRMATION_ACCEPTED =
	'Confirmation link accepted. Please proceed to confirm link sent to the other email';

const invalidLink = () => forbidden('otp_expired', 'Email link is invalid or has expired');
const invalidToken = () => forbidden('otp_expired', 'Token has expired or is invalid');

function sentAtOf(user: UserRow, type: ResolvedType): Date | null {
	if (type === 'signup' || type === 'invite') return user.confirmation_sent_at;
	if (type === 'email_change') return user.email_change_sent_at;
	return user.recovery_sent_at;
}

function isExpired(ctx: Ctx, sentAt: Date | null): boolean {
	return !sentAt || Date.now() > sentAt.getTime() + ctx.config.email.otpExpiry * 1000;
}

function checkUsable(user: UserRow | undefined, error: () => Error): UserRow {
	if (!user) throw error();
	if (isBanned(user)) throw forbidden('user_banned', 'User is banned');
	return user;
}

/** A mail link's token (or a token_hash): GoTrue's verifyTokenHash. */
export async function findByTokenHash(
	ctx: Ctx,
	db: Db,
	type: VerifyType,
	hash: string
): Promise<{ user: UserRow; type: ResolvedType }> {
	const [found] =
		type === 'email'
			? await db<UserRow[]>`
					select * from auth.users where confirmation_token = ${hash} or recovery_token = ${hash}`
			: type === 'signup' || type === 'invite'
				? await db<UserRow[]>`select * from auth.users where confirmation_token = ${hash}`
				: type === 'email_change'
					? await db<UserRow[]>`
							select * from auth.users
							where email_change_token_current = ${hash} or email_change_token_new = ${hash}`
					: await db<UserRow[]>`select * from auth.users where recovery_token = ${hash}`;
	const user = checkUsable(found, invalidLink);
	const resolved: ResolvedType =
		type === 'email' ? (user.recovery_token === hash ? 'magiclink' : 'signup') : type;
	if (isExpired(ctx, sentAtOf(user, resolved))) throw invalidLink();
	return { user, type: resolved };
}

/**
 * Wrong codes a mailed code survives. A six-digit code has a million values; Auth's per-IP limit
 * alone does not stop a guesser with many addresses, so after this many misses the code (and its
 * link) is void and a new mail must be asked for. Not in GoTrue, which relies on the IP limit.
 */
export const MAX_CODE_TRIES = 5;

/** Counts a miss against the code `key` names; the last allowed miss runs `voidCode`. */
async function countWrongCode(ctx: Ctx, key: string, voidCode: () => Promise<void>): Promise<void> {
	const tries = (ctx.codeFailures.get(key) ?? 0) + 1;
	ctx.codeFailures.set(key, tries);
	if (tries >= MAX_CODE_TRIES) {
		ctx.codeFailures.delete(key);
		await voidCode();
	}
}

async function wrongCode(ctx: Ctx, user: UserRow): Promise<never> {
	const key = [user.id, user.confirmation_sent_at?.getTime(), user.recovery_sent_at?.getTime()]
		.map(String)
		.join(':');
	await countWrongCode(ctx, key, async () => {
		// On its own connection: the error below rolls the request's transaction back.
		await ctx.sql`update auth.users set confirmation_token = '', recovery_token = ''
			where id = ${user.id}`;
		await ctx.sql`delete from auth.one_time_tokens where user_id = ${user.id}
			and token_type in ('confirmation_token', 'recovery_token')`;
	});
	throw invalidToken();
}

const invalidNonce = () =>
	unprocessable('reauthentication_not_valid', 'Nonce has expired or is invalid');

/**
 * The nonce of a password change (GoTrue's verifyReauthentication). A right one is spent and the
 * user's one_time_tokens rows are cleared, as ConfirmReauthentication does; MAX_CODE_TRIES wrong
 * ones void it. Runs on its own connection: the nonce stays spent even if the update then fails.
 */
export async function verifyReauthentication(
	ctx: Ctx,
	user: UserRow,
	nonce: string
): Promise<void> {
	const sentAt = user.reauthentication_sent_at;
	if (!user.reauthentication_token || !sentAt) throw invalidNonce();
	if (!user.email) {
		throw unprocessable(
			'reauthentication_not_valid',
			'Reauthentication requires an email or a phone number'
		);
	}
	const clearNonce = () =>
		ctx.sql`update auth.users set reauthentication_token = '' where id = ${user.id}`;
	const hash = tokenHash(user.email, nonce);
	if (!otpMatches(ctx, hash, user.reauthentication_token, sentAt)) {
		await countWrongCode(ctx, `reauthentication:${user.id}:${sentAt.getTime()}`, async () => {
			await clearNonce();
			await ctx.sql`delete from auth.one_time_tokens where user_id = ${user.id}
				and token_type = 'reauthentication_token'`;
		});
		throw invalidNonce();
	}
	await clearNonce();
	await clearOneTimeTokens(ctx.sql, user.id);
}

function otpMatches(ctx: Ctx, hash: string, expected: string | null, sentAt: Date | null): boolean {
	if (!expected || isExpired(ctx, sentAt)) return false;
	return expected === hash || expected === `pkce_${hash}`;
}

/** An address and the code from its mail: GoTrue's verifyUserAndToken for email types. */
export async function findByEmailOtp(
	ctx: Ctx,
	db: Db,
	type: VerifyType,
	email: string,
	otp: string
): Promise<{ user: UserRow; type: ResolvedType; hash: string }> {
	const hash = tokenHash(email, otp);
	if (type === 'email_change') {
		const pkce = `pkce_${hash}`;
		const [found] = await db<UserRow[]>`
			select * from auth.users
			where (email = ${email} or email_change = ${email})
				and (email_change_token_current in (${hash}, ${pkce})
					or email_change_token_new in (${hash}, ${pkce}))`;
		const user = checkUsable(found, invalidToken);
		if (isExpired(ctx, user.email_change_sent_at)) throw invalidToken();
		return { user, type, hash };
	}
	const user = checkUsable(await findUserByEmail(db, email), invalidToken);
	const confirmation = () =>
		otpMatches(ctx, hash, user.confirmation_token, user.confirmation_sent_at);
	const recovery = () => otpMatches(ctx, hash, user.recovery_token, user.recovery_sent_at);
	if ((type === 'email' || type === 'signup' || type === 'invite') && confirmation()) {
		return { user, type: type === 'email' ? 'signup' : type, hash };
	}
	if ((type === 'email' || type === 'recovery' || type === 'magiclink') && recovery()) {
		return { user, type: type === 'email' ? 'magiclink' : type, hash };
	}
	return wrongCode(ctx, user);
}

/** Makes `newEmail` the user's confirmed address (GoTrue's ConfirmEmailChange and friends). */
export async function changeEmailNow(tx: Db, user: UserRow, newEmail: string): Promise<UserRow> {
	const identities = await findIdentities(tx, user.id);
	if (identities.some((identity) => identity.provider === 'email')) {
		await updateIdentityData(tx, user.id, 'email', { email: newEmail, email_verified: true });
	} else {
		await insertIdentity(tx, user, 'email', {
			sub: user.id,
			email: newEmail,
			email_verified: true,
			phone_verified: false
		});
	}
	let changed = await updateUser(tx, user.id, {
		email: newEmail,
		email_change: '',
		email_change_token_current: '',
		email_change_token_new: '',
		email_change_confirm_status: 0,
		is_anonymous: false
	});
	await clearOneTimeTokens(tx, user.id);
	if (!isConfirmed(changed)) changed = await confirmEmail(tx, changed);
	return refreshProviders(tx, changed);
}

/**
 * What a verified link or code does: confirms the address, completes a recovery or magic link,
 * or (one half of) an email change. Returns 'pending' when the other address must confirm too.
 */
export async function applyVerification(
	ctx: Ctx,
	tx: Db,
	user: UserRow,
	type: ResolvedType,
	hash: string
): Promise<UserRow | 'pending'> {
	let result = user;
	if (type === 'signup' || type === 'invite') {
		if (!user.encrypted_password && user.invited_at) {
			// An invited user gets a random password until they set their own.
			const password = randomBytes(32).toString('base64url');
			result = await updateUser(tx, user.id, { encrypted_password: await hashPassword(password) });
		}
		result = await confirmEmail(tx, result);
	} else if (type === 'recovery' || type === 'magiclink') {
		result = await updateUser(tx, user.id, { recovery_token: '' });
		await clearOneTimeTokens(tx, user.id);
		if (!isConfirmed(result)) result = await confirmEmail(tx, result);
	} else {
		const { email } = ctx.config;
		const matched = [hash, `pkce_${hash}`];
		if (
			email.enableConfirmations &&
			email.doubleConfirmChanges &&
			(user.email_change_confirm_status ?? 0) === 0 &&
			user.email
		) {
			const current = matched.includes(user.email_change_token_current ?? '');
			await updateUser(tx, user.id, {
				email_change_confirm_status: 1,
				...(current ? { email_change_token_current: '' } : { email_change_token_new: '' })
			});
			await tx`
				delete from auth.one_time_tokens where user_id = ${user.id}
				and token_type = ${current ? 'email_change_token_current' : 'email_change_token_new'}
			`;
			return 'pending';
		}
		if (!user.email_change) throw badRequest('validation_failed', 'No email change pending');
		result = await changeEmailNow(tx, user, user.email_change);
	}
	return refreshProviders(tx, result);
}
