import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError, sendError } from '../auth/errors.ts';
import { sendJson } from '../auth/http.ts';
import { escapeHtml } from '../auth/mails.ts';

/** A mail the local SMTP sink received. */
export interface Mail {
	id: string;
	created_at: string;
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	/** The headers a mail client acts on (lower-case names): List-Unsubscribe and its -Post, … */
	headers: Record<string, string>;
	/** What a mail of the local auth service asks for (its X-Stadtidee-Mail: auth/<type>); else ''. */
	type: string;
	/** The code in an auth mail (verifyOtp). */
	otp: string;
	/** The auth mail's link (GET /auth/v1/verify …); empty in a reauthentication mail, a code only. */
	link: string;
	/** The link's token, for verifyOtp({ token_hash, type }). */
	token_hash: string;
	redirect_to: string;
}

/** Enough for a test run or an afternoon of clicking; older mails fall off (the count stays). */
const CAPACITY = 500;

/** The dev-only mail outbox: mails live in memory, newest first. */
export class Outbox {
	#mails: Mail[] = [];
	#received = 0;

	deliver(mail: Omit<Mail, 'id' | 'created_at'>): Mail {
		const stored: Mail = { id: randomUUID(), created_at: new Date().toISOString(), ...mail };
		this.#mails.unshift(stored);
		this.#mails.length = Math.min(this.#mails.length, CAPACITY);
		this.#received += 1;
		return stored;
	}

	/** Mails received since the sink started, including those that fell off. */
	get received(): number {
		return this.#received;
	}

	list(to?: string): Mail[] {
		const wanted = to?.trim().toLowerCase();
		return wanted
			? this.#mails.filter((mail) => mail.to.toLowerCase() === wanted)
			: [...this.#mails];
	}

	clear(): number {
		const count = this.#mails.length;
		this.#mails = [];
		return count;
	}
}

function page(mails: Mail[]): string {
	const items = mails.map((mail) => {
		const link = escapeHtml(mail.link);
		return `<li>
<article aria-labelledby="m-${mail.id}">
<h2 id="m-${mail.id}">${escapeHtml(mail.subject)}</h2>
<dl>
<dt>To</dt><dd>${escapeHtml(mail.to)}</dd>
<dt>Sent</dt><dd><time datetime="${mail.created_at}">${mail.created_at}</time></dd>
<dt>From</dt><dd>${escapeHtml(mail.from)}</dd>
${mail.type ? `<dt>Type</dt><dd>${escapeHtml(mail.type)}</dd>\n` : ''}${mail.otp ? `<dt>Code</dt><dd><code>${escapeHtml(mail.otp)}</code></dd>\n` : ''}${mail.headers['list-unsubscribe'] ? `<dt>List-Unsubscribe</dt><dd>${escapeHtml(mail.headers['list-unsubscribe'])}</dd>\n` : ''}${link ? `<dt>Link</dt><dd><a href="${link}">Open the link in this mail</a></dd>\n` : ''}</dl>
<details><summary>Full text</summary><pre>${escapeHtml(mail.text)}</pre></details>
</article>
</li>`;
	});
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mail outbox (${mails.length}) – Stadtidee local stack</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
ol { list-style: none; padding: 0; }
article { border: 1px solid #767676; border-radius: 4px; padding: 0 1rem; margin-bottom: 1rem; }
dt { font-weight: 600; } dd { margin: 0 0 0.5rem; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
a { color: #0645ad; } a:focus { outline: 3px solid #111; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>Mail outbox</h1>
<p>Mails the local SMTP sink received (the auth service's, the notification worker's), newest first. Nothing leaves this machine.
JSON: <code>GET /_dev/outbox/messages?to=&lt;email&gt;</code>, clear with <code>DELETE /_dev/outbox/messages</code>.</p>
${mails.length ? `<ol>\n${items.join('\n')}\n</ol>` : '<p>No mails yet.</p>'}
</main>
</body>
</html>
`;
}

/** Serves the outbox; `path` is what follows `/_dev/outbox` (query string included). */
export function serveOutbox(
	outbox: Outbox,
	req: IncomingMessage,
	res: ServerResponse,
	path: string
): void {
	const url = new URL(`http://outbox${path.startsWith('/') ? path : `/${path}`}`);
	const route = url.pathname.replace(/\/+$/, '') || '/';
	if (route === '/' && req.method === 'GET') {
		res.writeHead(200, {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
			'cache-control': 'no-store'
		});
		res.end(page(outbox.list()));
		return;
	}
	if (route === '/messages' && req.method === 'GET') {
		sendJson(res, 200, outbox.list(url.searchParams.get('to') ?? undefined));
		return;
	}
	if (route === '/messages' && req.method === 'DELETE') {
		sendJson(res, 200, { deleted: outbox.clear() });
		return;
	}
	sendError(req, res, new AuthError(404, 'unknown', 'Not found'));
}
