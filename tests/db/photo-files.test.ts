import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import { describe, expect, inject, test } from 'vitest';
import { startNotificationWorker } from '../../scripts/worker.ts';
import { anonClient, createUser, insertIdea, service, sql } from './helpers.ts';

/**
 * Photo files through the real Storage service (issue 22, ADR 020): the server's upload with the
 * secret key, who may then read the files with their own token (the storage.objects policy), that
 * nobody's own token uploads, and the worker removing the files of deleted photos through the
 * Storage API — also when Storage is away for a while.
 */

const BUCKET = 'idea-photos';
const SIZES = ['thumb', 'medium', 'full'] as const;
/** Stands in for a re-encoded rendition: Storage checks the declared type, never the bytes. */
const WEBP = new Uint8Array([0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);

const secretStorage = createClient(inject('stack').apiUrl, inject('stack').secretKey, {
	auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
}).storage.from(BUCKET);

function name(idea: string, photo: string, size: string): string {
	return `${idea}/${photo}/${size}.webp`;
}

/** Registers a photo as its author (add_idea_photo) and uploads its files as the app server does. */
async function storedPhoto(author: Awaited<ReturnType<typeof createUser>>, idea: string) {
	const photo = randomUUID();
	const { error } = await author.client.rpc('add_idea_photo', {
		p_id: photo,
		p_idea_id: idea,
		p_alt_text: 'Der leere Ladepunkt vor dem Rathaus',
		p_width: 1600,
		p_height: 1200,
		p_bytes: WEBP.byteLength
	});
	expect(error).toBeNull();
	for (const size of SIZES) {
		const upload = await secretStorage.upload(name(idea, photo, size), WEBP, {
			contentType: 'image/webp',
			upsert: true
		});
		expect(upload.error).toBeNull();
	}
	return photo;
}

function worker(url = inject('stack').apiUrl) {
	return startNotificationWorker({
		databaseUrl: inject('stack').notifierUrl,
		storage: { url, secretKey: inject('stack').secretKey },
		log: () => {}
	});
}

async function storedFiles(idea: string): Promise<number> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int as n from storage.objects
		where bucket_id = ${BUCKET} and name like ${`${idea}/%`}`;
	return row!.n;
}

async function queue(idea: string) {
	return sql<{ object_name: string; attempts: number; last_error: string | null }[]>`
		select object_name, attempts, last_error from public.storage_removals
		 where object_name like ${`${idea}/%`} order by object_name`;
}

describe('photo files in Storage', () => {
	test('the upload completes the photo; nobody’s own token reads its files, only the service role', async () => {
		const [author, other, staff] = await Promise.all([
			createUser(),
			createUser(),
			createUser({ role: 'staff' })
		]);
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const photo = await storedPhoto(author, idea);
		const [row] = await sql`select stored_at from public.idea_photos where id = ${photo}`;
		expect(row!.stored_at).not.toBeNull();

		// The app reads the row as the visitor and the file with the secret key (ADR 020): a token
		// of one's own gets no file and no signed URL, published or not.
		await sql`update public.ideas set status = 'published', published_at = now() where id = ${idea}`;
		for (const client of [author.client, staff.client, other.client, anonClient()]) {
			const bucket = client.storage.from(BUCKET);
			expect((await bucket.download(name(idea, photo, 'thumb'))).error).not.toBeNull();
			expect((await bucket.createSignedUrl(name(idea, photo, 'full'), 60)).error).not.toBeNull();
		}
		expect((await secretStorage.download(name(idea, photo, 'thumb'))).data?.size).toBe(
			WEBP.byteLength
		);
	});

	test('nobody uploads with their own token, not even the author of the photo', async () => {
		const author = await createUser();
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const photo = randomUUID();
		await author.client.rpc('add_idea_photo', {
			p_id: photo,
			p_idea_id: idea,
			p_alt_text: 'Ein Foto ohne Umweg über den Server',
			p_width: 10,
			p_height: 10,
			p_bytes: 12
		});
		const upload = await author.client.storage
			.from(BUCKET)
			.upload(name(idea, photo, 'full'), WEBP, { contentType: 'image/webp' });
		expect(upload.error).not.toBeNull();
		const [row] = await sql`select stored_at from public.idea_photos where id = ${photo}`;
		expect(row!.stored_at).toBeNull();
		expect(await storedFiles(idea)).toBe(0);
	});

	test('the worker removes the files of a removed photo and of a deleted idea', async () => {
		const author = await createUser();
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const [kept, removed] = [await storedPhoto(author, idea), await storedPhoto(author, idea)];
		const { data: gone, error } = await author.client.rpc('remove_idea_photo', { p_id: removed });
		expect(error).toBeNull();
		expect(gone).toBe(true);
		expect((await queue(idea)).map((row) => row.object_name)).toEqual(
			['full', 'medium', 'thumb'].map((size) => name(idea, removed, size))
		);

		const running = worker();
		try {
			await running.step();
			expect(await queue(idea)).toEqual([]);
			for (const size of SIZES) {
				expect(
					(await service.storage.from(BUCKET).download(name(idea, removed, size))).error
				).not.toBeNull();
				expect(
					(await service.storage.from(BUCKET).download(name(idea, kept, size))).error
				).toBeNull();
			}

			await sql`delete from public.ideas where id = ${idea}`;
			expect(await queue(idea)).toHaveLength(3);
			await running.step();
			expect(await queue(idea)).toEqual([]);
			expect(await storedFiles(idea)).toBe(0);
		} finally {
			await running.stop();
		}
	});

	test('a photo registered a day ago and never stored is removed by the worker, its stray files too', async () => {
		const author = await createUser();
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const [fresh, stale] = [randomUUID(), randomUUID()];
		for (const id of [fresh, stale]) {
			const { error } = await author.client.rpc('add_idea_photo', {
				p_id: id,
				p_idea_id: idea,
				p_alt_text: 'Eine Ecke am Bahnhof',
				p_width: 10,
				p_height: 10,
				p_bytes: 12
			});
			expect(error).toBeNull();
		}
		// The stale one's upload broke off after its thumbnail, a day ago.
		expect(
			(await secretStorage.upload(name(idea, stale, 'thumb'), WEBP, { contentType: 'image/webp' }))
				.error
		).toBeNull();
		await sql`update public.idea_photos set created_at = now() - interval '25 hours' where id = ${stale}`;
		const running = worker();
		try {
			await running.step();
		} finally {
			await running.stop();
		}
		const left = await sql<
			{ id: string }[]
		>`select id from public.idea_photos where idea_id = ${idea}`;
		expect(left.map((row) => row.id)).toEqual([fresh]);
		expect(await storedFiles(idea)).toBe(0);
		expect(await queue(idea)).toEqual([]);
	});

	test('while Storage is away, the removals wait with their reason and none is lost', async () => {
		const author = await createUser();
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const photo = await storedPhoto(author, idea);
		await author.client.rpc('remove_idea_photo', { p_id: photo });

		// A port nothing listens on: every call fails to connect.
		const away = worker('http://127.0.0.1:9');
		try {
			await away.step();
		} finally {
			await away.stop();
		}
		const waiting = await queue(idea);
		expect(waiting).toHaveLength(3);
		for (const row of waiting) {
			expect(row.attempts).toBe(1);
			expect(row.last_error).toBeTruthy();
		}
		expect(await storedFiles(idea)).toBe(3);

		// Due again (the backoff's wait passed): the next worker with Storage back removes them.
		await sql`update public.storage_removals set not_before = now()
			where object_name like ${`${idea}/%`}`;
		const back = worker();
		try {
			await back.step();
		} finally {
			await back.stop();
		}
		expect(await queue(idea)).toEqual([]);
	});
});
