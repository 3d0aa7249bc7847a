import { randomUUID } from 'node:crypto';
import {
	createLocalJWKSet,
	decodeProtectedHeader,
	errors as joseErrors,
	importJWK,
	jwtVerify,
	SignJWT,
	type JSONWebKeySet,
	type JWK,
	type JWTPayload
} from 'jose';
import { forbidden } from './errors.ts';

export interface AmrEntry {
	method: string;
	timestamp: number;
}

/** GoTrue's access token claims (internal/tokens/service.go), in its order. */
export interface AccessTokenClaims {
	iss: string;
	sub: string;
	aud: string;
	exp: number;
	iat: number;
	email: string;
	phone: string;
	app_metadata: Record<string, unknown>;
	user_metadata: Record<string, unknown>;
	role: string;
	aal: string;
	amr: AmrEntry[];
	session_id: string;
	is_anonymous: boolean;
}

/** The keys tokens are signed and verified with; replaced whole when the signing key rotates. */
export interface JwtKeys {
	signer: { kid: string; key: CryptoKey };
	/** The public signing keys, as `/.well-known/jwks.json` serves them. */
	jwks: JSONWebKeySet;
	verifyKeys: ReturnType<typeof createLocalJWKSet>;
	/** The legacy HS256 secret: the anon and service_role keys and older tokens are signed with it. */
	legacySecret: Uint8Array;
}

export async function importJwtKeys(
	signer: JWK,
	jwks: JSONWebKeySet,
	jwtSecret: string
): Promise<JwtKeys> {
	return {
		signer: { kid: signer.kid!, key: (await importJWK(signer, 'ES256')) as CryptoKey },
		jwks,
		verifyKeys: createLocalJWKSet(jwks),
		legacySecret: new TextEncoder().encode(jwtSecret)
	};
}

export async function signAccessToken(claims: AccessTokenClaims, keys: JwtKeys): Promise<string> {
	return new SignJWT({ ...claims })
		.setProtectedHeader({ alg: 'ES256', kid: keys.signer.kid, typ: 'JWT' })
		.sign(keys.signer.key);
}

/**
 * A JWT that only says which database role to use, signed with the current signing key: what
 * stands in for a publishable or secret key past the gateway.
 */
export async function signRoleToken(
	role: 'anon' | 'service_role',
	keys: JwtKeys,
	expiresAt: number
): Promise<string> {
	return new SignJWT({ role, iss: 'supabase-local' })
		.setProtectedHeader({ alg: 'ES256', kid: keys.signer.kid, typ: 'JWT' })
		.setIssuedAt()
		.setJti(randomUUID())
		.setExpirationTime(expiresAt)
		.sign(keys.signer.key);
}

/** The claims the service reads from a bearer token (an access token or an API key). */
export interface BearerClaims extends JWTPayload {
	role?: string;
	session_id?: string;
	is_anonymous?: boolean;
}

/**
 * Verifies a JWT signed by a key of the JWKS (ES256, found by its kid) or with the legacy HS256
 * secret, with GoTrue's error texts.
 */
export async function verifyBearer(token: string, keys: JwtKeys): Promise<BearerClaims> {
	try {
		const { payload } =
			decodeProtectedHeader(token).alg === 'HS256'
				? await jwtVerify<BearerClaims>(token, keys.legacySecret, { algorithms: ['HS256'] })
				: await jwtVerify<BearerClaims>(token, keys.verifyKeys, { algorithms: ['ES256'] });
		return payload;
	} catch (error) {
		const reason =
			error instanceof joseErrors.JWTExpired
				? 'token has invalid claims: token is expired'
				: 'signature is invalid';
		throw forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason}`);
	}
}
