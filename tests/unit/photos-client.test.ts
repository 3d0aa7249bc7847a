import { describe, expect, it } from 'vitest';
import { photoSrcset, photoUrl, renditionSize, thumbAttributes } from '../../src/lib/photos/urls';
import {
	altProblem,
	fileProblem,
	photosFromPayload,
	pickedIssues,
	writePhotoFields
} from '../../src/lib/photos/picked';
import { parsePhotoFields } from '../../src/lib/photos/fields';

const IDEA = '6f1c2a52-8f0e-4a37-9d7e-1c1b2a3b4c5d';
const PHOTO = '0b8f6a52-8f0e-4a37-9d7e-1c1b2a3b4c51';

describe('photo renditions', () => {
	it('scales the stored size to each rendition, never up', () => {
		const phone = { width: 2048, height: 1536 };
		expect(renditionSize(phone, 'full')).toEqual({ width: 2048, height: 1536 });
		expect(renditionSize(phone, 'medium')).toEqual({ width: 1024, height: 768 });
		expect(renditionSize(phone, 'thumb')).toEqual({ width: 320, height: 240 });
		const portrait = { width: 1152, height: 2048 };
		expect(renditionSize(portrait, 'thumb')).toEqual({ width: 180, height: 320 });
		const small = { width: 600, height: 400 };
		expect(renditionSize(small, 'full')).toEqual(small);
		expect(renditionSize(small, 'medium')).toEqual(small);
		expect(renditionSize(small, 'thumb')).toEqual({ width: 320, height: 213 });
	});

	it('lists each distinct width once in a srcset', () => {
		const photo = { id: PHOTO, alt: 'Ladesäule', width: 2048, height: 1536 };
		expect(photoSrcset(IDEA, photo, ['full', 'thumb', 'medium'])).toBe(
			[
				`/ideen/${IDEA}/fotos/${PHOTO}/thumb.webp 320w`,
				`/ideen/${IDEA}/fotos/${PHOTO}/medium.webp 1024w`,
				`/ideen/${IDEA}/fotos/${PHOTO}/full.webp 2048w`
			].join(', ')
		);
		const small = { ...photo, width: 300, height: 200 };
		expect(photoSrcset(IDEA, small, ['thumb', 'medium', 'full'])).toBe(
			`/ideen/${IDEA}/fotos/${PHOTO}/thumb.webp 300w`
		);
	});

	it('gives a thumbnail its space and its alt text, loaded lazily', () => {
		expect(
			thumbAttributes(IDEA, { id: PHOTO, alt: '<b>Bus</b>', width: 1000, height: 500 })
		).toEqual({
			src: photoUrl(IDEA, PHOTO, 'thumb'),
			alt: '<b>Bus</b>',
			width: '320',
			height: '160',
			loading: 'lazy',
			decoding: 'async'
		});
	});
});

describe('photos picked on the phone', () => {
	const jpeg = (name: string, bytes = 4) =>
		new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' });

	it('refuses as a courtesy what the server would refuse: not an image, SVG, empty, over 15 MB', () => {
		expect(fileProblem(jpeg('a.jpg'))).toBeUndefined();
		expect(fileProblem({ name: 'a', type: '', size: 10 })).toBeUndefined();
		expect(fileProblem({ name: 'a.pdf', type: 'application/pdf', size: 10 })).toBe(
			'photos.errors.unsupported'
		);
		expect(fileProblem({ name: 'a.svg', type: 'image/svg+xml', size: 10 })).toBe(
			'photos.errors.unsupported'
		);
		expect(fileProblem({ name: 'a.jpg', type: 'image/jpeg', size: 0 })).toBe('photos.errors.empty');
		expect(fileProblem({ name: 'a.jpg', type: 'image/jpeg', size: 15 * 1024 * 1024 + 1 })).toBe(
			'photos.errors.tooLarge'
		);
	});

	it('checks alt text as the server does', () => {
		expect(altProblem('  ')).toBe('photos.errors.altRequired');
		expect(altProblem(' ab ')).toBe('photos.errors.altTooShort');
		expect(altProblem('x'.repeat(301))).toBe('photos.errors.altTooLong');
		expect(altProblem(' Bus ')).toBeUndefined();
		expect(
			pickedIssues([
				{ id: 'a', alt: '' },
				{ id: 'b', alt: 'Haltestelle' },
				{ id: 'c', alt: 'Haltestelle', problem: 'photos.errors.tooLarge' }
			])
		).toEqual({ a: 'photos.errors.altRequired', c: 'photos.errors.tooLarge' });
	});

	it('writes the photos as the slots the server parses, in their order', () => {
		const ids = [PHOTO, PHOTO.replace('51', '52')];
		const form = new FormData();
		writePhotoFields(form, [
			{ id: ids[0]!, alt: ' Erstes Foto ', file: jpeg('eins.jpg') },
			{ id: ids[1]!, alt: 'Zweites Foto', file: jpeg('zwei.jpg') }
		]);
		const parsed = parsePhotoFields(form);
		expect(parsed).toMatchObject({
			photos: [
				{ id: ids[0], alt: 'Erstes Foto' },
				{ id: ids[1], alt: 'Zweites Foto' }
			]
		});
		expect('photos' in parsed && parsed.photos.map((photo) => photo.file.name)).toEqual([
			'eins.jpg',
			'zwei.jpg'
		]);
	});

	it('takes a queued idea’s photos back with their ids', () => {
		const blob = new Blob([new Uint8Array([1, 2])], { type: 'image/png' });
		const photos = photosFromPayload({
			title: 'x',
			photo_2: { file: blob, name: 'zwei.png' },
			photo_2_id: PHOTO,
			photo_2_alt: 'Ein Foto',
			photo_3_id: PHOTO,
			photo_3_alt: 'ohne Datei'
		});
		expect(photos).toHaveLength(1);
		expect(photos[0]).toMatchObject({ id: PHOTO, alt: 'Ein Foto' });
		expect(photos[0]!.file).toBeInstanceOf(File);
		expect(photos[0]!.file).toMatchObject({ name: 'zwei.png', type: 'image/png', size: 2 });
	});
});
