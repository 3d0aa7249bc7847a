/**
 * The photo rules both sides need (ADR 021): the browser checks the size before it uploads and
 * shows `photos.errors.<problem>`; the server (`$lib/server/photos/process`) enforces all of them.
 */

export type PhotoSize = 'full' | 'medium' | 'thumb';

/** Why a photo was refused; each is an i18n key `photos.errors.<problem>`. */
export const PHOTO_PROBLEMS = [
	'empty',
	'tooLarge',
	'unsupported',
	'tooManyPixels',
	'animated',
	'unreadable',
	'polyglot'
] as const;

export type PhotoProblem = (typeof PHOTO_PROBLEMS)[number];

/** Largest upload, checked before anything is decoded. */
export const PHOTO_MAX_BYTES = 15 * 1024 * 1024;

/**
 * Largest input in pixels, read from the file's header before decoding: 8,192 × 6,144 (50.3 MP)
 * takes phones' 48/50 MP modes (iPhone 8,064 × 6,048; Pixel 8,160 × 6,144; Galaxy 8,160 × 6,120);
 * a 200 MP shot is over 15 MB anyway. A crafted 30,000 × 30,000 header is refused unread.
 */
export const PHOTO_MAX_PIXELS = 8192 * 6144;

/** Longest side of each stored size, in px (`full` of a smaller photo is its own size). */
export const PHOTO_SIZES: Record<PhotoSize, number> = { full: 2048, medium: 1024, thumb: 320 };

/**
 * For `<input type="file" accept>`: the formats taken, JPEG first. iOS hands a page a JPEG of a HEIC
 * photo whatever `accept` says; Safari on macOS does so only when `accept` names formats without
 * HEIC (with `image/*` it sends the HEIC, which the server refuses as `unsupported`) and converts to
 * the first one it can.
 */
export const PHOTO_ACCEPT = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

/** Photos per idea (the form's slots photo_1 … photo_3). */
export const MAX_PHOTOS = 3;

/** Alt text, trimmed: 3–300 characters (the database checks the same). */
export const ALT = { min: 3, max: 300 } as const;

/** The form field names of slot `n` (1-based). */
export function photoFieldNames(n: number) {
	return { file: `photo_${n}`, id: `photo_${n}_id`, alt: `photo_${n}_alt` } as const;
}
