const BASE = 'http://stadtidee.invalid';

/**
 * `value` if it is a path on this site, else `fallback`: redirect targets come from forms, query
 * strings and request paths, and must never send anyone to another site. The check is made on the
 * path as a browser would read it in a Location header, after normalising: `/.//evil.example`
 * becomes `//evil.example` (protocol-relative), so a path may never start with two slashes or a
 * slash and a backslash, before or after normalising.
 */
export function localPath(value: unknown, fallback: string): string {
	if (typeof value !== 'string' || !value.startsWith('/') || startsLikeHost(value)) return fallback;
	const url = new URL(value, BASE);
	if (url.origin !== BASE) return fallback;
	const path = url.pathname + url.search + url.hash;
	return startsLikeHost(path) ? fallback : path;
}

/** `//host`, `/\host` and the same with tabs or newlines between (browsers drop those). */
function startsLikeHost(path: string): boolean {
	return /^\/[\t\n\r]*[/\\]/.test(path);
}
