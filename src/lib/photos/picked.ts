import type { MessageKey } from '$lib/i18n';
import type { OutboxPayload } from '$lib/offline/types';
import { ALT, PHOTO_MAX_BYTES, MAX_PHOTOS, photoFieldNames } from './rules';

/** A photo chosen in the picker, waiting to be sent with its form. */
export interface PickedPhoto {
	/** Made here, sent as photo_<n>_id: a resend (the outbox) is the same photo on the server. */
	id: string;
	/** What is sent: the shrunk photo, or the original; undefined while it is being prepared. */
	file?: File;
	alt: string;
	/** An object URL of `file` for the preview; revoked when the photo leaves. */
	preview?: string;
	/** A problem with the file itself (refused on the phone), shown at the photo. */
	problem?: MessageKey;
}

/** What the phone refuses as a courtesy (the server refuses it anyway): not an image, too large. */
export function fileProblem(file: Pick<File, 'type' | 'size' | 'name'>): MessageKey | undefined {
	if (file.size === 0) return 'photos.errors.empty';
	// Some phones give no type at all: then the server decides.
	if (file.type && !file.type.startsWith('image/')) return 'photos.errors.unsupported';
	if (file.type === 'image/svg+xml') return 'photos.errors.unsupported';
	if (file.size > PHOTO_MAX_BYTES) return 'photos.errors.tooLarge';
	return undefined;
}

/** The alt text's problem as the server would name it (parsePhotoFields), or none. */
export function altProblem(alt: string): MessageKey | undefined {
	const length = alt.trim().length;
	if (length === 0) return 'photos.errors.altRequired';
	if (length < ALT.min) return 'photos.errors.altTooShort';
	if (length > ALT.max) return 'photos.errors.altTooLong';
	return undefined;
}

/** The photos' problems before sending, by photo id: the file's own, else its alt text's. */
export function pickedIssues(photos: PickedPhoto[]): Record<string, MessageKey> {
	const issues: Record<string, MessageKey> = {};
	for (const photo of photos) {
		const problem = photo.problem ?? altProblem(photo.alt);
		if (problem) issues[photo.id] = problem;
	}
	return issues;
}

/** Writes the photos into a form's data as the slots photo_1 … photo_3, in their order. */
export function writePhotoFields(form: FormData, photos: PickedPhoto[]): void {
	photos.slice(0, MAX_PHOTOS).forEach((photo, index) => {
		if (!photo.file) return;
		const names = photoFieldNames(index + 1);
		form.set(names.file, photo.file, photo.file.name);
		form.set(names.id, photo.id);
		form.set(names.alt, photo.alt.trim());
	});
}

/**
 * The photos a queued idea carries (a refused one taken back into the wizard), so that editing it
 * does not lose them: same ids, so a resend stays the same photos.
 */
export function photosFromPayload(payload: OutboxPayload): PickedPhoto[] {
	const photos: PickedPhoto[] = [];
	for (let n = 1; n <= MAX_PHOTOS; n++) {
		const names = photoFieldNames(n);
		const value = payload[names.file];
		const id = payload[names.id];
		const alt = payload[names.alt];
		if (typeof value !== 'object' || typeof id !== 'string') continue;
		const file =
			value.file instanceof File
				? value.file
				: new File([value.file], value.name, { type: value.file.type });
		photos.push({ id, file, alt: typeof alt === 'string' ? alt : '' });
	}
	return photos;
}
