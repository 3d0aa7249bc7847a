import type { IncomingMessage, ServerResponse } from 'node:http';

/** GoTrue's error codes that this service returns (internal/api/apierrors/errorcode.go). */
export type ErrorCode =
	| 'unexpected_failure'
	| 'validation_failed'
	| 'bad_json'
	| 'email_exists'
	| 'bad_jwt'
	| 'not_admin'
	| 'no_authorization'
	| 'user_not_found'
	| 'session_not_found'
	| 'session_expired'
	| 'refresh_token_not_found'
	| 'refresh_token_already_used'
	| 'flow_state_not_found'
	| 'flow_state_expired'
	| 'signup_disabled'
	| 'user_banned'
	| 'email_provider_disabled'
	| 'phone_provider_disabled'
	| 'email_not_confirmed'
	| 'user_already_exists'
	| 'same_password'
	| 'reauthentication_needed'
	| 'reauthentication_not_valid'
	| 'otp_expired'
	| 'otp_disabled'
	| 'weak_password'
	| 'over_request_rate_limit'
	| 'over_email_send_rate_limit'
	| 'bad_code_verifier'
	| 'anonymous_provider_disabled'
	| 'invalid_credentials'
	| 'request_entity_too_large'
	| 'unknown';

/** An error answered to the client; anything else thrown becomes a 500 unexpected_failure. */
export class AuthError extends Error {
	readonly status: number;
	readonly code: ErrorCode;
	/** Only for weak_password: why (length, characters). */
	readonly weakPasswordReasons?: string[];

	constructor(status: number, code: ErrorCode, message: string, weakPasswordReasons?: string[]) {
		super(message);
		this.status = status;
		this.code = code;
		this.weakPasswordReasons = weakPasswordReasons;
	}
}

export const badRequest = (code: ErrorCode, message: string) => new AuthError(400, code, message);
export const forbidden = (code: ErrorCode, message: string) => new AuthError(403, code, message);
export const unprocessable = (code: ErrorCode, message: string) =>
	new AuthError(422, code, message);
export const tooManyRequests = (code: ErrorCode, message: string) =>
	new AuthError(429, code, message);
export const emailExists = () =>
	unprocessable('email_exists', 'A user with this email address has already been registered');
export const rateLimited = () =>
	tooManyRequests('over_request_rate_limit', 'Request rate limit reached');

const API_VERSION_HEADER = 'x-supabase-api-version';

/**
 * Clients that send `X-Supabase-Api-Version: 2024-01-01` or later (auth-js does) get
 * `{code: '<error_code>', message}` and the header echoed; older ones get
 * `{code: <status>, error_code, msg}` — GoTrue's two formats (internal/api/errors.go).
 */
export function sendError(req: IncomingMessage, res: ServerResponse, error: AuthError): void {
	const requested = req.headers[API_VERSION_HEADER];
	const version = typeof requested === 'string' ? requested : '';
	const modern = /^\d{4}-\d{2}-\d{2}$/.test(version) && version >= '2024-01-01';
	const weak = error.weakPasswordReasons
		? { weak_password: { reasons: error.weakPasswordReasons } }
		: {};
	const body = modern
		? { code: error.code, message: error.message, ...weak }
		: { code: error.status, error_code: error.code, msg: error.message, ...weak };
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'x-sb-error-code': error.code
	};
	if (modern) headers[API_VERSION_HEADER] = '2024-01-01';
	res.writeHead(error.status, headers);
	res.end(JSON.stringify(body));
}
