import { randomUUID } from 'node:crypto';
import type { Ctx, Mailbag } from './context.ts';
import { sendUserMail, type Flow } from './mailer.ts';
import { createFlowState, type PkceParams } from './pkce.ts';
import {
	clearOneTimeTokens,
	findIdentities,
	insertIdentity,
	insertUser,
	isConfirmed,
	mergeMetadata,
	refreshProviders,
	updateIdentityData,
	updateUser,
	type Db,
	type NewUser,
	type UserJson,
	type UserRow
} from './users.ts';

/** GoTrue's User.Confirm: confirmed now, pending confirmation cleared, email_verified in metadata. */
export async function confirmEmail(tx: Db, user: UserRow): Promise<UserRow> {
	const confirmed = await updateUser(tx, user.id, {
		email_confirmed_at: new Date(),
		confirmation_token: '',
		raw_user_meta_data: mergeMetadata(user.raw_user_meta_data, { email_verified: true })
	});
	await clearOneTimeTokens(tx, user.id);
	await updateIdentityData(tx, user.id, 'email', { email_verified: true });
	return confirmed;
}

/** A user with an email identity (unconfirmed), as GoTrue's admin and invite paths create them. */
export async function createEmailUser(tx: Db, user: NewUser & { email: string }): Promise<UserRow> {
	const created = await insertUser(tx, user);
	await insertIdentity(tx, created, 'email', {
		sub: created.id,
		email: user.email,
		email_verified: false,
		phone_verified: false
	});
	return created;
}

/** Thrown inside the sign-up transaction when the address already belongs to a confirmed user. */
export class UserExistsError extends Error {}

export interface EmailSignUp {
	email: string;
	encryptedPassword: string;
	data: Record<string, unknown>;
	flow: Flow;
	pkce: PkceParams;
	redirectTo: string;
}

/**
 * GoTrue's Signup for the email provider: creates the user (or reuses an unconfirmed one) with an
 * email identity, then either confirms it at once (confirmations off) or mails a confirmation.
 */
export async function signUpWithEmail(
	ctx: Ctx,
	tx: Db,
	mails: Mailbag,
	existing: UserRow | undefined,
	params: EmailSignUp
): Promise<UserRow> {
	if (existing && isConfirmed(existing)) throw new UserExistsError();
	// An unconfirmed user is not updated: we cannot be sure the caller owns the address.
	let user =
		existing ??
		(await insertUser(tx, {
			email: params.email,
			encryptedPassword: params.encryptedPassword,
			userMetadata: params.data,
			appMetadata: { provider: 'email', providers: ['email'] }
		}));
	const identities = await findIdentities(tx, user.id);
	if (!identities.some((identity) => identity.provider === 'email')) {
		const identityData = {
			...params.data,
			sub: user.id,
			email: user.email,
			email_verified: false,
			phone_verified: false
		};
		await insertIdentity(tx, user, 'email', identityData);
		// As GoTrue's RemoveUnconfirmedIdentities: an unconfirmed user's metadata is the identity's.
		user = await updateUser(tx, user.id, { raw_user_meta_data: identityData });
		user = await refreshProviders(tx, user);
	}
	if (isConfirmed(user)) return user;
	if (!ctx.config.email.enableConfirmations) return confirmEmail(tx, user);
	if (params.flow === 'pkce') await createFlowState(tx, user.id, 'email/signup', params.pkce);
	return sendUserMail(ctx, tx, mails, user, 'signup', params.flow, params.redirectTo);
}

/**
 * What a repeated sign-up answers while confirmations are on: a plausible new user, so the
 * response does not reveal that the address is registered (GoTrue's sanitizeUser).
 */
export function decoyUser(email: string, data: Record<string, unknown>): UserJson {
	const now = new Date().toISOString();
	return {
		id: randomUUID(),
		aud: 'authenticated',
		role: '',
		email,
		email_confirmed_at: undefined,
		invited_at: undefined,
		phone: '',
		phone_confirmed_at: undefined,
		confirmation_sent_at: now,
		confirmed_at: undefined,
		recovery_sent_at: undefined,
		new_email: undefined,
		email_change_sent_at: undefined,
		reauthentication_sent_at: undefined,
		last_sign_in_at: undefined,
		app_metadata: { provider: 'email', providers: ['email'] },
		user_metadata: data,
		identities: [],
		created_at: now,
		updated_at: now,
		banned_until: undefined,
		deleted_at: undefined,
		is_anonymous: false
	};
}
