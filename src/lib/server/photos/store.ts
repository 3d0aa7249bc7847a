import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { env } from '$env/dynamic/private';
import { supabaseEnv } from '$lib/supabase-env';
import type { PhotoField } from '$lib/photos/fields';
import type { PhotoSize } from '$lib/photos/rules';
import { PHOTO_BUCKET, photoObjectName } from './objects';
import { backendFetch } from '../backend';
import { DatabaseProblem, refused } from '../db/errors';
import type { Supabase } from '../supabase';
import { processPhoto, PhotoRejected, type ProcessedPhoto } from './process';

/** A photo made safe (re-encoded, metadata gone), ready to be stored. */
export interface PreparedPhoto {
	id: string;
	alt: string;
	processed: ProcessedPhoto;
}

/** Which photo (its form slot) was refused, and why: `photos.errors.<problem>` at `photo_<slot>`. */
export class PhotoProblem extends Error {
	constructor(
		readonly slot: number,
		readonly problem: PhotoRejected['problem']
	) {
		super(`photo ${slot}: ${problem}`);
	}
}

/**
 * Re-encodes every photo before anything is stored, so a refused one (not an image, a bomb, …)
 * leaves the submission untouched: the caller stores the idea only after this resolved.
 */
export async function preparePhotos(photos: PhotoField[]): Promise<PreparedPhoto[]> {
	const prepared: PreparedPhoto[] = [];
	for (const photo of photos) {
		try {
			const processed = await processPhoto(new Uint8Array(await photo.file.arrayBuffer()));
			prepared.push({ id: photo.id, alt: photo.alt, processed });
		} catch (error) {
			if (error instanceof PhotoRejected) throw new PhotoProblem(photo.slot, error.problem);
			throw error;
		}
	}
	return prepared;
}

let serviceClient: SupabaseClient | undefined;

/**
 * The service role's client: only the server uploads, after re-encoding (nobody's own token may
 * write to the bucket, ADR 020). SUPABASE_SECRET_KEY is private to the server.
 */
function storageAdmin(): SupabaseClient {
	if (serviceClient) return serviceClient;
	const secret = env.SUPABASE_SECRET_KEY || env.SUPABASE_SERVICE_ROLE_KEY;
	if (!secret) {
		throw new Error(
			'SUPABASE_SECRET_KEY must be set for photo uploads (npm start sets it for the local stack)'
		);
	}
	serviceClient = createClient(supabaseEnv().url, secret, {
		global: { fetch: backendFetch },
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
	});
	return serviceClient;
}

/** Smallest first: `stored_at` is set when `full` arrives, so a photo shows only when complete. */
const UPLOAD_ORDER: readonly PhotoSize[] = ['thumb', 'medium', 'full'];

/**
 * Stores prepared photos of an idea, each exactly once: `add_idea_photo` runs as the person (the
 * database decides whether they may add it, and a replay of the same id returns the stored row),
 * then the files go to storage with the service role. A row whose files are already there is
 * left alone; one whose upload broke off gets its files again.
 */
export async function storePhotos(
	supabase: Supabase,
	ideaId: string,
	photos: PreparedPhoto[]
): Promise<void> {
	for (const photo of photos) {
		const full = photo.processed.files.full;
		const { data, error } = await supabase.rpc('add_idea_photo', {
			p_id: photo.id,
			p_idea_id: ideaId,
			p_alt_text: photo.alt,
			p_width: full.width,
			p_height: full.height,
			p_bytes: full.data.byteLength
		});
		if (error) throw refused('add_idea_photo', error);
		if ((data as { stored_at: string | null } | null)?.stored_at) continue;
		const bucket = storageAdmin().storage.from(PHOTO_BUCKET);
		for (const size of UPLOAD_ORDER) {
			const file = photo.processed.files[size];
			const { error: uploadError } = await bucket.upload(
				photoObjectName(ideaId, photo.id, size),
				file.data,
				{ contentType: file.contentType, upsert: true, cacheControl: '600' }
			);
			if (uploadError) throw new DatabaseProblem(`storage: ${uploadError.message}`, 503);
		}
	}
}

/**
 * Removes a photo as the person (remove_idea_photo: its author while the idea may be changed, or
 * staff); the database queues its files for the worker. False: it was gone already (a replay).
 */
export async function removePhoto(supabase: Supabase, photoId: string): Promise<boolean> {
	const { data, error } = await supabase.rpc('remove_idea_photo', { p_id: photoId });
	if (error) throw refused('remove_idea_photo', error);
	return data === true;
}

/**
 * A rendition's bytes, if the visitor may see the photo: its row, read as the visitor, is the
 * gate (RLS, ADR 020); the file itself only the service role reads. Null: not theirs to see, not
 * stored yet, or gone.
 */
export async function readPhoto(
	supabase: Supabase,
	ideaId: string,
	photoId: string,
	size: PhotoSize
): Promise<Blob | null> {
	const { data: row, error } = await supabase
		.from('idea_photos')
		.select('id')
		.eq('id', photoId)
		.eq('idea_id', ideaId)
		.not('stored_at', 'is', null)
		.maybeSingle();
	if (error) throw refused('idea_photos', error);
	if (!row) return null;
	const file = await storageAdmin()
		.storage.from(PHOTO_BUCKET)
		.download(photoObjectName(ideaId, photoId, size));
	return file.data ?? null;
}

interface ExportedPhoto {
	id: string;
	idea_id: string;
	files?: { full: string } | null;
}

type Export = { photos?: ExportedPhoto[] } & Record<string, unknown>;

/**
 * The data export with the person's photos themselves (GDPR Art. 15, 20): each stored photo's
 * full size as a `data:` URL. The list is export_my_data()'s, read as the person (their own
 * photos, hidden ones too); one file at a time, so an export never holds more than it sends.
 */
export async function withPhotoFiles(supabase: Supabase, exported: unknown): Promise<Export> {
	const data = exported as Export;
	const photos: ExportedPhoto[] = [];
	for (const photo of data.photos ?? []) {
		if (!photo.files) {
			photos.push(photo);
			continue;
		}
		const file = await readPhoto(supabase, photo.idea_id, photo.id, 'full');
		if (!file) throw new DatabaseProblem('storage: a stored photo could not be read', 503);
		const base64 = Buffer.from(await file.arrayBuffer()).toString('base64');
		photos.push({ ...photo, image: `data:image/webp;base64,${base64}` } as ExportedPhoto);
	}
	return { ...data, photos };
}
