import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
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

export function secretKey(jwtSecret: string): Uint8Array {
	return new TextEncoder().encode(jwtSecret);
}

export async function signAccessToken(claims: AccessTokenClaims, key: Uint8Array): Promise<string> {
	return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
}

/** The claims the service reads from a bearer token (an access token or an API key). */
export interface BearerClaims extends JWTPayload {
	role?: string;
	session_id?: string;
	is_anonymous?: boolean;
}

/** Verifies an HS256 JWT signed with the stack's secret, with GoTrue's error texts. */
export async function verifyBearer(token: string, key: Uint8Array): Promise<BearerClaims> {
	try {
		const { payload } = await jwtVerify<BearerClaims>(token, key, { algorithms: ['HS256'] });
		return payload;
	} catch (error) {
		const reason =
			error instanceof joseErrors.JWTExpired
				? 'token has invalid claims: token is expired'
				: 'signature is invalid';
		throw forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason}`);
	}
}
