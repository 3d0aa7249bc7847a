import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT } from 'jose';

/** Secrets of one local stack, created on first start and kept beside its data. */
export interface StackSecrets {
	jwtSecret: string;
	dbPassword: string;
}

export async function loadOrCreateSecrets(dataDir: string): Promise<StackSecrets> {
	const file = join(dataDir, 'secrets.json');
	try {
		return JSON.parse(await readFile(file, 'utf8')) as StackSecrets;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const secrets: StackSecrets = {
		jwtSecret: randomBytes(32).toString('hex'),
		dbPassword: randomBytes(16).toString('hex')
	};
	await mkdir(dataDir, { recursive: true });
	await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
	return secrets;
}

/**
 * API keys as Supabase makes them: long-lived HS256 JWTs whose only claim that matters is the
 * role PostgREST switches to. Ten years, like the keys `supabase start` prints.
 */
export async function makeApiKey(
	jwtSecret: string,
	role: 'anon' | 'service_role'
): Promise<string> {
	const now = Math.floor(Date.now() / 1000);
	return new SignJWT({ role, iss: 'supabase-local' })
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.setIssuedAt(now)
		.setExpirationTime(now + 10 * 365 * 24 * 3600)
		.sign(new TextEncoder().encode(jwtSecret));
}
