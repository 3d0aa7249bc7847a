/**
 * Sets headers on a response from `resolve()`. Responses an endpoint passes through from fetch()
 * have immutable headers; those are copied first.
 */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
	const entries = Object.entries(headers);
	try {
		for (const [name, value] of entries) response.headers.set(name, value);
		return response;
	} catch {
		const copy = new Response(response.body, response);
		for (const [name, value] of entries) copy.headers.set(name, value);
		return copy;
	}
}
