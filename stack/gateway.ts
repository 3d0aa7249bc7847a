import {
	Agent,
	createServer,
	request,
	type IncomingMessage,
	type Server,
	type ServerResponse
} from 'node:http';
import type { AuthService } from './auth/index.ts';
import { serveOutbox, type Outbox } from './mail/outbox.ts';
import { signRoleToken, type JwtKeys } from './auth/jwt.ts';
import type { StorageService } from './storage/index.ts';

export interface GatewayOptions {
	port: number;
	restPort: number;
	auth: AuthService;
	/** Absent when `[storage] enabled = false`: /storage/v1 is then no route. */
	storage?: StorageService;
	/** The mail sink's outbox, served at /_dev/outbox to this machine. */
	outbox: Outbox;
	/** The legacy anon and service_role JWTs: accepted in `apikey` and forwarded as they are. */
	legacyKeys: string[];
	/** `sb_publishable_…`: the anon role. */
	publishableKey: string;
	/** `sb_secret_…`: the service_role, never from a browser. */
	secretKey: string;
	/** The current signing keys: role JWTs for the publishable and secret keys are signed with them. */
	jwtKeys: () => JwtKeys;
	/** Origins allowed to call the API from a browser (the app). */
	allowedOrigins: string[];
	log: (line: string) => void;
}

/**
 * The auth routes Supabase's gateway serves without an apikey (the `auth-v1-open*` services of
 * its Kong config, docker/volumes/api/kong.yml): what a browser opens from a mail link or an OAuth
 * provider's redirect, and the public keys that verify access tokens. Kong matches these as path
 * prefixes; the auth service has nothing below them, so exact paths (a trailing slash aside, as
 * the auth router ignores it) open the same handlers.
 */
const OPEN_AUTH_ROUTES: readonly string[] = [
	'/verify',
	'/callback',
	'/authorize',
	'/.well-known/jwks.json'
];

const CORS_ALLOW_HEADERS =
	'authorization, apikey, content-type, x-client-info, x-supabase-api-version, prefer, range, ' +
	'accept-profile, content-profile, x-retry-count, x-upsert, x-metadata, cache-control';
const CORS_EXPOSE_HEADERS =
	'content-range, content-location, x-supabase-api-version, range-unit, etag, content-length, ' +
	'content-disposition';

/** How long a role JWT minted for a publishable or secret key lives; renewed at half-life. */
const ROLE_TOKEN_SECONDS = 3600;

type Role = 'anon' | 'service_role';

/** The services behind the gateway, each under `/<name>/v1`. */
const SERVICES = ['rest', 'auth', 'storage'] as const;

/**
 * Supabase's API gateway decides a browser by the User-Agent: every browser's starts with
 * `Mozilla/` (Chrome, Firefox, Safari, Edge alike); servers' HTTP clients say who they are.
 */
function fromBrowser(req: IncomingMessage): boolean {
	return /^Mozilla\//.test(req.headers['user-agent'] ?? '');
}

/**
 * The role JWT that stands in for a publishable or secret key, as the gateway of a Supabase
 * project mints one: signed with the current signing key, short-lived, one per role at a time.
 */
function roleTokens(jwtKeys: () => JwtKeys): (role: Role) => Promise<string> {
	const minted = new Map<Role, { token: string; kid: string; exp: number }>();
	return async (role) => {
		const keys = jwtKeys();
		const now = Math.floor(Date.now() / 1000);
		const held = minted.get(role);
		if (held && held.kid === keys.signer.kid && held.exp - now > ROLE_TOKEN_SECONDS / 2) {
			return held.token;
		}
		const exp = now + ROLE_TOKEN_SECONDS;
		const token = await signRoleToken(role, keys, exp);
		minted.set(role, { token, kid: keys.signer.kid, exp });
		return token;
	};
}

function json(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

function isLoopback(address: string | undefined): boolean {
	return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** The client address the services see: the socket's, or a loopback proxy's X-Forwarded-For. */
function clientAddress(req: IncomingMessage): string {
	const socket = req.socket.remoteAddress ?? '';
	const forwarded = req.headers['x-forwarded-for'];
	if (isLoopback(socket) && typeof forwarded === 'string' && forwarded.trim()) {
		return forwarded.split(',')[0]!.trim();
	}
	return socket;
}

/**
 * The Supabase URL layout on one port: `/rest/v1` → PostgREST, `/auth/v1` → auth, an `apikey`
 * check like Supabase's API gateway, and CORS for the app's origins.
 */
export function startGateway(opts: GatewayOptions): Promise<Server> {
	const roleToken = roleTokens(opts.jwtKeys);
	const keyRoles = new Map<string, Role>([
		[opts.publishableKey, 'anon'],
		[opts.secretKey, 'service_role']
	]);
	const server = createServer((req, res) => {
		const started = Date.now();
		res.on('finish', () => {
			const path = (req.url ?? '').split('?')[0];
			opts.log(`gateway: ${req.method} ${path} ${res.statusCode} ${Date.now() - started}ms`);
		});
		handle(req, res).catch((error: unknown) => {
			opts.log(`gateway: error ${String(error)}`);
			if (!res.headersSent) json(res, 500, { message: 'An unexpected error occurred' });
			else res.destroy();
		});
	});

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://gateway');
		const origin = req.headers.origin;
		if (origin && opts.allowedOrigins.includes(origin)) {
			res.setHeader('access-control-allow-origin', origin);
			res.setHeader('access-control-allow-credentials', 'true');
			res.setHeader('access-control-expose-headers', CORS_EXPOSE_HEADERS);
			res.setHeader('vary', 'Origin');
		}
		if (req.method === 'OPTIONS') {
			res.writeHead(204, {
				'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
				'access-control-allow-headers': CORS_ALLOW_HEADERS,
				'access-control-max-age': '3600'
			});
			res.end();
			return;
		}

		const forwardedFor = clientAddress(req);
		if (url.pathname.startsWith('/_dev/outbox')) {
			// Everyone's mails: only for someone at this machine, never through a proxy in front.
			if (!isLoopback(req.socket.remoteAddress) || req.headers['x-forwarded-for'] !== undefined) {
				json(res, 404, { message: 'no Route matched with those values' });
				return;
			}
			serveOutbox(opts.outbox, req, res, url.pathname.slice('/_dev/outbox'.length) + url.search);
			return;
		}

		const service = SERVICES.find(
			(name) =>
				(url.pathname === `/${name}/v1` || url.pathname.startsWith(`/${name}/v1/`)) &&
				(name !== 'storage' || opts.storage)
		);
		if (!service) {
			json(res, 404, { message: 'no Route matched with those values' });
			return;
		}
		const subpath = url.pathname.slice(`/${service}/v1`.length) || '/';
		const apikey = headerValue(req, 'apikey') ?? url.searchParams.get('apikey') ?? undefined;
		// Storage is open like Supabase's (its Kong route has no key check): public and signed
		// URLs are opened by browsers with no key; the service checks the bearer token itself. A
		// key that is sent must still be a key of this project.
		const open =
			(service === 'auth' && OPEN_AUTH_ROUTES.includes(subpath.replace(/\/+$/, ''))) ||
			(service === 'storage' && apikey === undefined);
		if (!open) {
			if (!apikey) {
				json(res, 401, {
					message: 'No API key found in request',
					hint: 'No `apikey` request header or url param was found.'
				});
				return;
			}
			if (!keyRoles.has(apikey) && !opts.legacyKeys.includes(apikey)) {
				json(res, 401, {
					message: 'Invalid API key',
					hint: 'Double check your Supabase `anon` or `service_role` API key.'
				});
				return;
			}
			if (apikey === opts.secretKey && fromBrowser(req)) {
				json(res, 401, { message: 'Forbidden use of secret API key in browser' });
				return;
			}
		}
		req.headers['x-forwarded-for'] = forwardedFor;

		// The services take a JWT. Without one, or with an API key where it belongs (supabase-js
		// sends its key as the bearer when signed out), a publishable or secret key becomes its
		// role's JWT and a legacy key is the JWT itself — the rule of Supabase's gateway.
		const role = apikey && keyRoles.get(apikey);
		const authorization = req.headers.authorization;
		if (apikey && (!authorization || authorization.startsWith('Bearer sb_'))) {
			if (role) req.headers.authorization = `Bearer ${await roleToken(role)}`;
			else if (service !== 'auth') req.headers.authorization = `Bearer ${apikey}`;
		}

		if (service === 'auth') {
			await opts.auth.handle(req, res, subpath + url.search);
			return;
		}
		if (service === 'storage') {
			url.searchParams.delete('apikey');
			await opts.storage!.handle(req, res, subpath + url.search);
			return;
		}
		url.searchParams.delete('apikey');
		proxy(req, res, opts.restPort, subpath + url.search);
	}

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, '127.0.0.1', () => resolve(server));
	});
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/** Keeps connections to PostgREST open between requests instead of a new TCP connection each. */
const upstreamAgent = new Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 });

function proxy(req: IncomingMessage, res: ServerResponse, port: number, path: string): void {
	// The client's Connection/Keep-Alive headers are hop-by-hop: the agent manages its own.
	const { connection: _connection, 'keep-alive': _keepAlive, ...clientHeaders } = req.headers;
	const headers = { ...clientHeaders, host: `127.0.0.1:${port}` };
	const upstream = request(
		{ host: '127.0.0.1', port, method: req.method, path, headers, agent: upstreamAgent },
		(upstreamRes) => {
			const cors = Object.fromEntries(
				Object.entries(res.getHeaders()).filter(
					([key]) => key.startsWith('access-control-') || key === 'vary'
				)
			);
			res.writeHead(upstreamRes.statusCode ?? 502, { ...upstreamRes.headers, ...cors });
			upstreamRes.pipe(res);
		}
	);
	upstream.on('error', () => {
		if (!res.headersSent)
			json(res, 502, { message: 'An invalid response was received from the upstream server' });
		else res.destroy();
	});
	req.pipe(upstream);
}
