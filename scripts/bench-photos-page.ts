/**
 * The photos `npm run bench:web -- --photos` puts on a demo idea (issue 22's page budget): three
 * phone-like 12 MP JPEGs, re-encoded by the app's own `processPhoto()` and uploaded as the app
 * server stores them (`src/lib/server/photos/store.ts`: thumb, medium, full with the service role,
 * so the storage trigger sets `stored_at`). The rows are written by SQL: `add_idea_photo` takes
 * photos only while an idea awaits moderation, and the demo idea is long published. Idempotent:
 * fixed ids, photos already stored are left alone.
 *
 * The A/B of the page toggles the same three photos: hidden (a moderator's state, invisible to
 * visitors, so the page is the idea without photos) or shown.
 */
import { createClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import sharp from 'sharp';
import { PHOTO_BUCKET, photoObjectName } from '../src/lib/server/photos/objects.ts';
import { processPhoto } from '../src/lib/server/photos/process.ts';
import type { PhotoSize } from '../src/lib/photos/rules.ts';
import type { Stack } from '../stack/index.ts';
import { jpegWithMetadata, photoLike, raw } from '../tests/helpers/images.ts';

/** The demo idea bench:web measures (status in_progress, by the demo citizen, with a map). */
export const PHOTO_IDEA = '00000000-0000-4000-b000-000000000001';

/** 12 MP, as phones take them: one held upright (EXIF orientation 6), two held sideways. */
const PHOTOS = [
	{
		id: '00000000-0000-4000-f070-000000000001',
		alt: 'Warteschlange vor dem Bürgerbüro am Morgen',
		portrait: true
	},
	{
		id: '00000000-0000-4000-f070-000000000002',
		alt: 'Aushang mit den Öffnungszeiten an der Tür',
		portrait: false
	},
	{
		id: '00000000-0000-4000-f070-000000000003',
		alt: 'Wartemarkenautomat im Eingangsbereich',
		portrait: false
	}
] as const;

const WIDTH = 4032;
const HEIGHT = 3024;
const UPLOAD_ORDER: readonly PhotoSize[] = ['thumb', 'medium', 'full'];

async function phoneJpeg(seed: number, portrait: boolean): Promise<Buffer> {
	const pixels = photoLike(WIDTH, HEIGHT, seed);
	if (portrait) return jpegWithMetadata(pixels, WIDTH, HEIGHT, 88);
	return sharp(pixels, raw(WIDTH, HEIGHT)).withIccProfile('p3').jpeg({ quality: 88 }).toBuffer();
}

export interface StoredPhoto {
	id: string;
	width: number;
	height: number;
	/** Bytes of each rendition. */
	bytes: Record<PhotoSize, number>;
}

/** Puts the three photos on PHOTO_IDEA (once) and returns their stored sizes. */
export async function addBenchPhotos(
	stack: Stack,
	log: (line: string) => void
): Promise<StoredPhoto[]> {
	const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
	const storage = createClient(stack.apiUrl, stack.secretKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
	}).storage.from(PHOTO_BUCKET);
	try {
		for (const [index, photo] of PHOTOS.entries()) {
			const [row] = await sql<{ stored: boolean }[]>`
				select stored_at is not null as stored from public.idea_photos where id = ${photo.id}`;
			if (row?.stored) continue;
			const jpeg = await phoneJpeg(index + 1, photo.portrait);
			const started = performance.now();
			const processed = await processPhoto(jpeg);
			log(
				`photo ${index + 1}: ${(jpeg.length / 2 ** 20).toFixed(2)} MB JPEG → ` +
					Object.entries(processed.files)
						.map(
							([size, f]) =>
								`${size} ${f.width}×${f.height} ${(f.data.length / 1024).toFixed(0)} KB`
						)
						.join(', ') +
					` (${(performance.now() - started).toFixed(0)} ms)`
			);
			// As add_idea_photo registers it: the idea's author, the next place, the full size.
			const full = processed.files.full;
			await sql`
				insert into public.idea_photos (id, idea_id, author_id, position, alt_text, width, height, bytes)
				select ${photo.id}, i.id, i.author_id, ${index}, ${photo.alt}, ${full.width}, ${full.height},
				       ${full.data.byteLength}
				  from public.ideas i where i.id = ${PHOTO_IDEA}
				on conflict (id) do nothing`;
			for (const size of UPLOAD_ORDER) {
				const file = processed.files[size];
				const { error } = await storage.upload(
					photoObjectName(PHOTO_IDEA, photo.id, size),
					file.data,
					{ contentType: file.contentType, upsert: true, cacheControl: '31536000' }
				);
				if (error) throw new Error(`storage: ${error.message}`);
			}
		}
		const rows = await sql<{ id: string; width: number; height: number; stored: boolean }[]>`
			select id, width, height, stored_at is not null as stored
			  from public.idea_photos where idea_id = ${PHOTO_IDEA} order by position`;
		if (rows.length !== PHOTOS.length || rows.some((r) => !r.stored)) {
			throw new Error(`expected ${PHOTOS.length} stored photos on ${PHOTO_IDEA}`);
		}
		return await Promise.all(
			rows.map(async (r) => {
				const bytes = {} as Record<PhotoSize, number>;
				for (const size of UPLOAD_ORDER) {
					const { data, error } = await storage.download(photoObjectName(PHOTO_IDEA, r.id, size));
					if (error || !data) throw new Error(`storage: ${error?.message}`);
					bytes[size] = data.size;
				}
				return { id: r.id, width: r.width, height: r.height, bytes };
			})
		);
	} finally {
		await sql.end();
	}
}

/**
 * Shows the three photos to visitors, or hides them (as a moderator would: a reason, no one
 * but staff and the author sees them), then checks the public page says so.
 */
export async function showBenchPhotos(
	dbUrl: string,
	origin: string,
	shown: boolean
): Promise<void> {
	const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
	try {
		await sql`
			update public.idea_photos
			   set hidden_at = case when ${shown} then null else now() end,
			       hidden_reason = ${shown ? null : 'bench:web A/B: the page without photos'}
			 where idea_id = ${PHOTO_IDEA}`;
	} finally {
		await sql.end();
	}
	const html = await (await fetch(`${origin}/ideen/${PHOTO_IDEA}`)).text();
	const images = html.match(/<img[^>]+\/fotos\//g)?.length ?? 0;
	if (images !== (shown ? PHOTOS.length : 0)) {
		throw new Error(`the idea page shows ${images} photos, expected ${shown ? PHOTOS.length : 0}`);
	}
}
