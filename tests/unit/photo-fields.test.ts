import { describe, expect, it } from 'vitest';
import { parsePhotoFields } from '../../src/lib/photos/fields';
import { PHOTO_MAX_BYTES } from '../../src/lib/photos/rules';

const IDS = [
	'0b8f6a52-8f0e-4a37-9d7e-1c1b2a3b4c51',
	'0b8f6a52-8f0e-4a37-9d7e-1c1b2a3b4c52',
	'0b8f6a52-8f0e-4a37-9d7e-1c1b2a3b4c53',
	'0b8f6a52-8f0e-4a37-9d7e-1c1b2a3b4c54'
];
const jpeg = (name = 'ladesaeule.jpg', bytes = 10) =>
	new File([new Uint8Array(bytes).fill(0xff)], name, { type: 'image/jpeg' });
/** What a browser sends for a file input left empty. */
const noFile = () => new File([], '', { type: 'application/octet-stream' });

function form(slots: Record<string, string | File>): FormData {
	const data = new FormData();
	data.set('title', 'Ladesäule am Rathaus');
	for (const [name, value] of Object.entries(slots)) data.append(name, value);
	return data;
}

describe('parsePhotoFields', () => {
	it('reads filled slots in slot order, alt text trimmed', () => {
		const first = jpeg('a.jpg');
		const third = jpeg('c.png');
		const result = parsePhotoFields(
			form({
				photo_3: third,
				photo_3_id: IDS[2]!,
				photo_3_alt: 'Display der Ladesäule ist dunkel',
				photo_1: first,
				photo_1_id: IDS[0]!,
				photo_1_alt: '  Ladesäule vor dem Rathaus  '
			})
		);
		expect(result).toEqual({
			photos: [
				{ id: IDS[0], alt: 'Ladesäule vor dem Rathaus', file: first, slot: 1 },
				{ id: IDS[2], alt: 'Display der Ladesäule ist dunkel', file: third, slot: 3 }
			]
		});
	});

	it('has no photos for a form without slots or with empty file inputs only', () => {
		expect(parsePhotoFields(form({}))).toEqual({ photos: [] });
		// The form without JavaScript: three slots, nothing chosen, ids and alt text left over.
		expect(
			parsePhotoFields(
				form({
					photo_1: noFile(),
					photo_1_id: IDS[0]!,
					photo_1_alt: '',
					photo_2: noFile(),
					photo_2_id: 'kaputt',
					photo_2_alt: 'Text ohne Datei',
					photo_3: noFile()
				})
			)
		).toEqual({ photos: [] });
	});

	it('requires alt text for every file: missing, blank, too short, too long', () => {
		const cases: [string | undefined, string][] = [
			[undefined, 'photos.errors.altRequired'],
			['', 'photos.errors.altRequired'],
			['   \n ', 'photos.errors.altRequired'],
			[' ab ', 'photos.errors.altTooShort'],
			['x'.repeat(301), 'photos.errors.altTooLong']
		];
		for (const [alt, key] of cases) {
			const slots: Record<string, string | File> = { photo_2: jpeg(), photo_2_id: IDS[1]! };
			if (alt !== undefined) slots.photo_2_alt = alt;
			expect(parsePhotoFields(form(slots)), JSON.stringify(alt)).toEqual({
				issues: { photo_2_alt: key }
			});
		}
		const edge = parsePhotoFields(
			form({ photo_1: jpeg(), photo_1_id: IDS[0]!, photo_1_alt: ` ${'x'.repeat(300)} ` })
		);
		expect(edge).toMatchObject({ photos: [{ alt: 'x'.repeat(300) }] });
		const shortest = parsePhotoFields(
			form({ photo_1: jpeg(), photo_1_id: IDS[0]!, photo_1_alt: 'Bus' })
		);
		expect(shortest).toMatchObject({ photos: [{ alt: 'Bus' }] });
	});

	it('requires a uuid per photo, and a different one for each', () => {
		for (const id of [undefined, '', 'neu', `${IDS[0]} `]) {
			const slots: Record<string, string | File> = {
				photo_1: jpeg(),
				photo_1_alt: 'Bushaltestelle'
			};
			if (id !== undefined) slots.photo_1_id = id;
			expect(parsePhotoFields(form(slots)), JSON.stringify(id)).toEqual({
				issues: { photo_1_id: 'photos.errors.invalidId' }
			});
		}
		expect(
			parsePhotoFields(
				form({
					photo_1: jpeg(),
					photo_1_id: IDS[0]!,
					photo_1_alt: 'Erstes Foto',
					photo_2: jpeg(),
					photo_2_id: IDS[0]!,
					photo_2_alt: 'Zweites Foto'
				})
			)
		).toEqual({ issues: { photos: 'photos.errors.invalidId' } });
	});

	it('names every wrong field of every slot at once', () => {
		expect(
			parsePhotoFields(
				form({
					photo_1: jpeg(),
					photo_1_id: 'x',
					photo_1_alt: 'ok, ein Foto',
					photo_3: jpeg(),
					photo_3_id: IDS[2]!
				})
			)
		).toEqual({
			issues: { photo_1_id: 'photos.errors.invalidId', photo_3_alt: 'photos.errors.altRequired' }
		});
	});

	it('refuses more than three photos, a fourth slot, or two files in one slot', () => {
		const four: Record<string, string | File> = {};
		for (const n of [1, 2, 3, 4]) {
			four[`photo_${n}`] = jpeg();
			four[`photo_${n}_id`] = IDS[n - 1]!;
			four[`photo_${n}_alt`] = `Foto Nummer ${n}`;
		}
		expect(parsePhotoFields(form(four))).toEqual({ issues: { photos: 'photos.errors.tooMany' } });
		expect(
			parsePhotoFields(form({ photo_7: jpeg(), photo_7_id: IDS[0]!, photo_7_alt: 'Siebtes' }))
		).toEqual({ issues: { photos: 'photos.errors.tooMany' } });
		const twice = form({ photo_1: jpeg(), photo_1_id: IDS[0]!, photo_1_alt: 'Doppelt' });
		twice.append('photo_1', jpeg('b.jpg'));
		expect(parsePhotoFields(twice)).toEqual({ issues: { photos: 'photos.errors.tooMany' } });
		// An empty fourth slot is no photo.
		const three = { ...four, photo_4: noFile() };
		expect(parsePhotoFields(form(three))).toMatchObject({ photos: [{}, {}, {}] });
	});

	it('refuses a named file without bytes and one over 15 MB', () => {
		const slots = (file: File) => form({ photo_1: file, photo_1_id: IDS[0]!, photo_1_alt: 'Foto' });
		expect(parsePhotoFields(slots(new File([], 'leer.jpg')))).toEqual({
			issues: { photo_1: 'photos.errors.empty' }
		});
		expect(parsePhotoFields(slots(jpeg('gross.jpg', PHOTO_MAX_BYTES + 1)))).toEqual({
			issues: { photo_1: 'photos.errors.tooLarge' }
		});
		expect(parsePhotoFields(slots(jpeg('passt.jpg', PHOTO_MAX_BYTES)))).toMatchObject({
			photos: [{ id: IDS[0] }]
		});
	});

	it('refuses a text value where a file belongs (a form sent without multipart) and fields no form sends', () => {
		const refused = { issues: { photos: 'photos.errors.invalidId' } };
		expect(parsePhotoFields(form({ photo_1: 'C:\\fakepath\\x.jpg', photo_1_alt: 'Foto' }))).toEqual(
			refused
		);
		for (const name of ['photo_01', 'photo_0', 'photo_1_x', 'photo_']) {
			expect(parsePhotoFields(form({ [name]: jpeg() })), name).toEqual(refused);
		}
	});

	it('refuses markup in an alt text, as the database would', () => {
		expect(
			parsePhotoFields(
				form({ photo_1: jpeg(), photo_1_id: IDS[0]!, photo_1_alt: 'Schild <Parken verboten>' })
			)
		).toEqual({ issues: { photo_1_alt: 'submit.errors.markup' } });
	});
});
