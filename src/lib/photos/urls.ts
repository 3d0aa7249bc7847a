/**
 * Where a stored photo's renditions are served (the route is the server's): WebP, re-encoded,
 * without metadata, each no larger than its size in PHOTO_SIZES nor than the stored photo itself.
 */
import { PHOTO_SIZES, type PhotoSize } from './rules';

/** What a page knows about one photo: enough to reserve its space before it loads. */
export interface PhotoMeta {
	id: string;
	alt: string;
	/** Of the stored (full) photo, in pixels. */
	width: number;
	height: number;
}

export function photoUrl(ideaId: string, photoId: string, size: PhotoSize): string {
	return `/ideen/${ideaId}/fotos/${photoId}/${size}.webp`;
}

/** A rendition's pixel size: the stored photo scaled to fit the size's longest side, never up. */
export function renditionSize(
	photo: Pick<PhotoMeta, 'width' | 'height'>,
	size: PhotoSize
): { width: number; height: number } {
	const scale = Math.min(1, PHOTO_SIZES[size] / Math.max(photo.width, photo.height, 1));
	return {
		width: Math.max(1, Math.round(photo.width * scale)),
		height: Math.max(1, Math.round(photo.height * scale))
	};
}

/**
 * A `srcset` of the given renditions with their real widths; a rendition no wider than a smaller
 * one (a small photo is the same file in every size) is left out.
 */
export function photoSrcset(ideaId: string, photo: PhotoMeta, sizes: readonly PhotoSize[]): string {
	const seen = new Set<number>();
	return [...sizes]
		.sort((a, b) => PHOTO_SIZES[a] - PHOTO_SIZES[b])
		.flatMap((size) => {
			const { width } = renditionSize(photo, size);
			if (seen.has(width)) return [];
			seen.add(width);
			return [`${photoUrl(ideaId, photo.id, size)} ${width}w`];
		})
		.join(', ');
}

/**
 * The attributes of a small thumbnail (list card, map popup): the 320 px rendition, its space
 * reserved, loaded only when near the screen. A plain record, so the map popup (built as DOM
 * nodes) and PhotoThumb.svelte draw the same image.
 */
export function thumbAttributes(ideaId: string, photo: PhotoMeta) {
	const { width, height } = renditionSize(photo, 'thumb');
	return {
		src: photoUrl(ideaId, photo.id, 'thumb'),
		alt: photo.alt,
		width: String(width),
		height: String(height),
		loading: 'lazy',
		decoding: 'async'
	} as const;
}
