/**
 * Serves the built app over plain HTTP on this machine, with adapter-node's own request handler:
 * what `npm start` and the end-to-end tests run.
 *
 * adapter-node takes a request for HTTPS unless ORIGIN or a protocol header says otherwise, which
 * is right behind a TLS proxy. Here the browser talks HTTP to this very server, so the origin is
 * http://<the Host header it sent>: the printed http://localhost:3000 works, and so do
 * 127.0.0.1, another PORT, or a LAN address with HOST=0.0.0.0. The CSRF check (SvelteKit's rule,
 * in src/lib/server/hooks/csrf.ts) compares the browser's Origin header with exactly that. An
 * ORIGIN set in the environment wins, as with adapter-node's own server.
 */
import { createServer } from 'node:http';

const PROTOCOL_HEADER = 'x-forwarded-proto';
process.env.PROTOCOL_HEADER ||= PROTOCOL_HEADER;
// Up to 3 photos of 15 MB in one form (src/lib/server/hooks/form-body.ts keeps every other
// request to 1 MB); adapter-node's default is 512 KB.
process.env.BODY_SIZE_LIMIT ||= '48M';
const { handler } = await import('../build/handler.js');

const host = process.env.HOST || '0.0.0.0';
const port = Number(process.env.PORT || 3000);

const server = createServer((req, res) => {
	// This server is the edge: nothing in front of it may claim the request came over TLS.
	req.headers[PROTOCOL_HEADER] = 'http';
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not Found');
	});
});

server.listen(port, host, () => console.log(`Listening on http://${host}:${port}`));

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => server.close(() => process.exit(0)).closeAllConnections());
}
