/**
 * Adds `source` to the connect-src directive of a Content-Security-Policy header value.
 * svelte.config.js can only hold build-time sources; the Supabase URL is known at runtime.
 */
export function allowConnectTo(policy: string, source: string): string {
	const directives = policy
		.split(';')
		.map((directive) => directive.trim())
		.filter(Boolean);
	const index = directives.findIndex((directive) => directive.split(/\s+/)[0] === 'connect-src');
	if (index === -1) return [...directives, `connect-src 'self' ${source}`].join('; ');
	const existing = directives[index]!;
	if (!existing.split(/\s+/).includes(source)) directives[index] = `${existing} ${source}`;
	return directives.join('; ');
}
