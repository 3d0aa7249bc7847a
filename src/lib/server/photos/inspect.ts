/**
 * What an upload is, by its bytes alone (never its name or the browser's MIME type), and whether it
 * hides something a browser would run (an HTML/SVG/PHP polyglot) or moves (more than one frame).
 * Read before sharp sees the file; sharp's own detected format must agree afterwards (process.ts).
 *
 * The polyglot check is structural, because compressed pixel data is close to random bytes: a short
 * marker like `<svg ` turns up by chance in about one 15 MB file in a thousand. So:
 * - the whole file is searched for long markers (`<script`, `<html `, `<?php `, …: 6+ fixed bytes,
 *   chance hits below one in 10^5 per 15 MB), wherever they hide;
 * - the parts that are not pixel data (JPEG APPn/COM segments, PNG chunks other than IDAT/fdAT,
 *   GIF extensions, WebP chunks other than the bitstreams, AVIF boxes other than `mdat`) and
 *   anything after the image's end are searched for every HTML/SVG/PHP tag we know. A JPEG or MP4
 *   after the end (phones' gain maps, multi-picture previews, Motion Photos) is walked the same way
 *   instead of being searched as one block.
 */

export type PhotoFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif';

export type Sniffed =
	| { kind: 'image'; format: PhotoFormat }
	| { kind: 'heic' } // HEIF with HEVC: sharp's prebuilt libvips cannot decode it (ADR 021)
	| { kind: 'other' };

/** Everywhere in the file: long enough never to be hit by chance in compressed data. */
const ANYWHERE =
	/<(?:script|iframe|object|embed|html|body|head|style|!doctype|\?php|svg:svg)[\s/>]|<svg\s+xmlns|javascript:/i;
/** In metadata, text chunks and trailers: any tag a browser or PHP would act on. */
const IN_METADATA =
	/<(?:script|iframe|object|embed|html|body|head|style|svg|img|meta|link|form|base|!doctype|!entity|\?php)[\s/>]|javascript:/i;

const ascii = (bytes: Uint8Array, start: number, end: number) =>
	Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, end - start)).toString('latin1');

function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
	if (at + text.length > bytes.length) return false;
	for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
	return true;
}

const u16be = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u32be = (b: Uint8Array, at: number) =>
	((b[at] ?? 0) * 0x1000000 +
		(((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0))) >>>
	0;
const u32le = (b: Uint8Array, at: number) =>
	((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16)) +
	(b[at + 3] ?? 0) * 0x1000000;

/** The ISO BMFF brands (major + compatible) of a file that starts with an `ftyp` box. */
function brands(bytes: Uint8Array): string[] | null {
	if (!startsWith(bytes, 4, 'ftyp')) return null;
	const size = Math.min(u32be(bytes, 0), bytes.length);
	if (size < 16) return null;
	const list = [ascii(bytes, 8, 12)];
	for (let at = 16; at + 4 <= size; at += 4) list.push(ascii(bytes, at, at + 4));
	return list;
}

/** The format from the magic bytes; `other` for SVG, HTML, PDF, TIFF, BMP, text and the rest. */
export function sniff(bytes: Uint8Array): Sniffed {
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return image('jpeg');
	if (startsWith(bytes, 0, '\x89PNG\r\n\x1a\n')) return image('png');
	if (startsWith(bytes, 0, 'GIF87a') || startsWith(bytes, 0, 'GIF89a')) return image('gif');
	if (startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBP')) return image('webp');
	const list = brands(bytes);
	if (list) {
		if (list.includes('avif') || list.includes('avis')) return image('avif');
		if (
			list.some((b) => ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(b))
		)
			return { kind: 'heic' };
	}
	return { kind: 'other' };
}

const image = (format: PhotoFormat): Sniffed => ({ kind: 'image', format });

export interface Structure {
	/** More than one frame (animated GIF, animated WebP, APNG, AVIF image sequence). */
	animated: boolean;
	/** Markup or script found (see the top of this file). */
	polyglot: boolean;
}

/** Byte ranges of a file that are not pixel data, flat: start, end (exclusive), start, end, … */
type Ranges = number[];

/** Walks the file's structure: its non-pixel parts and whether it has several frames. */
export function inspect(bytes: Uint8Array, format: PhotoFormat): Structure {
	const ranges: Ranges = [];
	const animated = walk(bytes, format, 0, ranges, 0);
	const polyglot =
		ANYWHERE.test(ascii(bytes, 0, bytes.length)) || IN_METADATA.test(gather(bytes, ranges));
	return { animated, polyglot };
}

/**
 * The ranges' bytes as one text, a line each: one search however many ranges a file has (a crafted
 * JPEG of 15 MB can hold three million empty segments).
 */
function gather(bytes: Uint8Array, ranges: Ranges): string {
	let length = 0;
	for (let i = 0; i < ranges.length; i += 2) {
		length += Math.max(0, (ranges[i + 1] ?? 0) - (ranges[i] ?? 0)) + 1;
	}
	const out = Buffer.allocUnsafe(length);
	let at = 0;
	for (let i = 0; i < ranges.length; i += 2) {
		const start = ranges[i] ?? 0;
		const end = ranges[i + 1] ?? 0;
		if (end - start > 64) {
			out.set(bytes.subarray(start, end), at);
			at += end - start;
		} else {
			for (let j = start; j < end; j++) out[at++] = bytes[j] ?? 0;
		}
		out[at++] = 0x0a;
	}
	return out.toString('latin1', 0, at);
}

/** Adds the non-pixel ranges of the image at `at` to `ranges`; returns whether it is animated. */
function walk(bytes: Uint8Array, format: PhotoFormat, at: number, ranges: Ranges, depth: number) {
	switch (format) {
		case 'jpeg':
			return trailer(bytes, jpeg(bytes, at, ranges), ranges, depth, false);
		case 'png': {
			const { end, animated } = png(bytes, at, ranges);
			return trailer(bytes, end, ranges, depth, animated);
		}
		case 'gif': {
			const { end, frames } = gif(bytes, at, ranges);
			return trailer(bytes, end, ranges, depth, frames > 1);
		}
		case 'webp': {
			const { end, animated } = webp(bytes, at, ranges);
			return trailer(bytes, end, ranges, depth, animated);
		}
		case 'avif': {
			const end = isobmff(bytes, at, bytes.length, ranges);
			const animated = (brands(bytes.subarray(at)) ?? []).includes('avis');
			return trailer(bytes, end, ranges, depth, animated);
		}
	}
}

/**
 * What follows an image's end: another JPEG (gain map, MPF preview) or an MP4 (Motion Photo) is
 * walked; anything else is searched whole.
 */
function trailer(bytes: Uint8Array, end: number, ranges: Ranges, depth: number, animated: boolean) {
	let at = Math.min(end, bytes.length);
	while (at < bytes.length && depth < 4) {
		if (bytes[at] === 0xff && bytes[at + 1] === 0xd8 && bytes[at + 2] === 0xff) {
			at = jpeg(bytes, at, ranges);
		} else if (startsWith(bytes, at + 4, 'ftyp')) {
			at = isobmff(bytes, at, bytes.length, ranges);
		} else break;
		depth++;
	}
	if (at < bytes.length) ranges.push(at, bytes.length);
	return animated;
}

/** JPEG segments: APPn, COM and the other marker segments are metadata; returns the end (after EOI). */
function jpeg(bytes: Uint8Array, start: number, ranges: Ranges): number {
	let at = start + 2;
	while (at + 4 <= bytes.length) {
		if (bytes[at] !== 0xff) {
			// Entropy-coded data of a scan: runs to the next marker that is not a stuffed 0xFF00,
			// a restart marker or fill bytes.
			while (at < bytes.length) {
				if (bytes[at] === 0xff) {
					const next = bytes[at + 1] ?? 0;
					if (next !== 0x00 && next !== 0xff && (next < 0xd0 || next > 0xd7)) break;
				}
				at++;
			}
			continue;
		}
		const marker = bytes[at + 1] ?? 0;
		if (marker === 0xff) {
			at++;
			continue;
		}
		if (marker === 0xd9) return at + 2; // EOI
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2;
			continue;
		}
		const length = u16be(bytes, at + 2);
		const end = Math.min(at + 2 + length, bytes.length);
		if (marker !== 0xda) ranges.push(at + 4, end);
		at = end;
	}
	return bytes.length;
}

/** PNG chunks other than the pixel data; APNG by its `acTL` chunk. Returns the end (after IEND). */
function png(bytes: Uint8Array, start: number, ranges: Ranges) {
	let at = start + 8;
	let animated = false;
	while (at + 12 <= bytes.length) {
		const length = u32be(bytes, at);
		const type = ascii(bytes, at + 4, at + 8);
		const end = Math.min(at + 12 + length, bytes.length);
		if (type === 'acTL') animated = true;
		if (type !== 'IDAT' && type !== 'fdAT') ranges.push(at + 8, end - 4);
		at = end;
		if (type === 'IEND') break;
	}
	return { end: at, animated };
}

/** GIF blocks: extensions are metadata, image data is not; counts frames. Returns the end. */
function gif(bytes: Uint8Array, start: number, ranges: Ranges) {
	let at = start + 13;
	const flags = bytes[start + 10] ?? 0;
	if (flags & 0x80) at += 3 * 2 ** ((flags & 7) + 1);
	let frames = 0;
	/** Skips data sub-blocks from `at`; collects them as metadata when `keep`. */
	const blocks = (keep: boolean) => {
		while (at < bytes.length) {
			const size = bytes[at] ?? 0;
			if (keep && size > 0) ranges.push(at + 1, Math.min(at + 1 + size, bytes.length));
			at += 1 + size;
			if (size === 0) break;
		}
	};
	while (at < bytes.length) {
		const block = bytes[at];
		if (block === 0x3b) return { end: at + 1, frames };
		if (block === 0x21) {
			at += 2; // introducer + label; all extensions (comment, application, text) are metadata
			blocks(true);
		} else if (block === 0x2c) {
			frames++;
			const local = bytes[at + 9] ?? 0;
			at += 10;
			if (local & 0x80) at += 3 * 2 ** ((local & 7) + 1);
			at += 1; // LZW minimum code size
			blocks(false);
		} else break;
	}
	return { end: Math.min(at, bytes.length), frames };
}

/** WebP chunks other than the bitstreams; animation by the VP8X flag or ANIM/ANMF chunks. */
function webp(bytes: Uint8Array, start: number, ranges: Ranges) {
	const end = Math.min(start + 8 + u32le(bytes, start + 4), bytes.length);
	let at = start + 12;
	let animated = false;
	while (at + 8 <= end) {
		const type = ascii(bytes, at, at + 4);
		const size = u32le(bytes, at + 4);
		const next = Math.min(at + 8 + size + (size % 2), end);
		if (type === 'VP8X' && ((bytes[at + 8] ?? 0) & 0x02) !== 0) animated = true;
		if (type === 'ANIM' || type === 'ANMF') animated = true;
		if (!['VP8 ', 'VP8L', 'ALPH', 'ANMF'].includes(type)) ranges.push(at + 8, next);
		at = next;
	}
	return { end, animated };
}

/** ISO BMFF boxes (AVIF, MP4) other than the media data; returns the end of the last box. */
function isobmff(bytes: Uint8Array, start: number, limit: number, ranges: Ranges): number {
	let at = start;
	while (at + 8 <= limit) {
		let size = u32be(bytes, at);
		const type = ascii(bytes, at + 4, at + 8);
		let header = 8;
		if (size === 1) {
			size = u32be(bytes, at + 8) * 2 ** 32 + u32be(bytes, at + 12);
			header = 16;
		} else if (size === 0) size = limit - at;
		if (size < header) return at; // not a box: the rest is searched as a trailer
		const end = Math.min(at + size, limit);
		if (type !== 'mdat') ranges.push(at + header, end);
		at = end;
	}
	return at;
}
