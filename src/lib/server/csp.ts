/**
 * Adds `source` to one directive of a Content-Security-Policy header value (creating the directive
 * with 'self' when missing). svelte.config.js can only hold build-time sources; the Supabase URL
 * and the tile server are runtime configuration.
 */
export function allowSource(policy: string, directive: string, source: string): string {
	const directives = policy
		.split(';')
		.map((part) => part.trim())
		.filter(Boolean);
	const index = directives.findIndex((part) => part.split(/\s+/)[0] === directive);
	if (index === -1) return [...directives, `${directive} 'self' ${source}`].join('; ');
	const existing = directives[index]!;
	if (!existing.split(/\s+/).includes(source)) directives[index] = `${existing} ${source}`;
	return directives.join('; ');
}

/**
 * The CSP source for a Leaflet tile URL template: its origin, with a `{s}` subdomain placeholder
 * as a wildcard (`https://{s}.tile.example/{z}/{x}/{y}.png` → `https://*.tile.example`). Null for
 * anything that is not a plain http(s) URL, so a broken setting never widens the policy.
 */
export function tileSource(tileUrl: string): string | null {
	const match = /^(https?):\/\/([^/?#]+)/i.exec(tileUrl);
	if (!match) return null;
	const [, scheme, host] = match;
	const wildcard = host!.replace(/^\{s\}\./, '*.');
	// Only an optional leading subdomain wildcard may remain; any other placeholder is refused.
	if (!/^(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/i.test(wildcard)) return null;
	return `${scheme!.toLowerCase()}://${wildcard.toLowerCase()}`;
}
