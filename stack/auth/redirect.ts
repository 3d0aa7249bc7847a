import { isIP } from 'node:net';
import type { AuthConfig } from './config.ts';

const LOCALHOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0', '[::]', '::']);
const REGULAR_HOSTNAME = /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/;

/**
 * An allow-list entry as a regular expression, with GoTrue's glob rules (gobwas/glob with '.' and
 * '/' as separators): `*` stays within one host label or path segment, `**` crosses them, `?` is
 * one such character, `{a,b}` alternatives. Character classes are not supported.
 */
export function globToRegExp(pattern: string): RegExp {
	let source = '';
	let braces = 0;
	for (let i = 0; i < pattern.length; i++) {
		const char = pattern[i]!;
		if (char === '*' && pattern[i + 1] === '*') {
			source += '.*';
			i++;
		} else if (char === '*') source += '[^./]*';
		else if (char === '?') source += '[^./]';
		else if (char === '{') {
			braces++;
			source += '(?:';
		} else if (char === '}' && braces > 0) {
			braces--;
			source += ')';
		} else if (char === ',' && braces > 0) source += '|';
		else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	}
	return new RegExp(`^${source}$`);
}

function parse(url: string): URL | undefined {
	try {
		return new URL(url);
	} catch {
		return undefined;
	}
}

/** GoTrue's IsRedirectURLValid (internal/utilities/request.go), simplified where noted. */
export function isRedirectUrlValid(config: AuthConfig, redirectUrl: string): boolean {
	if (!redirectUrl) return false;
	const base = parse(config.siteUrl);
	const target = parse(redirectUrl);
	if (!base || !target) return false;

	// Back to the site itself: scheme and host must match; any port on a loopback host (RFC 8252).
	if (
		base.hostname === target.hostname &&
		base.protocol === target.protocol &&
		(base.port === target.port || LOCALHOSTS.has(target.hostname))
	) {
		return true;
	}

	const hostname = target.hostname.replace(/^\[|\]$/g, '');
	const isHttp = target.protocol === 'http:' || target.protocol === 'https:';
	// An IP address only when it is loopback (WHATWG parsing has already turned decimal and hex
	// forms like 2130706433 into dotted ones, which GoTrue refuses outright), odd hostnames never.
	if (isIP(hostname)) return hostname === '::1' || hostname.startsWith('127.');
	if (isHttp && !REGULAR_HOSTNAME.test(hostname)) return false;

	const withoutFragment = redirectUrl.split('#')[0]!;
	return config.additionalRedirectUrls.some((pattern) =>
		globToRegExp(pattern).test(withoutFragment)
	);
}

/**
 * Where a mail link or /verify sends the browser: `redirect_to` if allowed, else the Referer
 * header if allowed, else the site URL (GoTrue's GetReferrer).
 */
export function resolveRedirect(
	config: AuthConfig,
	redirectTo: string | null | undefined,
	referer?: string
): string {
	if (redirectTo && isRedirectUrlValid(config, redirectTo)) return redirectTo;
	if (referer && isRedirectUrlValid(config, referer)) return referer;
	return config.siteUrl;
}
