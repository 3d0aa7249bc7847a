/** The renditions stored of every photo, by their longest side in pixels. */
export const PHOTO_SIZES = { full: 2048, medium: 1024, thumb: 320 } as const;
export type PhotoSize = keyof typeof PHOTO_SIZES;

/** The private storage bucket (ADR 020): only the server writes, the database decides who reads. */
export const PHOTO_BUCKET = 'idea-photos';

/** A rendition's object in the bucket: `{idea}/{photo}/{size}.webp`. */
export function photoObjectName(ideaId: string, photoId: string, size: PhotoSize): string {
	return `${ideaId}/${photoId}/${size}.webp`;
}

/** Where the app serves a rendition (same origin: the page's CSP and the offline copies apply). */
export function photoUrl(ideaId: string, photoId: string, size: PhotoSize): string {
	return `/ideen/${ideaId}/fotos/${photoId}/${size}.webp`;
}

/** A rendition's pixel size: the photo shrunk to the size's longest side, never enlarged. */
export function renditionSize(
	photo: { width: number; height: number },
	size: PhotoSize
): { width: number; height: number } {
	const scale = Math.min(1, PHOTO_SIZES[size] / Math.max(photo.width, photo.height));
	return {
		width: Math.max(1, Math.round(photo.width * scale)),
		height: Math.max(1, Math.round(photo.height * scale))
	};
}
