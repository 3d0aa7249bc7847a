import type { MessageKey } from '$lib/i18n';
import { issue } from '$lib/schemas/issues';
import { hasMarkup } from '$lib/schemas/submission';
import { z } from '$lib/schemas/zod';
import { ALT, PHOTO_MAX_BYTES, MAX_PHOTOS, photoFieldNames } from './rules';

/** One photo as the form sent it; the server checks and re-encodes the bytes afterwards. */
export interface PhotoField {
	/** Made by the client: a resend of the same photo is the same row (stored exactly once). */
	id: string;
	alt: string;
	file: File;
	/** Its form slot (1–3): a refusal of its bytes is shown there (`photo_<slot>`). */
	slot: number;
}

export type PhotoFieldsResult =
	| { photos: PhotoField[] }
	/** Form field name (`photo_2_alt`, or `photos` for the whole set) → message key. */
	| { issues: Partial<Record<string, MessageKey>> };

const alt = z
	.string(issue('photos.errors.altRequired'))
	.trim()
	.min(1, issue('photos.errors.altRequired'))
	.min(ALT.min, issue('photos.errors.altTooShort'))
	.max(ALT.max, issue('photos.errors.altTooLong'))
	// As the database refuses it (private.has_markup), before the idea is stored.
	.refine((value) => !hasMarkup(value), issue('submit.errors.markup'));

const id = z.uuid(issue('photos.errors.invalidId'));

/** A browser sends an empty file input as a File without name and bytes: no photo. */
function isPhoto(value: FormDataEntryValue | null): value is File {
	return typeof value === 'object' && value !== null && !(value.size === 0 && value.name === '');
}

/**
 * The photo slots of a form (the wizard's submission, the author's "add photos" form):
 * `photo_<n>` (the file), `photo_<n>_id` (a uuid made on the client) and `photo_<n>_alt` (the
 * alt text, required for every file). A slot without a file is ignored, whatever else it says.
 * Only the form is checked here (alt text, ids, how many, an empty or too large file); what the
 * bytes are is the image processing's to decide.
 */
export function parsePhotoFields(form: FormData): PhotoFieldsResult {
	const issues: Partial<Record<string, MessageKey>> = {};
	const fields = [...new Set(form.keys())].filter((name) => name.startsWith('photo_'));
	// A field no form of ours sends (photo_01, photo_0_alt, …) or a text where a file belongs: a
	// crafted request, refused rather than stored without its photo.
	if (
		fields.some((name) => !/^photo_[1-9]\d{0,2}(_id|_alt)?$/.test(name)) ||
		fields.some(
			(name) => /^photo_\d+$/.test(name) && form.getAll(name).some((v) => typeof v === 'string')
		)
	) {
		return { issues: { photos: 'photos.errors.invalidId' } };
	}
	// Any slot number, so a fourth photo is refused rather than silently dropped.
	const slots = fields
		.map((name) => /^photo_([1-9]\d{0,2})$/.exec(name)?.[1])
		.filter((n): n is string => n !== undefined)
		.map(Number)
		.filter((n) => form.getAll(photoFieldNames(n).file).some(isPhoto))
		.sort((a, b) => a - b);
	if (slots.length > MAX_PHOTOS || slots.some((n) => n > MAX_PHOTOS)) {
		return { issues: { photos: 'photos.errors.tooMany' } };
	}
	const photos: PhotoField[] = [];
	for (const n of slots) {
		const names = photoFieldNames(n);
		const files = form.getAll(names.file).filter(isPhoto);
		// Two files in one slot are more photos than the slot holds.
		if (files.length > 1) return { issues: { photos: 'photos.errors.tooMany' } };
		const file = files[0]!;
		if (file.size === 0) issues[names.file] = 'photos.errors.empty';
		else if (file.size > PHOTO_MAX_BYTES) issues[names.file] = 'photos.errors.tooLarge';
		const parsedId = id.safeParse(form.get(names.id));
		if (!parsedId.success) issues[names.id] = parsedId.error.issues[0]!.message as MessageKey;
		const parsedAlt = alt.safeParse(form.get(names.alt) ?? '');
		if (!parsedAlt.success) issues[names.alt] = parsedAlt.error.issues[0]!.message as MessageKey;
		if (parsedId.success && parsedAlt.success) {
			photos.push({ id: parsedId.data, alt: parsedAlt.data, file, slot: n });
		}
	}
	const ids = photos.map((photo) => photo.id);
	if (new Set(ids).size !== ids.length) issues.photos = 'photos.errors.invalidId';
	return Object.keys(issues).length > 0 ? { issues } : { photos };
}
