import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { createAuthService, readAuthConfig, type AuthService } from './auth/index.ts';
import { importJwtKeys, signRoleToken, type JwtKeys } from './auth/jwt.ts';
import type { ChildExit } from './child.ts';
import { readProjectConfig } from './config.ts';
import { startGateway } from './gateway.ts';
import { startMailSink, type MailSink } from './mail/sink.ts';
import {
	loadOrCreateSecrets,
	makeApiKey,
	postgrestJwks,
	publicJwks,
	readSecrets,
	type StackSecrets
} from './keys.ts';
import { applyPlatformSql, migrate } from './migrate.ts';
import { freePort, portOrFree } from './ports.ts';
import { startEmbeddedPostgres, useExistingPostgres } from './postgres.ts';
import { startPostgrest } from './postgrest.ts';
import { keepRunning } from './restart.ts';
import {
	createStorageService,
	readStorageConfig,
	storageRoot,
	type StorageService
} from './storage/index.ts';

export interface StackOptions {
	/** Project root: the stack reads `supabase/` there. */
	rootDir: string;
	/** Where Postgres data and the stack's secrets live. */
	dataDir: string;
	/** 0 or absent = a free port (api and db default to config.toml's only when `useConfigPorts`). */
	ports?: { api?: number; db?: number; rest?: number };
	/** Use the ports in supabase/config.toml (54321, 54322) for api and db unless given. */
	useConfigPorts?: boolean;
	/** Use an existing PostgreSQL instead of starting one. */
	databaseUrl?: string;
	/** The app's origin: allowed by CORS and as an auth redirect target. */
	siteUrl?: string;
	log?: (line: string) => void;
}

export interface Stack {
	apiUrl: string;
	/**
	 * `${apiUrl}/storage/v1` (the Storage API, files under `<dataDir>/storage`), or undefined when
	 * config.toml says `[storage] enabled = false`.
	 */
	storageUrl: string | undefined;
	/** `sb_publishable_…`: what the app and every client use. */
	publishableKey: string;
	/** `sb_secret_…`: the service role, for servers and scripts only (refused from browsers). */
	secretKey: string;
	/** Legacy HS256 JWT keys, still accepted. */
	anonKey: string;
	serviceRoleKey: string;
	/** The legacy HS256 secret (tokens signed with it stay valid). */
	jwtSecret: string;
	/** Superuser connection URL. */
	dbUrl: string;
	/** The notification worker's connection URL (role stadtidee_notifier). */
	notifierUrl: string;
	/** The local SMTP sink every mail goes to (smtp://127.0.0.1:…); its outbox is /_dev/outbox. */
	mail: MailSink;
	/** The VAPID keys web pushes are signed with (created on first start, kept in secrets.json). */
	vapid: { publicKey: string; privateKey: string };
	pids: { postgres?: number; postgrest: number };
	/** Resolves when a part of the stack died and could not be started again. */
	exited: Promise<ChildExit>;
	/**
	 * Reads the signing keys from secrets.json again (after `rotate-signing-key`): PostgREST
	 * verifies with them first, then auth and the gateway sign with the newest.
	 */
	reloadKeys(): Promise<void>;
	stop(): Promise<void>;
}

const STACK_DIR = fileURLToPath(new URL('.', import.meta.url));

function importKeys(secrets: StackSecrets): Promise<JwtKeys> {
	return importJwtKeys(secrets.signingKeys[0]!.privateJwk, publicJwks(secrets), secrets.jwtSecret);
}

/**
 * Resolves once PostgREST accepts a token signed with `keys`' signer, i.e. it has read the JWKS
 * file again after SIGUSR2.
 */
async function untilPostgrestAccepts(restPort: number, keys: JwtKeys): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		const probe = await signRoleToken('anon', keys, Math.floor(Date.now() / 1000) + 60);
		const res = await fetch(`http://127.0.0.1:${restPort}/`, {
			headers: { authorization: `Bearer ${probe}` }
		}).catch(() => undefined);
		if (res && res.status !== 401) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error('postgrest did not take up the new signing key');
}

function elapsed(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * Boots PostgreSQL (or connects to DATABASE_URL), applies the compatibility bootstrap, the auth
 * schema and pending migrations, then starts PostgREST, the auth service and the gateway.
 * Whatever started is stopped again if a later step fails.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
	const log = opts.log ?? ((line: string) => console.log(line));
	const supabaseDir = join(opts.rootDir, 'supabase');
	const config = await readProjectConfig(supabaseDir);
	const secrets = await loadOrCreateSecrets(opts.dataDir);
	const fallback = (configured: number) => (opts.useConfigPorts ? configured : undefined);
	const apiPort = await portOrFree(opts.ports?.api ?? fallback(config.apiPort));
	const siteUrl = opts.siteUrl ?? config.siteUrl;
	const apiUrl = `http://127.0.0.1:${apiPort}`;

	const cleanup: (() => Promise<unknown>)[] = [];
	const stopAll = async () => {
		for (const step of cleanup.reverse()) await step().catch(() => undefined);
		cleanup.length = 0;
	};

	try {
		let t = Date.now();
		const embedded = {
			dataDir: opts.dataDir,
			port: await portOrFree(opts.ports?.db ?? fallback(config.dbPort)),
			password: secrets.dbPassword,
			log
		};
		const db = opts.databaseUrl
			? await useExistingPostgres(opts.databaseUrl)
			: await startEmbeddedPostgres(embedded);
		// Once the database runs again, PostgREST is told to reconnect now (SIGUSR1 reloads its
		// schema cache) instead of at the next step of its own backoff.
		let databaseBack = () => {};
		const postgresChild =
			db.child &&
			keepRunning(
				db.child,
				async () => {
					const { child } = await startEmbeddedPostgres(embedded);
					databaseBack();
					return child!;
				},
				log
			);
		if (postgresChild) cleanup.push(() => postgresChild.stop('SIGINT'));
		log(
			`stack: postgres ready ${opts.databaseUrl ? '(DATABASE_URL)' : `(pid ${postgresChild?.pid})`} in ${elapsed(t)}`
		);

		t = Date.now();
		const sql = postgres(db.url, { max: 5, onnotice: () => {} });
		cleanup.push(() => sql.end({ timeout: 5 }));
		await applyPlatformSql(sql, STACK_DIR);
		await sql.unsafe(`alter role authenticator with login password '${secrets.dbPassword}'`);
		const { applied, seeded } = await migrate(sql, supabaseDir, log);
		// The notification worker's role (created by a migration) logs in like PostgREST's.
		await sql.unsafe(`alter role stadtidee_notifier with login password '${secrets.dbPassword}'`);
		log(
			`stack: database ready in ${elapsed(t)}: ${applied.length} migration(s) applied` +
				(seeded ? ', seed loaded' : '')
		);

		t = Date.now();
		const authenticatorUrl = roleUrl(db.url, 'authenticator', secrets.dbPassword);
		const restPort = await portOrFree(opts.ports?.rest);
		const jwksFile = join(opts.dataDir, 'postgrest-jwks.json');
		const writeJwksFile = (current: StackSecrets) =>
			writeFile(jwksFile, JSON.stringify(postgrestJwks(current)), { mode: 0o600 });
		await writeJwksFile(secrets);
		const postgrestOptions = {
			dbUrl: authenticatorUrl,
			jwksFile,
			port: restPort,
			adminPort: await freePort(),
			schemas: config.schemas,
			extraSearchPath: config.extraSearchPath,
			maxRows: config.maxRows
		};
		const postgrest = keepRunning(
			await startPostgrest(postgrestOptions),
			() => startPostgrest(postgrestOptions),
			log
		);
		cleanup.push(() => postgrest.stop());
		databaseBack = () => {
			try {
				process.kill(postgrest.pid, 'SIGUSR1');
			} catch {
				// Between two starts of its own: it connects when it starts.
			}
		};
		log(`stack: postgrest ready (pid ${postgrest.pid}) in ${elapsed(t)}`);

		const mail = await startMailSink(await freePort());
		cleanup.push(() => mail.close());

		let jwtKeys = await importKeys(secrets);
		const auth: AuthService = createAuthService({
			sql,
			keys: jwtKeys,
			config: readAuthConfig(config.raw, { siteUrl }),
			apiUrl,
			smtpUrl: mail.url,
			log
		});
		cleanup.push(() => auth.close());

		const storageConfig = readStorageConfig(config.raw);
		const storage: StorageService | undefined = storageConfig.enabled
			? await createStorageService({
					sql,
					keys: jwtKeys,
					config: storageConfig,
					root: storageRoot(opts.dataDir),
					log
				})
			: undefined;

		const anonKey = await makeApiKey(secrets.jwtSecret, 'anon');
		const serviceRoleKey = await makeApiKey(secrets.jwtSecret, 'service_role');
		const gateway: Server = await startGateway({
			port: apiPort,
			restPort,
			auth,
			storage,
			outbox: mail.outbox,
			legacyKeys: [anonKey, serviceRoleKey],
			publishableKey: secrets.publishableKey,
			secretKey: secrets.secretKey,
			jwtKeys: () => jwtKeys,
			allowedOrigins: [...new Set([siteUrl, config.siteUrl, ...config.redirectUrls].map(origin))],
			log
		});
		cleanup.push(
			() =>
				new Promise<void>((resolve) => {
					gateway.close(() => resolve());
					gateway.closeAllConnections();
				})
		);
		log(`stack: api ready on ${apiUrl}`);

		// A part that dies is started again (restart.ts); the stack only fails when that fails.
		const exited = Promise.race(
			[postgrest, ...(postgresChild ? [postgresChild] : [])].map((part) => part.exited)
		);

		const reloadKeys = async () => {
			const current = await readSecrets(opts.dataDir);
			const next = await importKeys(current);
			await writeJwksFile(current);
			process.kill(postgrest.pid, 'SIGUSR2');
			await untilPostgrestAccepts(restPort, next);
			jwtKeys = next;
			auth.setKeys(next);
			storage?.setKeys(next);
			log(`stack: signing key ${next.signer.kid} in use`);
		};

		return {
			apiUrl,
			storageUrl: storage ? `${apiUrl}/storage/v1` : undefined,
			publishableKey: secrets.publishableKey,
			secretKey: secrets.secretKey,
			anonKey,
			serviceRoleKey,
			jwtSecret: secrets.jwtSecret,
			dbUrl: db.url,
			notifierUrl: roleUrl(db.url, 'stadtidee_notifier', secrets.dbPassword),
			mail,
			vapid: secrets.vapid,
			pids: {
				get postgres() {
					return postgresChild?.pid;
				},
				get postgrest() {
					return postgrest.pid;
				}
			},
			exited,
			reloadKeys,
			stop: stopAll
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}

/** The database URL as another role. */
function roleUrl(dbUrl: string, role: string, password: string): string {
	const url = new URL(dbUrl);
	url.username = role;
	url.password = password;
	return url.toString();
}

function origin(url: string): string {
	return new URL(url).origin;
}
