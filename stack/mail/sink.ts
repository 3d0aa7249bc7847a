import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Outbox, type Mail } from './outbox.ts';

/**
 * The local stack's SMTP server: it accepts every mail on 127.0.0.1 and keeps it in the dev outbox
 * (`/_dev/outbox`) instead of delivering it, as Supabase's local Inbucket/Mailpit does. The auth
 * service and the notification worker send through it with real SMTP, exactly as they send
 * through a provider in production.
 */
export interface MailSink {
	/** smtp://127.0.0.1:<port> */
	url: string;
	outbox: Outbox;
	/**
	 * Refuse (`true`) or accept mail again: for tests of a provider that goes away. Refusing
	 * answers 421 to new connections and to every mail on the ones already open.
	 */
	setRefusing(refusing: boolean): void;
	close(): Promise<void>;
}

/** What a reader finds in a mail of the local auth service: its type, code and link. */
function authFields(
	mail: ParsedMail,
	text: string
): Pick<Mail, 'type' | 'otp' | 'link' | 'token_hash' | 'redirect_to'> {
	const tag = String(mail.headers.get('x-stadtidee-mail') ?? '');
	if (!tag.startsWith('auth/'))
		return { type: '', otp: '', link: '', token_hash: '', redirect_to: '' };
	const link = text.match(/^https?:\/\/\S+\/auth\/v1\/verify\?\S+$/m)?.[0] ?? '';
	const query = link ? new URL(link).searchParams : new URLSearchParams();
	return {
		type: tag.slice('auth/'.length),
		otp: text.match(/:\s(\d{6,10})\s\(/)?.[1] ?? '',
		link,
		token_hash: query.get('token') ?? '',
		redirect_to: query.get('redirect_to') ?? ''
	};
}

function addresses(field: AddressObject | AddressObject[] | undefined): string {
	const list = Array.isArray(field) ? field : field ? [field] : [];
	return list
		.flatMap((entry) => entry.value.map((address) => address.address ?? ''))
		.filter(Boolean)
		.join(', ');
}

const KEPT_HEADERS = [
	'list-unsubscribe',
	'list-unsubscribe-post',
	'message-id',
	'x-stadtidee-mail'
];

export function toOutboxMail(mail: ParsedMail): Omit<Mail, 'id' | 'created_at'> {
	const text = mail.text ?? '';
	const headers: Record<string, string> = {};
	for (const name of KEPT_HEADERS) {
		const value = mail.headers.get(name);
		if (value !== undefined) headers[name] = typeof value === 'string' ? value : String(value);
	}
	// mailparser parses List-* headers into objects; the raw line is what a client reads.
	for (const line of mail.headerLines) {
		if (line.key === 'list-unsubscribe' || line.key === 'list-unsubscribe-post') {
			headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
		}
	}
	return {
		from: addresses(mail.from),
		to: addresses(mail.to),
		subject: mail.subject ?? '',
		text,
		html: typeof mail.html === 'string' ? mail.html : '',
		headers,
		...authFields(mail, text)
	};
}

/** 421: the service is not available, try again later (RFC 5321). */
function away(): Error {
	return Object.assign(new Error('mail sink is refusing mail'), { responseCode: 421 });
}

/** Starts the sink on 127.0.0.1:`port` (0: any free port). */
export async function startMailSink(port: number): Promise<MailSink> {
	const outbox = new Outbox();
	let refusing = false;
	const server = new SMTPServer({
		// Loopback only, no login, no TLS: nothing here ever leaves the machine.
		authOptional: true,
		disabledCommands: ['AUTH', 'STARTTLS'],
		banner: 'Stadtidee local mail sink',
		size: 10 * 1024 * 1024,
		logger: false,
		onConnect(_session, callback) {
			callback(refusing ? away() : undefined);
		},
		onMailFrom(_address, _session, callback) {
			callback(refusing ? away() : undefined);
		},
		onData(stream, _session, callback) {
			simpleParser(stream)
				.then((parsed) => {
					outbox.deliver(toOutboxMail(parsed));
					callback();
				})
				.catch((error: Error) => callback(error));
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const bound = (server.server.address() as AddressInfo).port;
	return {
		url: `smtp://127.0.0.1:${bound}`,
		outbox,
		setRefusing(value) {
			refusing = value;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
