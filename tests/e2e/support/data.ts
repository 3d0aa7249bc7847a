import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';

/** The auth user id behind an e-mail address (for inserting that user's rows). */
export async function userId(sql: postgres.Sql, email: string): Promise<string> {
	const [user] = await sql<{ id: string }[]>`select id from auth.users where email = ${email}`;
	if (!user) throw new Error(`no user ${email}`);
	return user.id;
}

export const DEMO_AUTHOR = '00000000-0000-4000-a000-000000000022';

/**
 * An idea of its own per test, next to seed idea 3 (inside the boundary, Mobilität & Verkehr),
 * with a random word in the title so it is unmistakable.
 */
export async function insertIdea(
	sql: postgres.Sql,
	options: { authorId?: string; status?: 'submitted' | 'published'; title?: string } = {}
) {
	const word = randomUUID().replaceAll('-', '').slice(0, 10);
	const title = options.title ?? `Ladesäulen am Nordfriedhof ${word}`;
	const status = options.status ?? 'published';
	const [idea] = await sql<{ id: string }[]>`
		insert into public.ideas (author_id, kind, title, body, field_slug, lat, lng, status, published_at)
		select ${options.authorId ?? DEMO_AUTHOR}, 'idea', ${title},
			'Am Nordfriedhof fehlen Ladesäulen für Elektroautos und E-Bikes.', 'mobilitaet',
			lat, lng, ${status}, ${status === 'published' ? sql`now()` : null}
		from public.ideas where id = '00000000-0000-4000-b000-000000000003'
		returning id`;
	return { id: idea!.id, title, path: `/ideen/${idea!.id}` };
}
