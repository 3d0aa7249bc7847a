import type { Call, Ctx } from './context.ts';
import { AuthError, badRequest, forbidden } from './errors.ts';
import { bearerToken } from './http.ts';
import { verifyBearer, type BearerClaims } from './jwt.ts';
import { findUserById, isBanned, type UserRow } from './users.ts';
import { UUID } from './validate.ts';

/** Roles GoTrue treats as admins by default (GOTRUE_JWT_ADMIN_ROLES). */
const ADMIN_ROLES = new Set(['service_role', 'supabase_admin']);

export interface Caller {
	claims: BearerClaims;
	user: UserRow;
	/** Absent for tokens without a session_id claim. */
	sessionId?: string;
}

async function sessionExists(ctx: Ctx, sessionId: string): Promise<boolean> {
	if (!UUID.test(sessionId)) {
		throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
	}
	const [row] = await ctx.sql`select 1 from auth.sessions where id = ${sessionId}`;
	return row !== undefined;
}

/** GoTrue's requireAuthentication: a valid JWT whose user and session still exist. */
export async function requireUser(ctx: Ctx, call: Call): Promise<Caller> {
	const claims = await verifyBearer(bearerToken(call.req), ctx.keys);
	if (!claims.sub) throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
	if (!UUID.test(claims.sub))
		throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
	const user = await findUserById(ctx.sql, claims.sub);
	if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');
	const sessionId = claims.session_id || undefined;
	if (sessionId && !(await sessionExists(ctx, sessionId))) {
		throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
	}
	if (isBanned(user)) throw forbidden('user_banned', 'User is banned');
	return { claims, user, sessionId };
}

/** GoTrue's requireAdminCredentials: a JWT whose role is an admin role (the service_role key). */
export async function requireAdmin(ctx: Ctx, call: Call): Promise<BearerClaims> {
	const claims = await verifyBearer(bearerToken(call.req), ctx.keys);
	if (claims.session_id && !(await sessionExists(ctx, claims.session_id))) {
		throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
	}
	if (!claims.role || !ADMIN_ROLES.has(claims.role)) {
		throw new AuthError(403, 'not_admin', 'User not allowed');
	}
	return claims;
}

export function isAdminRole(role: string | undefined): boolean {
	return role !== undefined && ADMIN_ROLES.has(role);
}
