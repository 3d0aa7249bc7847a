import bcrypt from 'bcryptjs';
import type { AuthConfig } from './config.ts';
import { AuthError, badRequest } from './errors.ts';

/** bcrypt reads at most 72 bytes; GoTrue refuses longer passwords instead of truncating them. */
export const MAX_PASSWORD_BYTES = 72;
const BCRYPT_COST = 10;

export function checkPasswordLength(password: string): void {
	if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
		throw badRequest(
			'validation_failed',
			`Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`
		);
	}
}

/** GoTrue's checkPasswordStrength: 422 weak_password with the reasons auth-js exposes. */
export function checkPasswordStrength(config: AuthConfig, password: string): void {
	checkPasswordLength(password);
	const reasons: string[] = [];
	const messages: string[] = [];
	if ([...password].length < config.minimumPasswordLength) {
		reasons.push('length');
		messages.push(`Password should be at least ${config.minimumPasswordLength} characters.`);
	}
	const sets = config.passwordRequiredCharacters;
	if (sets.some((set) => ![...password].some((char) => set.includes(char)))) {
		reasons.push('characters');
		messages.push(`Password should contain at least one character of each: ${sets.join(', ')}.`);
	}
	if (reasons.length > 0) {
		throw new AuthError(422, 'weak_password', messages.join(' '), reasons);
	}
}

export function hashPassword(password: string): Promise<string> {
	return bcrypt.hash(password, BCRYPT_COST);
}

/** Compared against when there is no hash, so the answer takes as long either way. */
const NO_HASH = bcrypt.hashSync('no account has this password', BCRYPT_COST);

/**
 * False for unknown users and users without a password (magic-link-only and anonymous users). The
 * bcrypt work is done in every case: an answer that came faster for unknown addresses would tell
 * an attacker which addresses have an account.
 */
export async function verifyPassword(
	password: string,
	hash: string | null | undefined
): Promise<boolean> {
	const matches = await bcrypt.compare(password, hash ?? NO_HASH);
	return matches && Boolean(hash);
}
