import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { Call, Ctx } from './context.ts';
import { badRequest } from './errors.ts';
import { userAgent } from './http.ts';
import { signAccessToken, type AmrEntry } from './jwt.ts';
import { generateRefreshToken } from './secrets.ts';
import {
	findIdentities,
	findUserById,
	isBanned,
	userJson,
	type Db,
	type UserRow,
	type UserJson
} from './users.ts';

/** How a session was started: the JWT's amr method (GoTrue's AuthenticationMethod names). */
export type AuthMethod =
	| 'password'
	| 'otp'
	| 'magiclink'
	| 'recovery'
	| 'invite'
	| 'email/signup'
	| 'email_change'
	| 'anonymous';

/** GoTrue's AccessTokenResponse. */
export interface SessionJson {
	access_token: string;
	token_type: 'bearer';
	expires_in: number;
	expires_at: number;
	refresh_token: string;
	user: UserJson;
}

interface RefreshTokenRow {
	id: string;
	token: string;
	user_id: string;
	revoked: boolean;
	parent: string | null;
	session_id: string | null;
	updated_at: Date;
}

interface SessionRow {
	id: string;
	user_id: string;
	not_after: Date | null;
	/** When its token was last refreshed, or when it began. */
	active_at: Date;
}

async function amrClaims(db: Db, sessionId: string): Promise<AmrEntry[]> {
	const rows = await db<{ authentication_method: string; updated_at: Date }[]>`
		select authentication_method, updated_at from auth.mfa_amr_claims
		where session_id = ${sessionId} order by updated_at desc
	`;
	return rows.map((row) => ({
		method: row.authentication_method,
		timestamp: Math.floor(row.updated_at.getTime() / 1000)
	}));
}

/** A fresh access token for `user` in `sessionId`, with GoTrue's claims. */
async function accessToken(
	ctx: Ctx,
	db: Db,
	user: UserRow,
	sessionId: string
): Promise<{ token: string; expiresAt: number }> {
	const iat = Math.floor(Date.now() / 1000);
	const exp = iat + ctx.config.jwtExpiry;
	const token = await signAccessToken(
		{
			iss: ctx.authUrl,
			sub: user.id,
			aud: user.aud ?? 'authenticated',
			exp,
			iat,
			email: user.email ?? '',
			phone: user.phone ?? '',
			app_metadata: user.raw_app_meta_data ?? {},
			user_metadata: user.raw_user_meta_data ?? {},
			role: user.role ?? 'authenticated',
			aal: 'aal1',
			amr: await amrClaims(db, sessionId),
			session_id: sessionId,
			is_anonymous: user.is_anonymous
		},
		ctx.keys
	);
	return { token, expiresAt: exp };
}

async function sessionJson(
	ctx: Ctx,
	db: Db,
	user: UserRow,
	sessionId: string,
	refreshToken: string
): Promise<SessionJson> {
	const { token, expiresAt } = await accessToken(ctx, db, user, sessionId);
	return {
		access_token: token,
		token_type: 'bearer',
		expires_in: expiresAt - Math.floor(Date.now() / 1000),
		expires_at: expiresAt,
		refresh_token: refreshToken,
		user: userJson(user, await findIdentities(db, user.id))
	};
}

function ipOf(call: Call): string | null {
	return isIP(call.ip) ? call.ip : null;
}

async function insertRefreshToken(
	db: Db,
	userId: string,
	sessionId: string,
	parent: string | null
): Promise<string> {
	const token = generateRefreshToken();
	await db`
		insert into auth.refresh_tokens (instance_id, token, user_id, revoked, parent, session_id, created_at, updated_at)
		values ('00000000-0000-0000-0000-000000000000', ${token}, ${userId}, false, ${parent}, ${sessionId}, now(), now())
	`;
	return token;
}

/** Signs `user` in: a new session, its first refresh token, its amr claim and an access token. */
export async function issueSession(
	ctx: Ctx,
	db: Db,
	call: Call,
	user: UserRow,
	method: AuthMethod
): Promise<SessionJson> {
	const sessionId = randomUUID();
	await db`
		insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
		values (${sessionId}, ${user.id}, now(), now(), 'aal1', ${userAgent(call.req)}, ${ipOf(call)})
	`;
	const refreshToken = await insertRefreshToken(db, user.id, sessionId, null);
	await db`
		insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
		values (${randomUUID()}, ${sessionId}, now(), now(), ${method})
	`;
	const [signedIn] = await db<UserRow[]>`
		update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${user.id} returning *
	`;
	return sessionJson(ctx, db, signedIn!, sessionId, refreshToken);
}

const alreadyUsed = () =>
	badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used');

/**
 * The refresh_token grant with GoTrue's rotation rules (tokens/service.go, legacy tokens):
 * the presented token is revoked and a child issued. A revoked token that is the parent of the
 * session's active one gets that active token back (the client lost the last response); another
 * revoked token is accepted within the reuse interval, and after it the whole session's tokens
 * are revoked and the request fails with refresh_token_already_used.
 */
export async function refreshSession(
	ctx: Ctx,
	call: Call,
	presented: string
): Promise<SessionJson> {
	const outcome = await ctx.sql.begin(async (tx) => {
		const [token] = await tx<RefreshTokenRow[]>`
			select id, token, user_id, revoked, parent, session_id, updated_at
			from auth.refresh_tokens where token = ${presented} for update
		`;
		if (!token) {
			return badRequest(
				'refresh_token_not_found',
				'Invalid Refresh Token: Refresh Token Not Found'
			);
		}
		const user = await findUserById(tx, token.user_id);
		if (!user) {
			return badRequest(
				'refresh_token_not_found',
				'Invalid Refresh Token: Refresh Token Not Found'
			);
		}
		if (isBanned(user)) return badRequest('user_banned', 'Invalid Refresh Token: User Banned');
		const [session] = token.session_id
			? await tx<SessionRow[]>`
					select id, user_id, not_after,
						coalesce(refreshed_at at time zone 'utc', created_at) as active_at
					from auth.sessions where id = ${token.session_id} for update
				`
			: [];
		if (!session) {
			return badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found');
		}
		if (session.not_after && session.not_after.getTime() < Date.now()) {
			return badRequest('session_expired', 'Invalid Refresh Token: Session Expired');
		}
		const idleFor = Date.now() - session.active_at.getTime();
		const timeout = ctx.config.sessionInactivityTimeout;
		if (timeout > 0 && idleFor > timeout * 1000) {
			return badRequest('session_expired', 'Invalid Refresh Token: Session Expired (Inactivity)');
		}

		let issued: string | undefined;
		if (token.revoked) {
			const [active] = await tx<{ token: string; parent: string | null }[]>`
				select token, parent from auth.refresh_tokens
				where session_id = ${session.id} and revoked = false order by id desc limit 1
			`;
			if (active && active.parent === token.token) {
				issued = active.token;
			} else {
				const reuseUntil = token.updated_at.getTime() + ctx.config.refreshTokenReuseInterval * 1000;
				if (Date.now() > reuseUntil) {
					if (ctx.config.refreshTokenRotation) {
						await tx`
							update auth.refresh_tokens set revoked = true, updated_at = now()
							where session_id = ${session.id} and revoked = false
						`;
					}
					// Committed on purpose: the family stays revoked although the request fails.
					return alreadyUsed();
				}
			}
		}
		if (!issued) {
			await tx`
				update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${token.id}
			`;
			issued = await insertRefreshToken(tx, user.id, session.id, token.token);
		}
		await tx`
			update auth.sessions
			set refreshed_at = now() at time zone 'utc', updated_at = now(),
				user_agent = ${userAgent(call.req)}, ip = ${ipOf(call)}
			where id = ${session.id}
		`;
		return sessionJson(ctx, tx, user, session.id, issued);
	});
	if (outcome instanceof Error) throw outcome;
	return outcome;
}

export type LogoutScope = 'global' | 'local' | 'others';

/** Ends sessions; their refresh tokens go with them (on delete cascade). */
export async function logout(
	db: Db,
	userId: string,
	sessionId: string | undefined,
	scope: LogoutScope
): Promise<void> {
	if (sessionId && scope === 'local') {
		await db`delete from auth.sessions where id = ${sessionId}`;
	} else if (sessionId && scope === 'others') {
		await db`delete from auth.sessions where user_id = ${userId} and id <> ${sessionId}`;
	} else {
		await db`delete from auth.sessions where user_id = ${userId}`;
	}
}
