import { ERRORS } from './errors.ts';

/**
 * Supabase Storage's key alphabet (src/storage/limits.ts): S3-safe ASCII only — no control
 * characters, no backslash, no non-ASCII letters (Supabase refuses "Straße.jpg" too).
 */
const VALID_OBJECT_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/;
const VALID_BUCKET_NAME = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]*$/;
/** S3's key limit, which Supabase's backend inherits. */
const MAX_KEY_BYTES = 1024;

/**
 * An object name as Supabase accepts it, and stricter where a name could mean a path: no empty
 * segment (leading, trailing or double slash) and no `.` or `..` segment. Files on disk are named
 * by version, never by this name; the check keeps names what they look like.
 */
export function mustBeValidKey(key: string): string {
	const segments = key.split('/');
	if (
		key.length === 0 ||
		Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES ||
		!VALID_OBJECT_KEY.test(key) ||
		segments.some((segment) => segment === '' || segment === '.' || segment === '..')
	) {
		throw ERRORS.invalidKey(key);
	}
	return key;
}

export function mustBeValidBucketName(name: string): string {
	if (
		name.length === 0 ||
		name.length > 100 ||
		!VALID_BUCKET_NAME.test(name) ||
		name === '.' ||
		name === '..'
	) {
		throw ERRORS.invalidBucketName();
	}
	return name;
}

/** A path segment from the URL, percent-decoded; a malformed escape is an invalid key. */
export function decodePath(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		throw ERRORS.invalidKey(raw);
	}
}

/** `bucket/some/name` from the URL into its bucket and (validated) object name. */
export function splitObjectPath(rest: string): { bucket: string; name: string } {
	const slash = rest.indexOf('/');
	if (slash <= 0) throw ERRORS.invalidKey(decodePath(rest));
	const bucket = mustBeValidBucketName(decodePath(rest.slice(0, slash)));
	return { bucket, name: mustBeValidKey(decodePath(rest.slice(slash + 1))) };
}
