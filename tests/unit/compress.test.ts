import { gunzipSync } from 'node:zlib';
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, compress } from '$lib/server/hooks/compress';

const PAGE = `<!doctype html><p>${'Stadtidee '.repeat(500)}</p>`;

async function run(acceptEncoding: string | null, response: Response) {
	const headers = new Headers(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {});
	const event = { request: new Request('http://localhost/', { headers }) } as RequestEvent;
	return compress({ event, resolve: async () => response });
}

const html = () =>
	new Response(PAGE, {
		headers: [
			['content-type', 'text/html; charset=utf-8'],
			['content-length', String(PAGE.length)],
			['set-cookie', 'a=1; Path=/'],
			['set-cookie', 'b=2; Path=/']
		]
	});

describe('compress', () => {
	it('gzips a page for a client that takes gzip, keeping status and every cookie', async () => {
		const response = await run('gzip, deflate, br', html());
		expect(response.headers.get('content-encoding')).toBe('gzip');
		expect(response.headers.get('content-length')).toBeNull();
		expect(response.headers.get('vary')).toBe('Accept-Encoding');
		expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
		const body = Buffer.from(await response.arrayBuffer());
		expect(body.length).toBeLessThan(PAGE.length / 10);
		expect(gunzipSync(body).toString()).toBe(PAGE);
	});

	it('leaves the body alone without gzip in Accept-Encoding', async () => {
		for (const accept of [null, 'br', 'gzip;q=0']) {
			const response = await run(accept, html());
			expect(response.headers.get('content-encoding')).toBeNull();
			expect(await response.text()).toBe(PAGE);
		}
	});

	it('leaves images and already encoded bodies alone', async () => {
		const png = new Response('png', { headers: { 'content-type': 'image/png' } });
		expect((await run('gzip', png)).headers.get('content-encoding')).toBeNull();
		const encoded = new Response('x', {
			headers: { 'content-type': 'application/json', 'content-encoding': 'br' }
		});
		expect((await run('gzip', encoded)).headers.get('content-encoding')).toBe('br');
	});
});

describe('acceptsGzip', () => {
	it('reads codings and their weights', () => {
		expect(acceptsGzip('gzip')).toBe(true);
		expect(acceptsGzip('br;q=1.0, GZIP;q=0.5')).toBe(true);
		expect(acceptsGzip('*')).toBe(true);
		expect(acceptsGzip('identity')).toBe(false);
		expect(acceptsGzip('gzip;q=0')).toBe(false);
		expect(acceptsGzip('')).toBe(false);
	});
});
