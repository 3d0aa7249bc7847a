import type { Handle } from '@sveltejs/kit';

/** Text that shrinks well; images, fonts and the like are compressed already (or not at all). */
const COMPRESSIBLE = /^(text\/(html|csv|plain)|application\/(json|geo\+json|manifest\+json))\b/;

/**
 * Gzips pages and data on the way out. adapter-node serves the built assets precompressed
 * (svelte.config.js, `precompress`), but a rendered page carries the locale catalogue in its
 * data: uncompressed it is several times larger on a phone's slow link. A reverse proxy that
 * compresses is not required; one that does sees Content-Encoding and leaves the body alone.
 */
export const compress: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const type = response.headers.get('content-type') ?? '';
	if (
		!response.body ||
		!COMPRESSIBLE.test(type) ||
		response.headers.has('content-encoding') ||
		!acceptsGzip(event.request.headers.get('accept-encoding'))
	) {
		return response;
	}
	const headers = new Headers(response.headers);
	headers.set('content-encoding', 'gzip');
	headers.delete('content-length');
	headers.append('vary', 'Accept-Encoding');
	return new Response(response.body.pipeThrough(new CompressionStream('gzip')), {
		status: response.status,
		statusText: response.statusText,
		headers
	});
};

/** Whether the client takes gzip (`gzip;q=0` refuses it). */
export function acceptsGzip(header: string | null): boolean {
	if (!header) return false;
	return header.split(',').some((entry) => {
		const [coding = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
		if (coding !== 'gzip' && coding !== '*') return false;
		const q = params.find((param) => param.startsWith('q='));
		return !q || Number(q.slice(2)) > 0;
	});
}
