// Zod-free on purpose: the picker imports these without pulling zod into the browser bundle.

/** Photos per idea (the form's slots photo_1 … photo_3). */
export const MAX_PHOTOS = 3;

/** Alt text, trimmed: 3–300 characters. */
export const ALT = { min: 3, max: 300 } as const;

/** The largest file the server takes (15 MB); the picker refuses larger ones only as a courtesy. */
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;

/** The longest side of a stored photo; the phone shrinks to it before sending. */
export const MAX_PHOTO_SIDE = 2048;

/** The form field names of slot `n` (1-based). */
export function photoFieldNames(n: number) {
	return { file: `photo_${n}`, id: `photo_${n}_id`, alt: `photo_${n}_alt` } as const;
}
