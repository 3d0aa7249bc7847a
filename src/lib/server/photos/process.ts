/**
 * An uploaded photo, made safe (issue 22, ADR 021): the type is read from the bytes, the file is
 * decoded once by sharp, turned upright by its EXIF orientation, converted to sRGB, shrunk to at most
 * 2,048 px on its longest side (never enlarged) and written anew as WebP in three sizes. The new files
 * carry no metadata at all (no EXIF, GPS, XMP, IPTC, ICC profile or comment): sharp writes none
 * unless asked. The uploaded bytes are never returned.
 *
 * Anything else is refused with a `PhotoRejected` whose `problem` names the i18n key
 * `photos.errors.<problem>`, and nothing is produced.
 */
import { availableParallelism } from 'node:os';
import sharp, {
	type Metadata,
	type ResizeOptions,
	type Sharp,
	type SharpOptions,
	type WebpOptions
} from 'sharp';
import {
	PHOTO_MAX_BYTES,
	PHOTO_MAX_PIXELS,
	PHOTO_SIZES,
	type PhotoProblem,
	type PhotoSize
} from '../../photos/rules';
import { inspect, sniff, type PhotoFormat } from './inspect';

export {
	PHOTO_ACCEPT,
	PHOTO_MAX_BYTES,
	PHOTO_MAX_PIXELS,
	PHOTO_PROBLEMS,
	PHOTO_SIZES,
	type PhotoProblem,
	type PhotoSize
} from '../../photos/rules';

export class PhotoRejected extends Error {
	readonly problem: PhotoProblem;

	constructor(problem: PhotoProblem, detail?: string) {
		super(detail ? `photo refused (${problem}): ${detail}` : `photo refused (${problem})`);
		this.name = 'PhotoRejected';
		this.problem = problem;
	}
}

export interface PhotoFile {
	data: Buffer;
	width: number;
	height: number;
	contentType: 'image/webp';
}

export interface ProcessedPhoto {
	/** Of `full`, after rotation. */
	width: number;
	height: number;
	files: Record<PhotoSize, PhotoFile>;
}

const WEBP: WebpOptions = { quality: 80, effort: 4 };

/** sharp's `metadata().format` for each accepted format (AVIF is HEIF with AV1). */
const SHARP_FORMAT: Record<PhotoFormat, string> = {
	jpeg: 'jpeg',
	png: 'png',
	gif: 'gif',
	webp: 'webp',
	avif: 'heif'
};

/**
 * One sharp job per core, each on one libvips thread: a burst of uploads waits its turn instead of
 * decoding side by side, so the server's memory stays bounded (docs/benchmarks.md, "Photos"). The
 * operation cache is off: every upload is a new image.
 */
export const PHOTO_JOBS = availableParallelism();
sharp.concurrency(1);
sharp.cache(false);

let jobs = PHOTO_JOBS;
let running = 0;
const waiting: (() => void)[] = [];

/**
 * How many photos are processed at once (default: one per core); sets it when given. For hosts
 * whose core count Node reads too high (a container with a CPU quota) and for bench:photo.
 */
export function photoJobs(count?: number): number {
	if (count !== undefined) {
		if (!Number.isInteger(count) || count < 1) throw new RangeError(`photoJobs: ${count}`);
		jobs = count;
	}
	return jobs;
}

async function oneAtATimePerCore<T>(work: () => Promise<T>): Promise<T> {
	if (running >= jobs) await new Promise<void>((resolve) => waiting.push(resolve));
	else running++;
	try {
		return await work();
	} finally {
		const next = waiting.shift();
		if (next) next();
		else running--;
	}
}

/** Re-encodes an uploaded photo (see the top of this file) or throws `PhotoRejected`. */
export async function processPhoto(input: Uint8Array): Promise<ProcessedPhoto> {
	if (input.byteLength === 0) throw new PhotoRejected('empty');
	if (input.byteLength > PHOTO_MAX_BYTES) throw new PhotoRejected('tooLarge');
	const sniffed = sniff(input);
	if (sniffed.kind !== 'image') throw new PhotoRejected('unsupported', sniffed.kind);
	const { format } = sniffed;
	const structure = inspect(input, format);
	if (structure.polyglot) throw new PhotoRejected('polyglot');
	if (structure.animated) throw new PhotoRejected('animated');
	return oneAtATimePerCore(() =>
		encode(Buffer.from(input.buffer, input.byteOffset, input.byteLength), format)
	);
}

async function encode(input: Buffer, format: PhotoFormat): Promise<ProcessedPhoto> {
	const options: SharpOptions = {
		limitInputPixels: PHOTO_MAX_PIXELS,
		// Truncated and corrupt files fail; libjpeg's warnings about odd but whole files do not.
		failOn: 'error',
		sequentialRead: true
	};
	let header: Metadata;
	try {
		// Reads the header only, with no pixel limit of its own, so the refusal below is ours.
		header = await sharp(input, { ...options, limitInputPixels: false }).metadata();
	} catch (error) {
		throw new PhotoRejected('unreadable', String(error));
	}
	if (header.format !== SHARP_FORMAT[format]) throw new PhotoRejected('unsupported', header.format);
	if (format === 'avif' && header.compression !== 'av1') throw new PhotoRejected('unsupported');
	if (!header.width || !header.height) throw new PhotoRejected('unreadable');
	if (header.width * header.height > PHOTO_MAX_PIXELS) throw new PhotoRejected('tooManyPixels');
	if ((header.pages ?? 1) > 1) throw new PhotoRejected('animated');

	try {
		// Decoded once (JPEG and WebP shrink while decoding), upright, sRGB, 8 bit, at most 2,048 px.
		const { data, info } = await sharp(input, { ...options, autoOrient: true })
			.resize(inside(PHOTO_SIZES.full))
			.toColourspace('srgb')
			.raw({ depth: 'uchar' })
			.toBuffer({ resolveWithObject: true });
		const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
		const full = await webp(sharp(data, raw));
		const medium = await webp(sharp(data, raw).resize(inside(PHOTO_SIZES.medium)));
		const thumb = await webp(sharp(data, raw).resize(inside(PHOTO_SIZES.thumb)));
		return { width: full.width, height: full.height, files: { full, medium, thumb } };
	} catch (error) {
		if (String(error).includes('pixel limit')) throw new PhotoRejected('tooManyPixels');
		throw new PhotoRejected('unreadable', String(error));
	}
}

const inside = (side: number): ResizeOptions => ({
	width: side,
	height: side,
	fit: 'inside',
	withoutEnlargement: true
});

async function webp(image: Sharp): Promise<PhotoFile> {
	const { data, info } = await image.webp(WEBP).toBuffer({ resolveWithObject: true });
	return { data, width: info.width, height: info.height, contentType: 'image/webp' };
}
