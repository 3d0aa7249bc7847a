import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import type postgres from 'postgres';
import sharp from 'sharp';
import { type Account, expect, type StackInfo } from './fixtures.ts';

/** Seed idea 3's point: new ideas go next to it, inside the boundary. */
const NEAR = '00000000-0000-4000-b000-000000000003';

export interface Photo {
	id: string;
	alt: string;
}

export interface IdeaWithPhotos {
	id: string;
	title: string;
	photos: Photo[];
}

/**
 * An idea of `account` with photos, made the way the app makes them: the author registers each
 * photo with add_idea_photo() as themselves (their JWT claims in the transaction, as PostgREST
 * sets them), then the files go up with the service role through the Storage API, thumb, medium,
 * then full (which marks the photo stored). Real WebP bytes, made by sharp.
 */
export async function ideaWithPhotos(
	sql: postgres.Sql,
	stack: StackInfo,
	account: Account,
	status: 'submitted' | 'published',
	alts: string[]
): Promise<IdeaWithPhotos> {
	const [user] = await sql<{ id: string }[]>`select id from auth.users
		where email = ${account.email}`;
	const author = user!.id;
	const title = `Funkloch am Bahnhof ${randomUUID().replaceAll('-', '').slice(0, 10)}`;
	// Submitted now: the author may still add photos (a published idea an hour after submitting).
	const [idea] = await sql<{ id: string }[]>`
		insert into public.ideas (author_id, kind, title, body, field_slug, lat, lng, status, published_at)
		select ${author}, 'idea', ${title}, 'Am Bahnhof bricht jedes Gespräch ab.', 'infrastruktur',
			lat, lng, 'submitted', null
		from public.ideas where id = ${NEAR}
		returning id`;
	const storage = createClient(stack.apiUrl, stack.serviceRoleKey, {
		auth: { persistSession: false, autoRefreshToken: false }
	}).storage.from('idea-photos');
	const photos: Photo[] = [];
	for (const [index, alt] of alts.entries()) {
		const bytes = await sharp({
			create: { width: 64, height: 48, channels: 3, background: COLOURS[index % COLOURS.length]! }
		})
			.webp()
			.toBuffer();
		const id = randomUUID();
		await sql.begin(async (tx) => {
			await tx`select set_config('request.jwt.claims',
				${JSON.stringify({ sub: author, role: 'authenticated' })}, true)`;
			await tx`set local role authenticated`;
			await tx`select public.add_idea_photo(${id}, ${idea!.id}, ${alt}, 64, 48, ${bytes.length})`;
		});
		for (const size of ['thumb', 'medium', 'full']) {
			const { error } = await storage.upload(`${idea!.id}/${id}/${size}.webp`, bytes, {
				contentType: 'image/webp'
			});
			expect(error).toBeNull();
		}
		photos.push({ id, alt });
	}
	const stored = await sql`select id from public.idea_photos
		where idea_id = ${idea!.id} and stored_at is not null`;
	expect(stored).toHaveLength(alts.length);
	if (status === 'published') {
		await sql`update public.ideas set status = 'published', published_at = now()
			where id = ${idea!.id}`;
	}
	return { id: idea!.id, title, photos };
}

const COLOURS = ['#c33', '#3c3', '#33c'];
