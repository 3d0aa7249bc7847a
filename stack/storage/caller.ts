import type { IncomingMessage } from 'node:http';
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { Sql, TransactionSql } from 'postgres';
import type { JwtKeys } from '../auth/jwt.ts';
import { ERRORS, fromDatabaseError, StorageError } from './errors.ts';

/** The database roles a request may act as, as PostgREST and Supabase Storage switch to them. */
const ROLES = ['anon', 'authenticated', 'service_role'] as const;
type Role = (typeof ROLES)[number];

export interface Caller {
	role: Role;
	claims: JWTPayload & { role?: string };
	/** The bearer token as sent ('' when there was none). */
	jwt: string;
	/** False for a request without a valid token that a route lets through as anon. */
	authenticated: boolean;
}

/** A JWT signed by a key of the stack's JWKS (ES256) or with the legacy HS256 secret. */
export async function verifyJwt(token: string, keys: JwtKeys): Promise<JWTPayload> {
	const alg = decodeProtectedHeader(token).alg;
	const { payload } =
		alg === 'HS256'
			? await jwtVerify(token, keys.legacySecret, { algorithms: ['HS256'] })
			: await jwtVerify(token, keys.verifyKeys, { algorithms: ['ES256'] });
	return payload;
}

const ANON: Omit<Caller, 'jwt'> = { role: 'anon', claims: { role: 'anon' }, authenticated: false };

/**
 * Who calls, from the Authorization bearer, as Supabase Storage's jwt plugin decides it. A bad,
 * expired or missing token is refused (403 AccessDenied with the verifier's reason) unless the
 * route lets anyone through (`allowAnon`): then the caller is anon, as on Supabase.
 */
export async function authenticate(
	req: IncomingMessage,
	keys: JwtKeys,
	opts: { allowAnon?: boolean } = {}
): Promise<Caller> {
	const jwt = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '').trim();
	let claims: JWTPayload;
	try {
		if (!jwt) throw new Error('Invalid Compact JWS');
		claims = await verifyJwt(jwt, keys);
	} catch (error) {
		if (opts.allowAnon) return { ...ANON, jwt: '' };
		throw ERRORS.accessDenied((error as Error).message);
	}
	const role = (claims as { role?: unknown }).role;
	if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
		if (opts.allowAnon) return { ...ANON, jwt: '' };
		throw ERRORS.accessDenied('Access denied: Invalid role');
	}
	return { role: role as Role, claims, jwt, authenticated: true };
}

/**
 * Switches the transaction to the caller: their role and JWT claims for this transaction only,
 * the settings Supabase Storage's scope statement sets (src/internal/database/postgres/scope.ts)
 * — auth.uid(), auth.jwt() and auth.role() in storage.objects policies read them — and
 * `storage.allow_delete_query`, which storage.protect_delete() asks of every delete.
 */
export async function becomeCaller(
	tx: TransactionSql,
	caller: Caller,
	req: IncomingMessage,
	path: string
): Promise<void> {
	const sub = typeof caller.claims.sub === 'string' ? caller.claims.sub : '';
	await tx`select
		set_config('role', ${caller.role}, true),
		set_config('request.jwt.claim.role', ${caller.role}, true),
		set_config('request.jwt', ${caller.jwt}, true),
		set_config('request.jwt.claim.sub', ${sub}, true),
		set_config('request.jwt.claims', ${JSON.stringify(caller.claims)}, true),
		set_config('request.method', ${req.method ?? ''}, true),
		set_config('request.path', ${path}, true),
		set_config('storage.allow_delete_query', 'true', true)`;
}

/**
 * One transaction; `work` runs as the superuser until it calls `becomeCaller`. PostgreSQL errors
 * come out as Supabase Storage maps them (42501 → AccessDenied, 23505 → Duplicate).
 */
export async function transaction<T>(
	sql: Sql,
	work: (tx: TransactionSql) => Promise<T>
): Promise<T> {
	try {
		return (await sql.begin((tx) => work(tx))) as T;
	} catch (error) {
		if (error instanceof StorageError) throw error;
		throw fromDatabaseError(error) ?? error;
	}
}

/** `work` as the caller, in a transaction of its own. */
export function asCaller<T>(
	sql: Sql,
	caller: Caller,
	req: IncomingMessage,
	path: string,
	work: (tx: TransactionSql) => Promise<T>
): Promise<T> {
	return transaction(sql, async (tx) => {
		await becomeCaller(tx, caller, req, path);
		return work(tx);
	});
}
