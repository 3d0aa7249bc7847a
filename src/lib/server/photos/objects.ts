import type { PhotoSize } from '$lib/photos/rules';

/** The private storage bucket (ADR 020): only the server writes, the database decides who reads. */
export const PHOTO_BUCKET = 'idea-photos';

/** A rendition's object in the bucket: `{idea}/{photo}/{size}.webp`. */
export function photoObjectName(ideaId: string, photoId: string, size: PhotoSize): string {
	return `${ideaId}/${photoId}/${size}.webp`;
}
