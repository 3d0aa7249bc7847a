import { PHOTO_SIZES } from './rules';

const MAX_PHOTO_SIDE = PHOTO_SIZES.full;

/** Below this a photo that also fits MAX_PHOTO_SIDE goes as it is: shrinking would gain little. */
export const SMALL_ENOUGH_BYTES = 1024 * 1024;

/** Types the phone re-encodes; a GIF is left to the server (an animated one must be refused, not flattened). */
const SHRINKABLE = /^image\/(jpeg|png|webp|avif|heic|heif|bmp)$/;

/**
 * The photo as the phone should send it: at most MAX_PHOTO_SIDE on its longest side, upright
 * (the EXIF orientation applied), as a JPEG of quality 0.9, so a phone on bad Wi-Fi sends about
 * half a megabyte instead of five. The original when it is already small, when the browser cannot
 * decode or encode it, or when re-encoding would not make it smaller. The server checks and
 * re-encodes whatever it gets: this is a courtesy to the connection, not a safety measure.
 */
export async function shrinkPhoto(
	file: File,
	maxSide = MAX_PHOTO_SIDE,
	quality = 0.9
): Promise<File> {
	if (!SHRINKABLE.test(file.type) || typeof createImageBitmap !== 'function') return file;
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		return file;
	}
	try {
		const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
		if (scale === 1 && file.size <= SMALL_ENOUGH_BYTES) return file;
		const width = Math.max(1, Math.round(bitmap.width * scale));
		const height = Math.max(1, Math.round(bitmap.height * scale));
		const blob = await encode(bitmap, width, height, quality);
		if (!blob || blob.size >= file.size) return file;
		const name = `${file.name.replace(/\.[^.]*$/, '') || 'foto'}.jpg`;
		return new File([blob], name, { type: 'image/jpeg', lastModified: file.lastModified });
	} catch {
		return file;
	} finally {
		bitmap.close();
	}
}

async function encode(
	bitmap: ImageBitmap,
	width: number,
	height: number,
	quality: number
): Promise<Blob | null> {
	if (typeof OffscreenCanvas === 'function') {
		const canvas = new OffscreenCanvas(width, height);
		const context = canvas.getContext('2d');
		if (!context) return null;
		draw(context, bitmap, width, height);
		return canvas.convertToBlob({ type: 'image/jpeg', quality });
	}
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const context = canvas.getContext('2d');
	if (!context) return null;
	draw(context, bitmap, width, height);
	return new Promise((done) => canvas.toBlob(done, 'image/jpeg', quality));
}

function draw(
	context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
	bitmap: ImageBitmap,
	width: number,
	height: number
) {
	// JPEG has no transparency: a transparent PNG gets white behind it, not black.
	context.fillStyle = '#fff';
	context.fillRect(0, 0, width, height);
	context.imageSmoothingQuality = 'high';
	context.drawImage(bitmap, 0, 0, width, height);
}
