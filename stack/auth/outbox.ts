import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError, sendError } from './errors.ts';
import { sendJson } from './http.ts';
import { escapeHtml, type Mail } from './mails.ts';

/** Enough for a test run or an afternoon of clicking; older mails fall off. */
const CAPACITY = 500;

/** The dev-only mail outbox: mails live in memory, newest first. */
export class Outbox {
	#mails: Mail[] = [];

	deliver(mail: Omit<Mail, 'id' | 'created_at'>): Mail {
		const stored: Mail = { id: randomUUID(), created_at: new Date().toISOString(), ...mail };
		this.#mails.unshift(stored);
		this.#mails.length = Math.min(this.#mails.length, CAPACITY);
		return stored;
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
<dt>Type</dt><dd>${escapeHtml(mail.type)}</dd>
<dt>Code</dt><dd><code>${escapeHtml(mail.otp)}</code></dd>
${link ? `<dt>Link</dt><dd><a href="${link}">Open the link in this mail</a></dd>\n` : ''}</dl>
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
<p>Mails the local auth service would have sent, newest first. Nothing leaves this machine.
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
