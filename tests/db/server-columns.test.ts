import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { createUser, insertIdea, sql, type Actor } from './helpers.ts';

/**
 * Defence in depth: the columns only the server sets stay closed to API callers even if a grant
 * opens them. Each case widens the grant inside a transaction (as a mistaken migration or a
 * blanket re-grant would), acts as the `authenticated` role with a user's claims, as PostgREST
 * does, and rolls back. Updates of ideas go to the author's idea awaiting moderation, the one row
 * the policies let the author update. The RLS matrix checks the same writes through the API.
 */

let author: Actor;
let idea: string;
let draft: string;
let comment: string;

beforeAll(async () => {
	author = await createUser({ name: 'Spaltenprobe' });
	idea = await insertIdea({ author: author.id, status: 'published' });
	draft = await insertIdea({ author: author.id, status: 'submitted' });
	comment = randomUUID();
	await sql`insert into public.comments (id, idea_id, author_id, body)
		values (${comment}, ${idea}, ${author.id}, 'Ein Kommentar.')`;
	await sql`insert into public.votes (idea_id, user_id) values (${idea}, ${author.id})`;
}, 60_000);

class Rollback extends Error {}

/**
 * Runs `statement` as `authenticated` with `author`'s claims after granting everything on `table`;
 * returns the error's message and SQLSTATE, or 'ok' and the number of rows written.
 */
async function asAuthor(table: string, statement: string): Promise<string> {
	let outcome = '';
	await sql
		.begin(async (tx) => {
			await tx.unsafe(`grant all on public.${table} to authenticated`);
			await tx`select set_config('request.jwt.claims', ${JSON.stringify({
				sub: author.id,
				role: 'authenticated'
			})}, true)`;
			await tx`set local role authenticated`;
			try {
				outcome = `ok ${(await tx.unsafe(statement)).count}`;
			} catch (error) {
				const { message, code } = error as { message: string; code: string };
				outcome = `${message} ${code}`;
			}
			throw new Rollback();
		})
		.catch((error: unknown) => {
			if (!(error instanceof Rollback)) throw error;
		});
	return outcome;
}

const REFUSED = 'column_protected 42501';

describe('server-set columns refuse API writes, whatever the grants', () => {
	test.each([
		['profiles', `update public.profiles set role = 'admin' where id = '%author'`],
		['profiles', `update public.profiles set kind = 'business' where id = '%author'`],
		['ideas', `update public.ideas set status = 'published' where id = '%draft'`],
		['ideas', `update public.ideas set vote_count = 5000 where id = '%draft'`],
		['ideas', `update public.ideas set priority = 'high' where id = '%draft'`],
		['ideas', `update public.ideas set tags = '{vip}' where id = '%draft'`],
		['ideas', `update public.ideas set created_at = now() + interval '1 day' where id = '%draft'`],
		['ideas', `update public.ideas set assignee_id = '%author' where id = '%draft'`],
		[
			'ideas',
			`insert into public.ideas (title, body, field_slug, lat, lng, status)
			 values ('Sofort veröffentlicht', 'x', 'verwaltung', 50.5531, 9.6779, 'published')`
		],
		[
			'ideas',
			`insert into public.ideas (title, body, field_slug, lat, lng, vote_count)
			 values ('Mit Stimmen geboren', 'x', 'verwaltung', 50.5531, 9.6779, 99)`
		],
		[
			'ideas',
			`insert into public.ideas (title, body, field_slug, lat, lng, created_at)
			 values ('Aus der Vergangenheit', 'x', 'verwaltung', 50.5531, 9.6779, '2000-01-01')`
		],
		['comments', `update public.comments set idea_id = gen_random_uuid() where id = '%comment'`],
		['comments', `update public.comments set created_at = '2000-01-01' where id = '%comment'`],
		[
			'comments',
			`insert into public.comments (idea_id, body, created_at) values ('%idea', 'x', '2000-01-01')`
		],
		[
			'votes',
			`insert into public.votes (idea_id, created_at) values ('%idea', now() + interval '1 h')`
		],
		[
			'reports',
			`insert into public.reports (idea_id, reason, created_at) values ('%idea', 'spam', '2000-01-01')`
		],
		[
			'reports',
			`insert into public.reports (idea_id, reason, status) values ('%idea', 'spam', 'resolved')`
		]
	])('%s: %s', async (table, statement) => {
		const filled = statement
			.replaceAll('%author', author.id!)
			.replaceAll('%idea', idea)
			.replaceAll('%draft', draft)
			.replaceAll('%comment', comment);
		expect(await asAuthor(table, filled)).toBe(REFUSED);
	});

	// Positive controls: the same connection and grants let through what a member may write, so a
	// refusal above is the trigger's, not a broken probe's.
	test.each([
		['profiles', `update public.profiles set display_name = 'Neuer Name' where id = '%author'`],
		['ideas', `update public.ideas set title = 'Ein neuer Titel' where id = '%draft'`],
		[
			'ideas',
			`insert into public.ideas (title, body, field_slug, lat, lng)
			 values ('Ganz normal eingereicht', 'x', 'verwaltung', 50.5531, 9.6779)`
		],
		['comments', `insert into public.comments (idea_id, body) values ('%idea', 'Ganz normal.')`],
		['comments', `update public.comments set body = 'Geändert.' where id = '%comment'`],
		['reports', `insert into public.reports (idea_id, reason) values ('%idea', 'spam')`]
	])('%s, allowed: %s', async (table, statement) => {
		const filled = statement
			.replaceAll('%author', author.id!)
			.replaceAll('%idea', idea)
			.replaceAll('%draft', draft)
			.replaceAll('%comment', comment);
		expect(await asAuthor(table, filled)).toBe('ok 1');
	});

	test('every table with server-set columns has both guards', async () => {
		const rows = await sql<{ v: string }[]>`select c.relname || ' ' || t.tgname as v
			from pg_trigger t join pg_class c on c.oid = t.tgrelid
			where c.relnamespace = 'public'::regnamespace and t.tgname like 'aa_server_columns%'
			order by 1`;
		expect(rows.map((r) => r.v)).toEqual([
			'comments aa_server_columns_insert',
			'comments aa_server_columns_update',
			'follows aa_server_columns_insert',
			'follows aa_server_columns_update',
			'ideas aa_server_columns_insert',
			'ideas aa_server_columns_update',
			'profiles aa_server_columns_update',
			'reports aa_server_columns_insert',
			'reports aa_server_columns_update',
			'votes aa_server_columns_insert',
			'votes aa_server_columns_update'
		]);
	});
});
