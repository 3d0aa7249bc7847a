import { createHash, randomInt } from 'node:crypto';

/** A numeric one-time code of `length` digits, leading zeros kept. */
export function generateOtp(length: number): string {
	let otp = '';
	for (let i = 0; i < length; i++) otp += String(randomInt(10));
	return otp;
}

/** What GoTrue stores for an OTP: sha224(email + otp) in hex (crypto.GenerateTokenHash). */
export function tokenHash(email: string, otp: string): string {
	return createHash('sha224')
		.update(email + otp)
		.digest('hex');
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A legacy-format GoTrue refresh token: 12 characters of [a-z0-9]. */
export function generateRefreshToken(): string {
	let token = '';
	for (let i = 0; i < 12; i++) token += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
	return token;
}

export const REFRESH_TOKEN_PATTERN = /^[a-z0-9]{12}$/;

/** RFC 7636: S256 = base64url(sha256(verifier)) without padding. */
export function pkceChallenge(verifier: string): string {
	return createHash('sha256').update(verifier).digest('base64url');
}
