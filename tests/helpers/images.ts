/**
 * Test images made on the spot with sharp, and hand-made bytes for what sharp will not write
 * (comments, IPTC, crafted headers, polyglots, trailers). Nothing binary is committed.
 */
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

export const GPS = { latitude: 52.52, longitude: 13.41 };
export const COMMENT = 'Stadtidee-Testkommentar: aufgenommen am Marktplatz';
export const CREATOR = 'Erika Mustermann';
export const IPTC_CITY = 'Musterstadt';

/** Pixels that do not compress away (a seeded pseudo-random pattern), 3 channels. */
export function noise(width: number, height: number, seed = 1): Buffer {
	const data = Buffer.alloc(width * height * 3);
	let x = seed >>> 0 || 1;
	for (let i = 0; i < data.length; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		data[i] = x & 0xff;
	}
	return data;
}

/**
 * Pixels that look like a photo to an encoder: smooth gradients and shapes with a little sensor
 * noise, so a 12 MP JPEG comes out at a phone's 3-5 MB rather than a noise field's 15.
 */
export function photoLike(width: number, height: number, seed = 1): Buffer {
	const data = Buffer.alloc(width * height * 3);
	let x = seed >>> 0 || 1;
	const rand = () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 0x1_0000_0000;
	};
	for (let y = 0; y < height; y++) {
		for (let col = 0; col < width; col++) {
			const i = (y * width + col) * 3;
			const texture = Math.sin(col / 7 + Math.sin(y / 11) * 3) * 40 + Math.sin((col + y) / 29) * 30;
			const grain = (rand() - 0.5) * 48;
			data[i] = clamp(120 + (col / width) * 80 + texture + grain);
			data[i + 1] = clamp(100 + (y / height) * 90 - texture / 2 + grain);
			data[i + 2] = clamp(140 - (col / width) * 60 + texture / 3 + grain);
		}
	}
	return data;
}

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

export const raw = (width: number, height: number, channels: 3 | 4 = 3) => ({
	raw: { width, height, channels }
});

const XMP = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>${CREATOR}</rdf:li></rdf:Seq></dc:creator></rdf:Description>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/**
 * A JPEG as a phone writes it, with everything that must not survive: EXIF (camera, time, GPS),
 * orientation 6, XMP, a Display P3 ICC profile, an IPTC block and a JPEG comment.
 */
export async function jpegWithMetadata(
	pixels: Buffer,
	width: number,
	height: number,
	quality = 90
) {
	const jpeg = await sharp(pixels, raw(width, height))
		.withMetadata({ orientation: 6 })
		.withExifMerge({
			IFD0: { Make: 'Stadtidee', Model: 'Testkamera' },
			IFD2: { DateTimeOriginal: '2026:12:08 01:00:00' },
			IFD3: {
				GPSLatitudeRef: 'N',
				GPSLatitude: '52/1 31/1 12/1',
				GPSLongitudeRef: 'E',
				GPSLongitude: '13/1 24/1 36/1'
			}
		})
		.withIccProfile('p3')
		.withXmp(XMP)
		.jpeg({ quality })
		.toBuffer();
	return insertJpegSegments(jpeg, [comSegment(COMMENT), iptcSegment(IPTC_CITY)]);
}

/** A JPEG marker segment: FF marker, 2-byte length, payload. */
export function jpegSegment(marker: number, payload: Buffer): Buffer {
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([head, payload]);
}

export const comSegment = (text: string) => jpegSegment(0xfe, Buffer.from(text, 'latin1'));

/** APP13 "Photoshop 3.0" with one 8BIM IPTC-NAA resource holding 2:90 City. */
export function iptcSegment(city: string): Buffer {
	const value = Buffer.from(city, 'latin1');
	const dataset = Buffer.concat([Buffer.from([0x1c, 2, 90, 0, value.length]), value]);
	const padded = dataset.length % 2 ? Buffer.concat([dataset, Buffer.alloc(1)]) : dataset;
	const size = Buffer.alloc(4);
	size.writeUInt32BE(dataset.length);
	const resource = Buffer.concat([Buffer.from('8BIM\x04\x04\x00\x00', 'latin1'), size, padded]);
	return jpegSegment(0xed, Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource]));
}

/** Puts segments right after a JPEG's SOI. */
export function insertJpegSegments(jpeg: Buffer, segments: Buffer[]): Buffer {
	return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

/** A PNG chunk: length, type, data, CRC over type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
	return Buffer.concat([head, data, crc]);
}

/** Puts chunks right after a PNG's IHDR. */
export function insertPngChunks(png: Buffer, chunks: Buffer[]): Buffer {
	const afterIhdr = 8 + 12 + png.readUInt32BE(8);
	return Buffer.concat([png.subarray(0, afterIhdr), ...chunks, png.subarray(afterIhdr)]);
}

/**
 * A decompression bomb: a valid PNG header claiming width × height RGB pixels, followed by a few
 * deflated rows of zeros - a file of some hundred bytes that would decode to gigabytes.
 */
export function pngBomb(width: number, height: number): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8); // 8 bit, RGB, deflate, no filter method, no interlace
	const rows = deflateSync(Buffer.alloc((width * 3 + 1) * 4));
	return Buffer.concat([
		Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', rows),
		pngChunk('IEND', Buffer.alloc(0))
	]);
}

/** A JPEG whose frame header (SOF) claims another size: a bomb by its header, made in a moment. */
export function withJpegSize(jpeg: Buffer, width: number, height: number): Buffer {
	const copy = Buffer.from(jpeg);
	for (let at = 2; at + 9 < copy.length;) {
		const marker = copy[at + 1] ?? 0;
		if (marker >= 0xc0 && marker <= 0xc2) {
			copy.writeUInt16BE(height, at + 5);
			copy.writeUInt16BE(width, at + 7);
			return copy;
		}
		at += 2 + copy.readUInt16BE(at + 2);
	}
	throw new Error('no frame header');
}

/** An animated image of `frames` frames of width × height (GIF or WebP). */
export async function animated(format: 'gif' | 'webp', frames = 2, width = 32, height = 24) {
	const pixels = Buffer.concat(
		Array.from({ length: frames }, (_, i) => Buffer.alloc(width * height * 3, i * 90 + 40))
	);
	return sharp(pixels, { raw: { width, height: height * frames, channels: 3, pageHeight: height } })
		[format]({ loop: 0, delay: Array(frames).fill(100) })
		.toBuffer();
}

/** An APNG: a PNG with an `acTL` chunk (2 frames announced) after its IHDR. */
export async function apng(): Promise<Buffer> {
	const png = await sharp(noise(32, 24), raw(32, 24)).png().toBuffer();
	const actl = Buffer.alloc(8);
	actl.writeUInt32BE(2, 0);
	return insertPngChunks(png, [pngChunk('acTL', actl)]);
}

/** A GIF comment extension block. */
export function gifComment(text: string): Buffer {
	const data = Buffer.from(text, 'latin1');
	const blocks: Buffer[] = [Buffer.from([0x21, 0xfe])];
	for (let at = 0; at < data.length; at += 255) {
		const part = data.subarray(at, at + 255);
		blocks.push(Buffer.from([part.length]), part);
	}
	blocks.push(Buffer.from([0]));
	return Buffer.concat(blocks);
}

/** The first frame's pixel at (x, y) of an image, as [r, g, b]. */
export async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
	const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
	const i = (y * info.width + x) * info.channels;
	return [data[i] ?? -1, data[i + 1] ?? -1, data[i + 2] ?? -1];
}

/** The chunk types of a RIFF (WebP) file, in order. */
export function riffChunks(webp: Buffer): string[] {
	const types: string[] = [];
	for (let at = 12; at + 8 <= webp.length;) {
		types.push(webp.toString('latin1', at, at + 4));
		const size = webp.readUInt32LE(at + 4);
		at += 8 + size + (size % 2);
	}
	return types;
}
