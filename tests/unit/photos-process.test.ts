import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
	PHOTO_JOBS,
	PHOTO_MAX_BYTES,
	PHOTO_PROBLEMS,
	PhotoRejected,
	processPhoto,
	type PhotoProblem,
	type ProcessedPhoto
} from '$lib/server/photos/process';
import {
	COMMENT,
	CREATOR,
	IPTC_CITY,
	animated,
	apng,
	comSegment,
	gifComment,
	insertJpegSegments,
	insertPngChunks,
	jpegSegment,
	jpegWithMetadata,
	noise,
	pixel,
	pngBomb,
	pngChunk,
	raw,
	riffChunks,
	withJpegSize
} from '../helpers/images';

const EXIFR_ALL = {
	tiff: true,
	exif: true,
	gps: true,
	xmp: true,
	icc: true,
	iptc: true,
	jfif: false
};

/** The problem `processPhoto` refuses the bytes with; fails the test when it returns a photo. */
async function refusal(bytes: Uint8Array): Promise<PhotoProblem> {
	let result: ProcessedPhoto | undefined;
	try {
		result = await processPhoto(bytes);
	} catch (error) {
		expect(error).toBeInstanceOf(PhotoRejected);
		const { problem } = error as PhotoRejected;
		expect(PHOTO_PROBLEMS).toContain(problem);
		return problem;
	}
	expect.fail(`accepted, returned ${result.width}×${result.height}`);
}

const image = (width: number, height: number) => sharp(noise(width, height), raw(width, height));

/**
 * Real sharp work on photos up to 12 MP: seconds each when `npm test` runs the type check, lint
 * and the database tests beside it on two cores.
 */
const SHARP_WORK = { timeout: 60_000 };

/**
 * What an EXIF reader finds of a WebP's metadata, read through a JPEG that keeps all of it (exifr
 * reads no WebP). libvips writes a basic EXIF block (resolution, colour space) into every JPEG
 * that keeps metadata, so the fields we wrote are looked for by name.
 */
async function metadataOf(webp: Buffer) {
	const jpeg = await sharp(webp).keepMetadata().jpeg().toBuffer();
	const found = (await exifr.parse(jpeg, EXIFR_ALL)) ?? {};
	const fields = ['latitude', 'longitude', 'GPSLatitude', 'Make', 'Model', 'DateTimeOriginal'];
	const more = ['creator', 'City', 'ProfileDescription', 'ProfileCopyright'];
	return Object.fromEntries(
		[...fields, ...more].filter((f) => f in found).map((f) => [f, found[f]])
	);
}

describe('processPhoto: metadata', SHARP_WORK, () => {
	it('removes EXIF (GPS too), XMP, IPTC, the ICC profile and comments from every size', async () => {
		const input = await jpegWithMetadata(noise(400, 300), 400, 300);
		// The input carries all of it, and the reader sees it (the check below can fail).
		const before = await exifr.parse(input, EXIFR_ALL);
		expect(before.latitude).toBeCloseTo(52.52, 2);
		expect(before.Make).toBe('Stadtidee');
		expect(before.creator).toBe(CREATOR);
		expect(before.City).toBe(IPTC_CITY);
		expect(before.ProfileDescription).toBeTruthy();
		expect(input.includes(COMMENT)).toBe(true);
		const kept = await sharp(input).keepMetadata().webp().toBuffer();
		expect(Object.keys(await metadataOf(kept))).toEqual(
			expect.arrayContaining([
				'latitude',
				'Make',
				'DateTimeOriginal',
				'creator',
				'ProfileDescription'
			])
		);
		expect(riffChunks(kept)).toEqual(expect.arrayContaining(['EXIF', 'XMP ', 'ICCP']));

		const photo = await processPhoto(input);
		for (const file of Object.values(photo.files)) {
			expect(file.contentType).toBe('image/webp');
			const meta = await sharp(file.data).metadata();
			expect(meta.format).toBe('webp');
			expect(meta.exif).toBeUndefined();
			expect(meta.xmp).toBeUndefined();
			expect(meta.iptc).toBeUndefined();
			expect(meta.icc).toBeUndefined();
			expect(meta.hasProfile).toBe(false);
			expect(meta.orientation).toBeUndefined();
			expect(
				riffChunks(file.data).filter((c) => !['VP8 ', 'VP8L', 'VP8X', 'ALPH'].includes(c))
			).toEqual([]);
			expect(await metadataOf(file.data)).toEqual({});
			expect(
				await exifr.gps(await sharp(file.data).keepMetadata().jpeg().toBuffer())
			).toBeUndefined();
			for (const text of [
				COMMENT,
				CREATOR,
				IPTC_CITY,
				'Stadtidee',
				'Exif',
				'xmpmeta',
				'Photoshop'
			]) {
				expect(file.data.includes(text)).toBe(false);
			}
		}
	});

	it('converts colours from the embedded profile to sRGB before dropping it', async () => {
		const pixels = Buffer.alloc(64 * 64 * 3);
		for (let i = 0; i < pixels.length; i += 3) pixels.set([0, 200, 0], i);
		// sharp stores sRGB (0, 200, 0) as its Display P3 numbers, about (90, 197, 58), tagged P3.
		const p3 = await sharp(pixels, raw(64, 64)).withIccProfile('p3').png().toBuffer();
		const stored = await sharp(p3).keepIccProfile().raw().toBuffer();
		expect(stored[0]).toBeGreaterThan(70);
		// Dropping the profile without converting would leave those numbers, and the green paler.
		const [r = -1, g = -1, b = -1] = await pixel((await processPhoto(p3)).files.full.data, 32, 32);
		expect(r).toBeLessThan(15);
		expect(Math.abs(g - 200)).toBeLessThan(10);
		expect(b).toBeLessThan(15);
	});
});

describe('processPhoto: rotation and sizes', SHARP_WORK, () => {
	it('turns a photo upright by its EXIF orientation (6: a quarter turn clockwise)', async () => {
		// Stored 400 × 200: the top 50 rows green, below them the left half red, the right half blue.
		const pixels = Buffer.alloc(400 * 200 * 3);
		for (let y = 0; y < 200; y++) {
			for (let x = 0; x < 400; x++) {
				const colour = y < 50 ? [0, 255, 0] : x < 200 ? [255, 0, 0] : [0, 0, 255];
				pixels.set(colour, (y * 400 + x) * 3);
			}
		}
		const photo = await processPhoto(await jpegWithMetadata(pixels, 400, 200));
		expect([photo.width, photo.height]).toEqual([200, 400]);
		expect([photo.files.full.width, photo.files.full.height]).toEqual([200, 400]);
		// Turned clockwise: the stored top is now the right edge, the stored left the top.
		const full = photo.files.full.data;
		const near = (actual: number[], expected: number[]) =>
			actual.every((v, i) => Math.abs(v - (expected[i] ?? 0)) < 40);
		expect(near(await pixel(full, 60, 80), [255, 0, 0])).toBe(true);
		expect(near(await pixel(full, 60, 320), [0, 0, 255])).toBe(true);
		expect(near(await pixel(full, 190, 200), [0, 255, 0])).toBe(true);
		expect(near(await pixel(full, 5, 200), [0, 255, 0])).toBe(false);
	});

	it('makes 2048, 1024 and 320 px sizes of a large photo', async () => {
		const input = await sharp(noise(4000, 3000), raw(4000, 3000)).jpeg().toBuffer();
		const photo = await processPhoto(input);
		expect([photo.width, photo.height]).toEqual([2048, 1536]);
		const sizes = Object.fromEntries(
			await Promise.all(
				Object.entries(photo.files).map(async ([size, file]) => {
					const meta = await sharp(file.data).metadata();
					expect([meta.width, meta.height]).toEqual([file.width, file.height]);
					return [size, [file.width, file.height]];
				})
			)
		);
		expect(sizes).toEqual({ full: [2048, 1536], medium: [1024, 768], thumb: [320, 240] });
		expect(photo.files.thumb.data.length).toBeLessThan(photo.files.medium.data.length);
		expect(photo.files.medium.data.length).toBeLessThan(photo.files.full.data.length);
	});

	it('never enlarges a small photo', async () => {
		const photo = await processPhoto(await image(300, 180).png().toBuffer());
		expect([photo.width, photo.height]).toEqual([300, 180]);
		for (const file of Object.values(photo.files))
			expect([file.width, file.height]).toEqual([300, 180]);
		const tall = await processPhoto(await image(500, 900).webp().toBuffer());
		expect(tall.files.medium).toMatchObject({ width: 500, height: 900 });
		expect(tall.files.thumb).toMatchObject({ width: 178, height: 320 });
	});
});

describe('processPhoto: accepted types, by content', SHARP_WORK, () => {
	it('takes JPEG, PNG, WebP, AVIF and a still GIF, and returns only new WebP files', async () => {
		const inputs = {
			jpeg: await image(120, 90).jpeg().toBuffer(),
			png: await image(120, 90).png().toBuffer(),
			webp: await image(120, 90).webp().toBuffer(),
			avif: await image(120, 90).avif().toBuffer(),
			gif: await image(120, 90).gif().toBuffer(),
			transparentPng: await sharp(Buffer.alloc(120 * 90 * 4, 0x80), raw(120, 90, 4))
				.png()
				.toBuffer()
		};
		for (const [name, input] of Object.entries(inputs)) {
			const photo = await processPhoto(input);
			expect([name, photo.width, photo.height]).toEqual([name, 120, 90]);
			for (const file of Object.values(photo.files)) {
				expect(file.data.subarray(0, 4).toString('latin1')).toBe('RIFF');
				expect(file.data.subarray(8, 12).toString('latin1')).toBe('WEBP');
				expect(file.data.equals(input)).toBe(false);
			}
		}
	});

	it('reads the type from the bytes: a PNG that came as photo.jpg is a PNG, an SVG as .jpg is refused', async () => {
		// processPhoto takes no name or MIME type at all; these are the bytes such uploads carry.
		const pngNamedJpg = await image(64, 48).png().toBuffer();
		expect((await processPhoto(pngNamedJpg)).width).toBe(64);
		const svgNamedJpg = Buffer.from(
			'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48"><rect width="64" height="48"/></svg>'
		);
		expect(await refusal(svgNamedJpg)).toBe('unsupported');
	});
});

describe('processPhoto: refused input', SHARP_WORK, () => {
	it('refuses an empty file', async () => {
		expect(await refusal(new Uint8Array(0))).toBe('empty');
	});

	it('refuses more than 15 MB before decoding', async () => {
		const jpeg = await image(64, 48).jpeg().toBuffer();
		const big = Buffer.alloc(PHOTO_MAX_BYTES + 1);
		jpeg.copy(big);
		expect(await refusal(big)).toBe('tooLarge');
	});

	it('refuses truncated files of every accepted type', async () => {
		const jpeg = await image(400, 300).jpeg().toBuffer();
		const others = [
			await image(400, 300).png().toBuffer(),
			await image(400, 300).webp().toBuffer(),
			await image(400, 300).avif().toBuffer(),
			await image(400, 300).gif().toBuffer()
		];
		for (const file of [jpeg, ...others]) {
			expect(await refusal(file.subarray(0, Math.floor(file.length / 2)))).toBe('unreadable');
		}
		// A JPEG that stops a few bytes before its end, and one with nothing after its header.
		expect(await refusal(jpeg.subarray(0, jpeg.length - 200))).toBe('unreadable');
		expect(await refusal(jpeg.subarray(0, 3))).toBe('unreadable');
	});

	it('refuses a decompression bomb from its header, without decoding it', async () => {
		const bomb = pngBomb(30_000, 30_000);
		expect(bomb.length).toBeLessThan(2000);
		const before = process.memoryUsage().rss;
		expect(await refusal(bomb)).toBe('tooManyPixels');
		// Decoding 30,000 × 30,000 RGB would need 2.7 GB.
		expect(process.memoryUsage().rss - before).toBeLessThan(200 * 2 ** 20);
		expect(await refusal(pngBomb(9000, 6000))).toBe('tooManyPixels');
		const jpegHeader = withJpegSize(await image(64, 48).jpeg().toBuffer(), 10_000, 8_000);
		expect((await sharp(jpegHeader).metadata()).width).toBe(10_000);
		expect(await refusal(jpegHeader)).toBe('tooManyPixels');
	});

	it('refuses SVG, XML, HTML, PDF, HEIC, TIFF and other files that are no accepted photo', async () => {
		const files = [
			'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
			'<?xml version="1.0"?><note>Hallo</note>',
			'<!doctype html><html><body><img src=x onerror=alert(1)></body></html>',
			'%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF',
			'Nur ein Text, kein Bild.',
			// HEIC (HEVC in HEIF): the header of an iPhone photo; the prebuilt libvips cannot decode it.
			'\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x08free'
		].map((text) => Buffer.from(text, 'latin1'));
		files.push(await image(64, 48).tiff().toBuffer());
		for (const file of files) expect(await refusal(file)).toBe('unsupported');
	});

	it('refuses bytes with an image signature that sharp cannot decode', async () => {
		const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), noise(200, 10)]);
		expect(await refusal(fake)).toBe('unreadable');
		const png = await image(64, 48).png().toBuffer();
		const broken = Buffer.from(png);
		broken.fill(0x41, 40, 80); // inside IDAT: the zlib stream and its CRC no longer match
		expect(await refusal(broken)).toBe('unreadable');
	});

	it('refuses animated GIF, WebP, PNG (APNG) and AVIF sequences', async () => {
		expect(await refusal(await animated('gif'))).toBe('animated');
		expect(await refusal(await animated('webp'))).toBe('animated');
		expect(await refusal(await apng())).toBe('animated');
		const avif = await image(64, 48).avif().toBuffer();
		const sequence = Buffer.from(avif);
		sequence.write('avis', 8, 'latin1'); // major brand of an AVIF image sequence
		expect(await refusal(sequence)).toBe('animated');
		// One frame is a still image, whatever container it came in.
		expect((await processPhoto(await animated('gif', 1))).width).toBe(32);
	});

	it('refuses HTML, script, SVG and PHP hidden in metadata or after the image', async () => {
		const jpeg = await image(200, 150).jpeg().toBuffer();
		const png = await image(200, 150).png().toBuffer();
		const gif = await image(200, 150).gif().toBuffer();
		const webp = await image(200, 150).webp().toBuffer();
		// Every carrier decodes fine as an image: only the hidden markup makes it a polyglot.
		const polyglots = [
			insertJpegSegments(jpeg, [comSegment('<script>alert(document.cookie)</script>')]),
			insertJpegSegments(jpeg, [jpegSegment(0xef, Buffer.from('<html><body>hi</body></html>'))]),
			insertJpegSegments(jpeg, [jpegSegment(0xe1, Buffer.from('<svg onload=alert(1)>'))]),
			Buffer.concat([jpeg, Buffer.from('<?php system($_GET["c"]); ?>')]),
			Buffer.concat([jpeg, Buffer.from('<svg/onload=alert(1)>')]),
			insertPngChunks(png, [
				pngChunk('tEXt', Buffer.from('Comment\0<img src=x onerror=alert(1)>'))
			]),
			Buffer.concat([png, Buffer.from('<iframe src="https://example.org">')]),
			Buffer.concat([
				gif.subarray(0, -1),
				gifComment('<svg onload=alert(1)>'),
				Buffer.from([0x3b])
			]),
			Buffer.concat([webp, Buffer.from('<script src=//example.org/x.js></script>')])
		];
		for (const file of polyglots) {
			expect((await sharp(file).metadata()).width).toBe(200);
			expect(await refusal(file)).toBe('polyglot');
		}
	});

	it('takes ordinary metadata and an appended second JPEG (a gain map or preview) as a photo', async () => {
		const jpeg = await jpegWithMetadata(noise(200, 150), 200, 150);
		const preview = await image(40, 30).jpeg().toBuffer();
		const photo = await processPhoto(Buffer.concat([jpeg, preview]));
		expect([photo.width, photo.height]).toEqual([150, 200]);
	});
});

describe('processPhoto: one sharp job per core', SHARP_WORK, () => {
	it('keeps a burst of uploads to one sharp task per core at a time, and finishes them all', async () => {
		const inputs = await Promise.all(
			Array.from({ length: 3 * PHOTO_JOBS + 1 }, (_, i) =>
				sharp(noise(1200, 900, i + 1), raw(1200, 900))
					.jpeg()
					.toBuffer()
			)
		);
		let most = 0;
		const watch = () => (most = Math.max(most, sharp.counters().process));
		sharp.queue.on('change', watch);
		const timer = setInterval(watch, 1);
		try {
			const photos = await Promise.all(inputs.map((input) => processPhoto(input)));
			expect(photos.map((p) => p.width)).toEqual(inputs.map(() => 1200));
		} finally {
			clearInterval(timer);
			sharp.queue.off('change', watch);
		}
		expect(most).toBeGreaterThanOrEqual(1);
		expect(most).toBeLessThanOrEqual(PHOTO_JOBS);
	});
});
