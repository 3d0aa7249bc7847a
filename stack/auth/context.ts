import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Sql } from 'postgres';
import type { AuthConfig } from './config.ts';
import type { JwtKeys } from './jwt.ts';
import type { Transporter } from 'nodemailer';
import { AuthError } from './errors.ts';
import type { MailContent } from './mails.ts';
import { composeMail } from './mails.ts';
import type { Limits } from './ratelimit.ts';
import type { Db } from './users.ts';

/** What every handler needs; one per service instance. */
export interface Ctx {
	sql: Sql;
	config: AuthConfig;
	/** Replaced when the signing key rotates (AuthService.setKeys). */
	keys: JwtKeys;
	/** `${apiUrl}/auth/v1`: the JWT issuer and the base of mail links. */
	authUrl: string;
	/** SMTP (the local stack's sink), as GoTrue's [auth.email.smtp]. */
	mailer: Transporter;
	/** The From of every mail. */
	sender: string;
	limits: Limits;
	/** Wrong codes per mailed code (user and send times), until MAX_CODE_TRIES voids it. */
	codeFailures: Map<string, number>;
}

/** One request: the raw objects plus its parsed URL (path without the /auth/v1 prefix). */
export interface Call {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	ip: string;
}

/** Mails written during a transaction; they reach the outbox only if it commits. */
export type Mailbag = MailContent[];

export async function transaction<T>(
	ctx: Ctx,
	work: (tx: Db, mails: Mailbag) => Promise<T>
): Promise<T> {
	const mails: Mailbag = [];
	const result = (await ctx.sql.begin((tx) => work(tx, mails))) as T;
	for (const mail of mails) await sendMail(ctx, mail);
	return result;
}

/**
 * Hands a mail to SMTP and waits for its answer, as GoTrue does. The transaction has committed: a
 * failure leaves the token in place, and asking for the mail again sends a new one.
 */
async function sendMail(ctx: Ctx, content: MailContent): Promise<void> {
	const mail = composeMail(content);
	try {
		await ctx.mailer.sendMail({
			from: ctx.sender,
			to: mail.to,
			subject: mail.subject,
			text: mail.text,
			html: mail.html,
			headers: { 'X-Stadtidee-Mail': `auth/${mail.type}` }
		});
	} catch {
		throw new AuthError(500, 'unexpected_failure', 'Error sending email');
	}
}
