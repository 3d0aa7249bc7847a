import { randomUUID } from 'node:crypto';
import postgres, { type ISql } from 'postgres';

/** A client or a transaction: the queries below run on either. */
export type Db = ISql;

type Json = Record<string, unknown>;

/** The auth.users columns the service reads. */
export interface UserRow {
	id: string;
	aud: string | null;
	role: string | null;
	email: string | null;
	encrypted_password: string | null;
	email_confirmed_at: Date | null;
	invited_at: Date | null;
	phone: string | null;
	phone_confirmed_at: Date | null;
	confirmation_token: string | null;
	confirmation_sent_at: Date | null;
	confirmed_at: Date | null;
	recovery_token: string | null;
	recovery_sent_at: Date | null;
	email_change_token_new: string | null;
	email_change_token_current: string | null;
	email_change: string | null;
	email_change_sent_at: Date | null;
	email_change_confirm_status: number | null;
	reauthentication_token: string | null;
	reauthentication_sent_at: Date | null;
	last_sign_in_at: Date | null;
	raw_app_meta_data: Json | null;
	raw_user_meta_data: Json | null;
	created_at: Date;
	updated_at: Date;
	banned_until: Date | null;
	deleted_at: Date | null;
	is_anonymous: boolean;
}

export interface IdentityRow {
	id: string;
	provider_id: string;
	user_id: string;
	identity_data: Json;
	provider: string;
	last_sign_in_at: Date | null;
	created_at: Date;
	updated_at: Date;
	email: string | null;
}

/** The columns a handler may change; `updated_at` is set by updateUser itself. */
export type UserPatch = Partial<
	Omit<
		UserRow,
		'id' | 'created_at' | 'updated_at' | 'confirmed_at' | 'raw_app_meta_data' | 'raw_user_meta_data'
	>
> & { raw_app_meta_data?: Json; raw_user_meta_data?: Json };

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
	const [user] = await db<UserRow[]>`select * from auth.users where id = ${id}`;
	return user;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
	const [user] = await db<UserRow[]>`
		select * from auth.users
		where lower(email) = ${email.toLowerCase()} and is_sso_user = false and aud = 'authenticated'
	`;
	return user;
}

export async function findIdentities(db: Db, userId: string): Promise<IdentityRow[]> {
	return db<IdentityRow[]>`
		select * from auth.identities where user_id = ${userId} order by created_at, id
	`;
}

export interface NewUser {
	id?: string;
	email: string | null;
	encryptedPassword: string | null;
	userMetadata: Json;
	appMetadata: Json;
	isAnonymous?: boolean;
	role?: string;
}

/**
 * Inserts a user the way GoTrue does (token columns as empty strings, aud and role
 * 'authenticated'), so triggers on auth.users see what they would see on Supabase.
 */
export async function insertUser(db: Db, user: NewUser): Promise<UserRow> {
	const [row] = await db<UserRow[]>`
		insert into auth.users (
			instance_id, id, aud, role, email, encrypted_password,
			confirmation_token, recovery_token, email_change_token_new, email_change,
			raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous
		) values (
			'00000000-0000-0000-0000-000000000000', ${user.id ?? randomUUID()}, 'authenticated',
			${user.role ?? 'authenticated'}, ${user.email}, ${user.encryptedPassword ?? ''},
			'', '', '', '',
			${db.json(user.appMetadata as never)}, ${db.json(user.userMetadata as never)}, now(), now(),
			${user.isAnonymous ?? false}
		)
		returning *
	`;
	return row!;
}

export async function updateUser(db: Db, id: string, patch: UserPatch): Promise<UserRow> {
	const { raw_app_meta_data, raw_user_meta_data, ...plain } = patch;
	const values: Record<string, unknown> = { ...plain, updated_at: new Date() };
	if (raw_app_meta_data) values.raw_app_meta_data = db.json(raw_app_meta_data as never);
	if (raw_user_meta_data) values.raw_user_meta_data = db.json(raw_user_meta_data as never);
	const [row] = await db<UserRow[]>`
		update auth.users set ${db(values)} where id = ${id} returning *
	`;
	return row!;
}

/** GoTrue's metadata merge: keys with a null value are removed, the rest overwrite. */
export function mergeMetadata(current: Json | null, updates: Json): Json {
	const merged: Json = { ...(current ?? {}) };
	for (const [key, value] of Object.entries(updates)) {
		if (value === null) delete merged[key];
		else merged[key] = value;
	}
	return merged;
}

export async function insertIdentity(
	db: Db,
	user: UserRow,
	provider: string,
	identityData: Json
): Promise<IdentityRow> {
	const [row] = await db<IdentityRow[]>`
		insert into auth.identities (
			provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at
		) values (
			${user.id}, ${user.id}, ${db.json(identityData as never)}, ${provider}, now(), now(), now()
		)
		returning *
	`;
	return row!;
}

export async function updateIdentityData(
	db: Db,
	userId: string,
	provider: string,
	updates: Json
): Promise<void> {
	await db`
		update auth.identities
		set identity_data = identity_data || ${db.json(updates as never)}, updated_at = now()
		where user_id = ${userId} and provider = ${provider}
	`;
}

/** `{provider, providers}` in app_metadata from the user's identities, as GoTrue keeps them. */
export async function refreshProviders(db: Db, user: UserRow): Promise<UserRow> {
	const rows = await db<{ provider: string }[]>`
		select distinct provider from auth.identities where user_id = ${user.id} order by provider
	`;
	const providers = rows.map((row) => row.provider);
	const update: Json = { providers };
	if (providers.length > 0) update.provider = providers[0];
	return updateUser(db, user.id, {
		raw_app_meta_data: mergeMetadata(user.raw_app_meta_data, update)
	});
}

/** One-time tokens mirror the token columns of auth.users, as GoTrue keeps both. */
export type OneTimeTokenType =
	| 'confirmation_token'
	| 'recovery_token'
	| 'email_change_token_new'
	| 'email_change_token_current'
	| 'reauthentication_token';

export async function setOneTimeToken(
	db: Db,
	userId: string,
	type: OneTimeTokenType,
	tokenHash: string,
	relatesTo: string
): Promise<void> {
	await db`
		insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to)
		values (${randomUUID()}, ${userId}, ${type}, ${tokenHash}, ${relatesTo})
		on conflict (user_id, token_type) do update
		set token_hash = excluded.token_hash, relates_to = excluded.relates_to, updated_at = now()
	`;
}

export async function clearOneTimeTokens(db: Db, userId: string): Promise<void> {
	await db`delete from auth.one_time_tokens where user_id = ${userId}`;
}

const iso = (date: Date | null) => date?.toISOString();

function identityJson(identity: IdentityRow) {
	return {
		identity_id: identity.id,
		id: identity.provider_id,
		user_id: identity.user_id,
		identity_data: identity.identity_data,
		provider: identity.provider,
		last_sign_in_at: iso(identity.last_sign_in_at),
		created_at: iso(identity.created_at),
		updated_at: iso(identity.updated_at),
		email: identity.email ?? undefined
	};
}

/**
 * A user as GoTrue serialises it (models/user.go): same keys, same order, optional timestamps
 * left out when unset (undefined disappears in JSON.stringify, as `omitempty` does in Go).
 */
export function userJson(user: UserRow, identities: IdentityRow[]) {
	return {
		id: user.id,
		aud: user.aud ?? '',
		role: user.role ?? '',
		email: user.email ?? '',
		email_confirmed_at: iso(user.email_confirmed_at),
		invited_at: iso(user.invited_at),
		phone: user.phone ?? '',
		phone_confirmed_at: iso(user.phone_confirmed_at),
		confirmation_sent_at: iso(user.confirmation_sent_at),
		confirmed_at: iso(user.confirmed_at),
		recovery_sent_at: iso(user.recovery_sent_at),
		new_email: user.email_change || undefined,
		email_change_sent_at: iso(user.email_change_sent_at),
		reauthentication_sent_at: iso(user.reauthentication_sent_at),
		last_sign_in_at: iso(user.last_sign_in_at),
		app_metadata: user.raw_app_meta_data ?? {},
		user_metadata: user.raw_user_meta_data ?? {},
		identities: identities.map(identityJson),
		created_at: iso(user.created_at),
		updated_at: iso(user.updated_at),
		banned_until: iso(user.banned_until),
		deleted_at: iso(user.deleted_at),
		is_anonymous: user.is_anonymous
	};
}

export type UserJson = ReturnType<typeof userJson>;

export async function loadUserJson(db: Db, user: UserRow): Promise<UserJson> {
	return userJson(user, await findIdentities(db, user.id));
}

/** A concurrent request registered the same address first (users_email_partial_key). */
export function isDuplicateEmail(error: unknown): boolean {
	return (
		error instanceof postgres.PostgresError &&
		error.code === '23505' &&
		error.constraint_name === 'users_email_partial_key'
	);
}

export function isBanned(user: UserRow): boolean {
	return user.banned_until !== null && user.banned_until.getTime() > Date.now();
}

export function isConfirmed(user: UserRow): boolean {
	return user.email_confirmed_at !== null;
}
