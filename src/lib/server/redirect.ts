const BASE = 'http://stadtidee.invalid';

/**
 * `value` if it is a path on this site, else `fallback`: redirect targets come from forms and
 * query strings, and must never send anyone to another site (`//evil.example`, `/\evil.example`).
 */
export function localPath(value: unknown, fallback: string): string {
	if (typeof value !== 'string' || !value.startsWith('/')) return fallback;
	const url = new URL(value, BASE);
	return url.origin === BASE ? url.pathname + url.search + url.hash : fallback;
}
