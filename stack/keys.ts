import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import webpush from 'web-push';

/** An ES256 key the auth service signs access tokens with, as Supabase's JWT signing keys. */
export interface SigningKey {
	kid: string;
	/** Unix seconds. */
	createdAt: number;
	/** The private key as a JWK (with kid, alg and use). */
	privateJwk: JWK;
}

/** Secrets of one local stack, created on first start and kept beside its data. */
export interface StackSecrets {
	/** The legacy HS256 secret: signs the anon and service_role keys, still verified everywhere. */
	jwtSecret: string;
	dbPassword: string;
	publishableKey: string;
	secretKey: string;
	/** Newest first: the first one signs, the others only verify. */
	signingKeys: SigningKey[];
	/** The VAPID key pair (RFC 8292) the notification worker signs web pushes with, base64url. */
	vapid: { publicKey: string; privateKey: string };
}

function secretsFile(dataDir: string): string {
	return join(dataDir, 'secrets.json');
}

/** Random like Supabase's keys: a prefix and URL-safe base64. */
function apiKey(prefix: 'sb_publishable_' | 'sb_secret_'): string {
	return prefix + randomBytes(24).toString('base64url');
}

export async function newSigningKey(): Promise<SigningKey> {
	const { privateKey } = await generateKeyPair('ES256', { extractable: true });
	const kid = randomUUID();
	return {
		kid,
		createdAt: Math.floor(Date.now() / 1000),
		privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' }
	};
}

/** Written whole and renamed, so a running stack reading it never sees half a file. */
async function writeSecrets(dataDir: string, secrets: StackSecrets): Promise<void> {
	const file = secretsFile(dataDir);
	await writeFile(`${file}.tmp`, JSON.stringify(secrets, null, 2), { mode: 0o600 });
	await rename(`${file}.tmp`, file);
}

export async function readSecrets(dataDir: string): Promise<StackSecrets> {
	return JSON.parse(await readFile(secretsFile(dataDir), 'utf8')) as StackSecrets;
}

/**
 * The stack's secrets; on first start all are created. A file from before the API keys, signing
 * keys or VAPID keys existed gets those added and keeps everything else.
 */
export async function loadOrCreateSecrets(dataDir: string): Promise<StackSecrets> {
	let stored: Partial<StackSecrets> = {};
	try {
		stored = await readSecrets(dataDir);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const secrets: StackSecrets = {
		jwtSecret: stored.jwtSecret ?? randomBytes(32).toString('hex'),
		dbPassword: stored.dbPassword ?? randomBytes(16).toString('hex'),
		publishableKey: stored.publishableKey ?? apiKey('sb_publishable_'),
		secretKey: stored.secretKey ?? apiKey('sb_secret_'),
		signingKeys: stored.signingKeys?.length ? stored.signingKeys : [await newSigningKey()],
		vapid: stored.vapid ?? webpush.generateVAPIDKeys()
	};
	if (JSON.stringify(secrets) !== JSON.stringify(stored)) {
		await mkdir(dataDir, { recursive: true });
		await writeSecrets(dataDir, secrets);
	}
	return secrets;
}

/**
 * Makes a new ES256 key the signer. The previous one stays so the tokens it signed stay valid
 * until they expire; keys beyond the two newest go once they stopped signing longer ago than a
 * token lives (`maxTokenLifetime`, config.toml's jwt_expiry).
 */
export async function rotateSigningKey(
	dataDir: string,
	maxTokenLifetime: number
): Promise<SigningKey> {
	const secrets = await loadOrCreateSecrets(dataDir);
	const now = Math.floor(Date.now() / 1000);
	const signer = await newSigningKey();
	const keys = [signer, ...secrets.signingKeys];
	// keys[i] stopped signing when keys[i - 1] was made.
	const kept = keys.filter((_, i) => i < 2 || now - keys[i - 1]!.createdAt <= maxTokenLifetime);
	await writeSecrets(dataDir, { ...secrets, signingKeys: kept });
	return signer;
}

/** The public half of a signing key, as a JWKS lists it. */
export function publicJwk({ privateJwk }: SigningKey): JWK {
	const { kty, crv, x, y, kid, alg } = privateJwk;
	return { kty, crv, x, y, kid, alg, use: 'sig', key_ops: ['verify'] };
}

/** What `/auth/v1/.well-known/jwks.json` serves: the public signing keys, newest first. */
export function publicJwks(secrets: StackSecrets): { keys: JWK[] } {
	return { keys: secrets.signingKeys.map(publicJwk) };
}

/**
 * What PostgREST verifies with: the public signing keys and, as an `oct` key, the legacy HS256
 * secret, so tokens and API keys signed with it stay valid.
 */
export function postgrestJwks(secrets: StackSecrets): { keys: JWK[] } {
	const legacy: JWK = {
		kty: 'oct',
		k: Buffer.from(secrets.jwtSecret).toString('base64url'),
		alg: 'HS256'
	};
	return { keys: [...publicJwks(secrets).keys, legacy] };
}

/**
 * Legacy API keys as Supabase makes them: long-lived HS256 JWTs whose only claim that matters is
 * the role PostgREST switches to. Ten years, like the keys `supabase start` prints.
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
