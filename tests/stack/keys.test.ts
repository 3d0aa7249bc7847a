import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import {
	createRemoteJWKSet,
	decodeProtectedHeader,
	generateKeyPair,
	jwtVerify,
	SignJWT
} from 'jose';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { loadOrCreateSecrets, readSecrets, rotateSigningKey } from '../../stack/keys.ts';
import { freePort } from '../../stack/ports.ts';
import { ROOT_DIR, tempDir } from '../helpers/temp.ts';

const stack = inject('stack');
const PASSWORD = 'keys-test-password-1';
const CHROME =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

function client(apiUrl: string, key: string, headers: Record<string, string> = {}): SupabaseClient {
	return createClient(apiUrl, key, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		// Its own made-up address, so the sign-ins here eat no one's rate-limit budget.
		global: {
			headers: { 'x-forwarded-for': `10.77.${Math.floor(Math.random() * 250)}.1`, ...headers }
		}
	});
}

interface SignedIn {
	id: string;
	name: string;
	client: SupabaseClient;
	token: string;
}

/** A confirmed user made with the secret key, signed in with the publishable key. */
async function signedIn(
	apiUrl: string,
	publishableKey: string,
	secretKey: string
): Promise<SignedIn> {
	const email = `keys-${randomUUID().slice(0, 8)}@test.example`;
	const name = `Schlüssel ${email.slice(5, 13)}`;
	const admin = client(apiUrl, secretKey);
	const created = await admin.auth.admin.createUser({
		email,
		password: PASSWORD,
		email_confirm: true,
		user_metadata: { display_name: name }
	});
	expect(created.error).toBeNull();
	const user = client(apiUrl, publishableKey);
	const { data, error } = await user.auth.signInWithPassword({ email, password: PASSWORD });
	expect(error).toBeNull();
	return { id: data.user!.id, name, client: user, token: data.session!.access_token };
}

/** What the token's holder sees: their profile (an RPC) and the ideas they follow (RLS). */
async function seenBy(apiUrl: string, apikey: string, token: string) {
	const rest = (path: string, init: RequestInit = {}) =>
		fetch(`${apiUrl}/rest/v1/${path}`, {
			...init,
			headers: { apikey, authorization: `Bearer ${token}`, 'content-type': 'application/json' }
		});
	const profile = await rest('rpc/my_profile', { method: 'POST', body: '{}' });
	const follows = await rest('follows?select=user_id');
	return {
		status: [profile.status, follows.status],
		profile: profile.ok ? ((await profile.json()) as { display_name: string }[]) : undefined,
		follows: follows.ok ? ((await follows.json()) as { user_id: string }[]) : undefined
	};
}

async function jwks(apiUrl: string, apikey: string): Promise<string[]> {
	const res = await fetch(`${apiUrl}/auth/v1/.well-known/jwks.json`, { headers: { apikey } });
	expect(res.status).toBe(200);
	const body = (await res.json()) as {
		keys: { kid: string; kty: string; alg: string; d?: string }[];
	};
	for (const key of body.keys) {
		expect(key).toMatchObject({ kty: 'EC', alg: 'ES256' });
		expect(key.d).toBeUndefined();
	}
	return body.keys.map((key) => key.kid);
}

let publicIdea: string;
let user: SignedIn;

beforeAll(async () => {
	user = await signedIn(stack.apiUrl, stack.publishableKey, stack.secretKey);
	const { data } = await client(stack.apiUrl, stack.publishableKey)
		.from('ideas')
		.select('id')
		.limit(1)
		.single();
	publicIdea = data!.id as string;
	const followed = await user.client.from('follows').insert({ idea_id: publicIdea });
	expect(followed.error).toBeNull();
});

describe('API keys', () => {
	test('the keys look like Supabase’s', () => {
		expect(stack.publishableKey).toMatch(/^sb_publishable_[\w-]{32}$/);
		expect(stack.secretKey).toMatch(/^sb_secret_[\w-]{32}$/);
	});

	test('the publishable key reads public ideas, signs in and calls an RPC as the user', async () => {
		const { data, error } = await client(stack.apiUrl, stack.publishableKey)
			.from('ideas')
			.select('id');
		expect(error).toBeNull();
		expect(data!.length).toBeGreaterThan(0);

		const profile = await user.client.rpc('my_profile').single<{ display_name: string }>();
		expect(profile.error).toBeNull();
		expect(profile.data!.display_name).toBe(user.name);
		const own = await user.client.from('follows').select('user_id');
		expect(own.data).toEqual([{ user_id: user.id }]);
	});

	test('signed out, the publishable key is the anon role: it sees no one’s follows', async () => {
		const { data, error } = await client(stack.apiUrl, stack.publishableKey)
			.from('follows')
			.select('user_id');
		expect(error).toBeNull();
		expect(data).toEqual([]);
	});

	test('the secret key is the service role: lists users and reads past RLS', async () => {
		const admin = client(stack.apiUrl, stack.secretKey);
		const users = await admin.auth.admin.listUsers({ perPage: 1000 });
		expect(users.error).toBeNull();
		expect(users.data.users.map((u) => u.id)).toContain(user.id);
		const follows = await admin.from('follows').select('user_id').eq('user_id', user.id);
		expect(follows.data).toEqual([{ user_id: user.id }]);
	});

	test('the secret key from a browser is refused: 401, Supabase’s text', async () => {
		for (const path of ['/rest/v1/follows?select=user_id', '/auth/v1/admin/users']) {
			const res = await fetch(`${stack.apiUrl}${path}`, {
				headers: { apikey: stack.secretKey, 'user-agent': CHROME }
			});
			expect(res.status).toBe(401);
			expect(await res.json()).toEqual({ message: 'Forbidden use of secret API key in browser' });
		}
		const listed = await client(stack.apiUrl, stack.secretKey, {
			'user-agent': CHROME
		}).auth.admin.listUsers();
		expect(listed.error).toMatchObject({ status: 401 });
		// The publishable key is for browsers.
		const res = await fetch(`${stack.apiUrl}/rest/v1/ideas?select=id&limit=1`, {
			headers: { apikey: stack.publishableKey, 'user-agent': CHROME }
		});
		expect(res.status).toBe(200);
	});

	test('an unknown publishable or secret key is refused', async () => {
		for (const apikey of ['sb_publishable_x', `sb_secret_${'x'.repeat(32)}`]) {
			const res = await fetch(`${stack.apiUrl}/rest/v1/ideas?select=id`, { headers: { apikey } });
			expect(res.status).toBe(401);
			expect(await res.json()).toMatchObject({ message: 'Invalid API key' });
		}
	});

	test('an API key as the bearer of another key is not taken for a JWT', async () => {
		const res = await fetch(`${stack.apiUrl}/rest/v1/follows?select=user_id`, {
			headers: { apikey: stack.publishableKey, authorization: `Bearer ${stack.secretKey}` }
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual([]);
	});

	test('the legacy anon and service_role keys still work', async () => {
		const anon = await client(stack.apiUrl, stack.anonKey).from('ideas').select('id').limit(1);
		expect(anon.data).toHaveLength(1);
		const service = client(stack.apiUrl, stack.serviceRoleKey);
		expect((await service.auth.admin.listUsers()).error).toBeNull();
		const follows = await service.from('follows').select('user_id').eq('user_id', user.id);
		expect(follows.data).toEqual([{ user_id: user.id }]);
	});
});

describe('asymmetric access tokens', () => {
	test('are ES256 with a kid the JWKS lists, and PostgREST takes them', async () => {
		const header = decodeProtectedHeader(user.token);
		expect(header.alg).toBe('ES256');
		expect(await jwks(stack.apiUrl, stack.publishableKey)).toContain(header.kid);
		const { payload } = await jwtVerify(
			user.token,
			createRemoteJWKSet(new URL(`${stack.apiUrl}/auth/v1/.well-known/jwks.json`), {
				headers: { apikey: stack.publishableKey }
			})
		);
		expect(payload.sub).toBe(user.id);

		const seen = await seenBy(stack.apiUrl, stack.publishableKey, user.token);
		expect(seen.status).toEqual([200, 200]);
		expect(seen.profile).toEqual([expect.objectContaining({ display_name: user.name })]);
		expect(seen.follows).toEqual([{ user_id: user.id }]);
	});

	test('an HS256 token signed with the legacy secret is still accepted by PostgREST and auth', async () => {
		const now = Math.floor(Date.now() / 1000);
		const legacy = await new SignJWT({
			sub: user.id,
			role: 'authenticated',
			aud: 'authenticated'
		})
			.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
			.setIssuedAt(now)
			.setExpirationTime(now + 600)
			.sign(new TextEncoder().encode(stack.jwtSecret));
		const seen = await seenBy(stack.apiUrl, stack.publishableKey, legacy);
		expect(seen.follows).toEqual([{ user_id: user.id }]);
		const { data, error } = await client(stack.apiUrl, stack.publishableKey).auth.getUser(legacy);
		expect(error).toBeNull();
		expect(data.user!.id).toBe(user.id);
	});

	test('a token signed by a key outside the JWKS is refused by both', async () => {
		const { privateKey } = await generateKeyPair('ES256');
		const header = decodeProtectedHeader(user.token);
		const forged = await new SignJWT({ sub: user.id, role: 'authenticated', aud: 'authenticated' })
			.setProtectedHeader({ alg: 'ES256', kid: header.kid, typ: 'JWT' })
			.setExpirationTime('10m')
			.sign(privateKey);
		const seen = await seenBy(stack.apiUrl, stack.publishableKey, forged);
		expect(seen.status).toEqual([401, 401]);
		const { error } = await client(stack.apiUrl, stack.publishableKey).auth.getUser(forged);
		expect(error).toMatchObject({ status: 403, code: 'bad_jwt' });
	});
});

/**
 * `npm run stack -- rotate-signing-key` against a running CLI stack: a second stack on the test
 * database with a copy of the test stack's secrets (the database password among them).
 */
describe('rotating the signing key', { timeout: 120_000 }, () => {
	let data: Awaited<ReturnType<typeof tempDir>>;
	let running: ReturnType<typeof spawn>;
	let output = '';
	let state: { apiUrl: string; publishableKey: string };
	let apiPort: number;

	const cli = (args: string[]) =>
		spawn(process.execPath, ['--import', 'tsx', 'stack/cli.ts', ...args], {
			cwd: ROOT_DIR,
			env: {
				...process.env,
				STACK_DATA_DIR: data.path,
				DATABASE_URL: stack.dbUrl,
				STACK_API_PORT: String(apiPort)
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});

	beforeAll(async () => {
		data = await tempDir('keys');
		apiPort = await freePort();
		await copyFile(join(stack.dataDir, 'secrets.json'), join(data.path, 'secrets.json'));
		running = cli(['start']);
		running.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		running.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const deadline = Date.now() + 60_000;
		while (!output.includes('Press Ctrl-C')) {
			if (running.exitCode !== null || Date.now() > deadline) throw new Error(output);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		state = JSON.parse(await readFile(join(data.path, 'stack.json'), 'utf8')) as typeof state;
	});

	afterAll(async () => {
		if (running && running.exitCode === null) {
			const exited = new Promise((resolve) => running.once('close', resolve));
			running.kill('SIGTERM');
			await exited;
		}
		await data.remove();
	});

	test('the state file holds the publishable key', () => {
		expect(state.publishableKey).toBe(stack.publishableKey);
	});

	test('old tokens stay valid, new ones carry the new kid, the JWKS lists both', async () => {
		const before = await signedIn(state.apiUrl, state.publishableKey, stack.secretKey);
		const oldKid = decodeProtectedHeader(before.token).kid;
		expect(await jwks(state.apiUrl, state.publishableKey)).toEqual([oldKid]);

		const rotate = cli(['rotate-signing-key']);
		let said = '';
		rotate.stdout!.on('data', (chunk: Buffer) => (said += chunk.toString()));
		rotate.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString()));
		const code = await new Promise((resolve) => rotate.on('close', resolve));
		expect(said).toContain('signs with it now');
		expect(code).toBe(0);
		const newKid = /New signing key (\S+);/.exec(said)![1];

		expect(await jwks(state.apiUrl, state.publishableKey)).toEqual([newKid, oldKid]);
		const after = await signedIn(state.apiUrl, state.publishableKey, stack.secretKey);
		expect(decodeProtectedHeader(after.token).kid).toBe(newKid);
		for (const holder of [before, after]) {
			const seen = await seenBy(state.apiUrl, state.publishableKey, holder.token);
			expect(seen.profile).toEqual([expect.objectContaining({ display_name: holder.name })]);
			const { error } = await holder.client.auth.getUser();
			expect(error).toBeNull();
		}
		// Signed out, the publishable key now stands for a role JWT of the new key.
		const ideas = await client(state.apiUrl, state.publishableKey).from('ideas').select('id');
		expect(ideas.error).toBeNull();
	});
});

describe('secrets.json', () => {
	test('an older file gets the API and signing keys added and keeps the rest', async () => {
		const dir = await tempDir('secrets');
		try {
			const old = { jwtSecret: 'j'.repeat(64), dbPassword: 'p'.repeat(32) };
			await writeFile(join(dir.path, 'secrets.json'), JSON.stringify(old));
			const secrets = await loadOrCreateSecrets(dir.path);
			expect(secrets).toMatchObject(old);
			expect(secrets.publishableKey).toMatch(/^sb_publishable_/);
			expect(secrets.signingKeys).toHaveLength(1);
			expect(await readSecrets(dir.path)).toEqual(secrets);
			expect(await loadOrCreateSecrets(dir.path)).toEqual(secrets);
		} finally {
			await dir.remove();
		}
	});

	test('a rotation drops keys beyond the two newest once no token of theirs can be valid', async () => {
		const dir = await tempDir('secrets');
		try {
			await loadOrCreateSecrets(dir.path);
			await rotateSigningKey(dir.path, 3600);
			await rotateSigningKey(dir.path, 3600);
			const young = await readSecrets(dir.path);
			expect(young.signingKeys).toHaveLength(3);

			const twoHoursAgo = Math.floor(Date.now() / 1000) - 7200;
			const aged = young.signingKeys.map((key) => ({ ...key, createdAt: twoHoursAgo }));
			await writeFile(
				join(dir.path, 'secrets.json'),
				JSON.stringify({ ...young, signingKeys: aged })
			);
			const signer = await rotateSigningKey(dir.path, 3600);
			const kids = (await readSecrets(dir.path)).signingKeys.map((key) => key.kid);
			expect(kids).toEqual([signer.kid, young.signingKeys[0]!.kid]);
		} finally {
			await dir.remove();
		}
	});
});
