import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Sql } from 'postgres';
import type { AuthConfig } from './config.ts';
import type { Call, Ctx } from './context.ts';
import { AuthError, sendError } from './errors.ts';
import { clientIp } from './http.ts';
import type { JwtKeys } from './jwt.ts';
import { createTransport } from 'nodemailer';
import { createLimits } from './ratelimit.ts';
import { invite } from './routes/admin-links.ts';
import { admin } from './routes/admin.ts';
import { magicLink, otp, recover, resend } from './routes/mail.ts';
import { logout } from './routes/session.ts';
import { health, jwks, settings } from './routes/settings.ts';
import { signup } from './routes/signup.ts';
import { token } from './routes/token.ts';
import { getUser, reauthenticate, updateCurrentUser } from './routes/user.ts';
import { verifyCode, verifyLink } from './routes/verify.ts';

export { readAuthConfig, type AuthConfig } from './config.ts';

export interface AuthService {
	/** Handle a request whose URL path had the `/auth/v1` prefix removed (e.g. '/token?grant_type=password'). */
	handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
	/** Signs with, and verifies by, these keys from now on (a rotated signing key). */
	setKeys(keys: JwtKeys): void;
	close(): Promise<void>;
}

export interface AuthServiceOptions {
	/** A superuser connection; the auth schema (schema.sql) must exist. */
	sql: Sql;
	keys: JwtKeys;
	config: AuthConfig;
	/** The public API URL (the gateway), e.g. http://127.0.0.1:54321. */
	apiUrl: string;
	/** Where mails go: smtp://host:port (the local stack's sink). */
	smtpUrl: string;
	/** The From of every mail; default "Stadtidee <no-reply@localhost>". */
	sender?: string;
	log: (line: string) => void;
}

type Handler = (ctx: Ctx, call: Call) => Promise<void>;

/** Routes by method and path (without /auth/v1), as GoTrue's router has them. */
const ROUTES: Record<string, Handler> = {
	'GET /health': health,
	'GET /settings': settings,
	'GET /.well-known/jwks.json': jwks,
	'POST /signup': signup,
	'POST /token': token,
	'POST /logout': logout,
	'GET /user': getUser,
	'PUT /user': updateCurrentUser,
	'GET /reauthenticate': reauthenticate,
	'POST /otp': otp,
	'POST /magiclink': magicLink,
	'POST /recover': recover,
	'POST /resend': resend,
	'GET /verify': verifyLink,
	'POST /verify': verifyCode,
	'POST /invite': invite
};

function route(method: string, pathname: string): Handler | undefined {
	const path = pathname.replace(/\/+$/, '') || '/';
	if (path.startsWith('/admin/')) return admin;
	return ROUTES[`${method} ${path}`];
}

export function createAuthService(opts: AuthServiceOptions): AuthService {
	const ctx: Ctx = {
		sql: opts.sql,
		config: opts.config,
		keys: opts.keys,
		authUrl: `${opts.apiUrl.replace(/\/+$/, '')}/auth/v1`,
		// A pooled connection: no SMTP handshake per mail. The sink speaks plain SMTP on loopback.
		mailer: createTransport({ url: opts.smtpUrl, pool: true, maxConnections: 2, ignoreTLS: true }),
		sender: opts.sender ?? 'Stadtidee <no-reply@localhost>',
		limits: createLimits(opts.config),
		codeFailures: new Map()
	};

	async function dispatch(call: Call): Promise<void> {
		const handler = route(call.req.method ?? 'GET', call.url.pathname);
		if (!handler) throw new AuthError(404, 'unknown', 'Not found');
		await handler(ctx, call);
	}

	return {
		async handle(req, res, path) {
			const started = Date.now();
			// Concatenated, not resolved: a path like '//x' must not become a host.
			const url = new URL(`http://auth${path.startsWith('/') ? path : `/${path}`}`);
			const call: Call = { req, res, url, ip: clientIp(req) };
			try {
				await dispatch(call);
			} catch (error) {
				if (res.headersSent) {
					res.destroy();
				} else if (error instanceof AuthError) {
					sendError(req, res, error);
				} else {
					// The message only: a Postgres error's detail can quote row values such as addresses.
					opts.log(`auth: unexpected error: ${(error as Error).message}`);
					sendError(
						req,
						res,
						new AuthError(
							500,
							'unexpected_failure',
							'Unexpected failure, please check server logs for more information'
						)
					);
				}
			} finally {
				opts.log(`auth: ${req.method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`);
			}
		},

		setKeys(keys) {
			ctx.keys = keys;
		},

		async close() {
			// The SQL client belongs to the caller; the mail connections are ours.
			ctx.mailer.close();
		}
	};
}
