import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
	type Actor,
	anon,
	createUser,
	expectCode,
	INSIDE,
	insertIdea,
	service,
	sql,
	withSettings
} from './helpers.ts';

/**
 * Photos on ideas (issue 22, ADR 020), the database's part: who registers, sees, removes, hides
 * and reports a photo; the bucket's storage.objects policies, tested as the Storage service applies
 * them (each request as the caller's role with their JWT claims); stored_at set by the upload; the
 * removal queue; the account's erasure and export.
 */

let author: Actor;
let other: Actor;
let moderator: Actor;
let staff: Actor;
let admin: Actor;
const BUCKET = 'idea-photos';

beforeAll(async () => {
	[author, other, moderator, staff, admin] = await Promise.all([
		createUser({ name: 'Fotografin' }),
		createUser({ name: 'Andere Person' }),
		createUser({ role: 'moderator' }),
		createUser({ role: 'staff' }),
		createUser({ role: 'admin' })
	]);
}, 60_000);

const notifier = postgres(inject('stack').notifierUrl, { max: 1, onnotice: () => {} });
afterAll(async () => {
	await notifier.end({ timeout: 5 });
});

const SIZE = { p_width: 1600, p_height: 1200, p_bytes: 250_000 };

function add(
	who: Actor,
	idea: string,
	id: string = randomUUID(),
	alt = 'Der kaputte Hotspot am Markt'
) {
	return who.client.rpc('add_idea_photo', { p_id: id, p_idea_id: idea, p_alt_text: alt, ...SIZE });
}

async function photosOf(idea: string) {
	return sql<{ id: string; position: number; stored_at: Date | null }[]>`
		select id, position, stored_at from public.idea_photos where idea_id = ${idea} order by position`;
}

/** A published idea its author may no longer change (moderated a day after it came in). */
async function settledIdea(authorId: string | null, status = 'published'): Promise<string> {
	const id = await insertIdea({ author: authorId, status });
	await sql`update public.ideas set created_at = now() - interval '2 days',
		published_at = case when published_at is null then null else now() - interval '1 day' end
		where id = ${id}`;
	return id;
}

interface PhotoFixture {
	idea: string;
	author: string;
	stored?: boolean;
	hidden?: boolean;
}

/** A photo row (as the functions would leave it) and, when stored, its three files. */
async function insertPhoto(f: PhotoFixture): Promise<string> {
	const id = randomUUID();
	const { n } = (
		await sql<{ n: number }[]>`select count(*)::int as n from public.idea_photos
		where idea_id = ${f.idea}`
	)[0]!;
	await sql`insert into public.idea_photos (id, idea_id, author_id, position, alt_text, width,
		height, bytes, hidden_at, hidden_reason)
		values (${id}, ${f.idea}, ${f.author}, ${n}, 'Ein Foto vom Ort', 1600, 1200, 250000,
		${f.hidden ? new Date() : null}, ${f.hidden ? 'Zeigt eine Person' : null})`;
	if (f.stored ?? true) await storeFiles(f.idea, id);
	return id;
}

function objectName(idea: string, photo: string, size = 'full'): string {
	return `${idea}/${photo}/${size}.webp`;
}

/** Writes the storage rows the upload makes: thumb, medium, then full (as the server does). */
async function storeFiles(idea: string, photo: string): Promise<void> {
	for (const size of ['thumb', 'medium', 'full']) {
		await sql`insert into storage.objects (bucket_id, name, metadata)
			values (${BUCKET}, ${objectName(idea, photo, size)}, ${sql.json({ mimetype: 'image/webp' })})`;
	}
}

async function queued(idea: string, photo: string): Promise<string[]> {
	const rows = await sql<{ object_name: string }[]>`select object_name from public.storage_removals
		where bucket_id = ${BUCKET} and object_name like ${`${idea}/${photo}/%`} order by object_name`;
	return rows.map((r) => r.object_name);
}

const ALL_THREE = (idea: string, photo: string) =>
	['full', 'medium', 'thumb'].map((s) => objectName(idea, photo, s));

class Rollback extends Error {}

type Caller = Actor | 'anon' | 'service';

/**
 * Runs `statement` as the Storage service runs a request: in a transaction, as the caller's role
 * with their JWT claims (and, for deletes, with storage.allow_delete_query set, as the service
 * does), then rolls back. Returns the rows, or the error's SQLSTATE.
 */
async function asCaller(
	who: Caller,
	statement: (tx: postgres.TransactionSql) => Promise<postgres.RowList<postgres.Row[]>>
): Promise<postgres.Row[] | string> {
	const role = who === 'anon' ? 'anon' : who === 'service' ? 'service_role' : 'authenticated';
	const claims = typeof who === 'string' ? { role } : { sub: who.id, role };
	let outcome: postgres.Row[] | string = [];
	await sql
		.begin(async (tx) => {
			await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
			await tx`select set_config('storage.allow_delete_query', 'true', true)`;
			await tx.unsafe(`set local role ${role}`);
			try {
				outcome = [...(await statement(tx))];
			} catch (error) {
				outcome = (error as { code: string }).code;
			}
			throw new Rollback();
		})
		.catch((error: unknown) => {
			if (!(error instanceof Rollback)) throw error;
		});
	return outcome;
}

/** Whether `who` may read the photo's full file through Storage (its select policy). */
async function readsFile(who: Caller, idea: string, photo: string): Promise<boolean> {
	const rows = await asCaller(
		who,
		(tx) => tx`select name from storage.objects
			where bucket_id = ${BUCKET} and name = ${objectName(idea, photo)}`
	);
	if (typeof rows === 'string') throw new Error(`reading a file failed: ${rows}`);
	return rows.length === 1;
}

/** Whether `who` sees the photo's row through the API. */
async function seesRow(who: Actor, photo: string): Promise<boolean> {
	const { data, error } = await who.client.from('idea_photos').select('id').eq('id', photo);
	expect(error).toBeNull();
	return data!.length === 1;
}

describe('the bucket', () => {
	test('idea-photos is private, takes WebP only and at most 5 MB', async () => {
		const [bucket] = await sql`select public, file_size_limit, allowed_mime_types
			from storage.buckets where id = ${BUCKET}`;
		expect(bucket).toEqual({
			public: false,
			file_size_limit: String(5 * 1024 * 1024),
			allowed_mime_types: ['image/webp']
		});
	});
});

describe('add_idea_photo', () => {
	test('the author registers a photo of their waiting idea; a replay returns the same row', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const id = randomUUID();
		const first = await add(author, idea, id, '  Der   kaputte Hotspot\nam Markt ');
		expect(first.error).toBeNull();
		expect(first.data).toMatchObject({
			id,
			idea_id: idea,
			author_id: author.id,
			position: 0,
			alt_text: 'Der kaputte Hotspot am Markt',
			width: 1600,
			height: 1200,
			bytes: 250_000,
			stored_at: null,
			hidden_at: null
		});
		const replay = await add(author, idea, id, 'Ein anderer Text');
		expect(replay.error).toBeNull();
		// Not stored yet: the replay describes the files about to come (a registration by hand
		// with made-up sizes does not stay on the photo the server then stores).
		expect(replay.data).toEqual({ ...first.data, alt_text: 'Ein anderer Text' });
		expect(await photosOf(idea)).toHaveLength(1);
		await storeFiles(idea, id);
		const stored = await add(author, idea, id, 'Noch ein Text');
		expect(stored.data).toMatchObject({
			alt_text: 'Ein anderer Text',
			stored_at: expect.any(String)
		});
	});

	test('a replay finishes an unfinished upload only while the idea may change: approved meanwhile, it is refused', async () => {
		// An author of its own: the others' ideas count against the daily limit of the file's author.
		const me = await createUser();
		const idea = await insertIdea({ author: me.id, status: 'submitted' });
		const id = randomUUID();
		expect((await add(me, idea, id)).error).toBeNull();
		// The moderators approved the idea while its photo's upload had broken off.
		await sql`update public.ideas set status = 'published', published_at = now() - interval '1 minute',
			created_at = now() - interval '2 hours' where id = ${idea}`;
		expectCode((await add(me, idea, id)).error, 'idea_not_editable', 'PT409');
		// A photo already stored is simply confirmed.
		const stored = await insertPhoto({ idea, author: me.id! });
		const replay = await add(me, idea, stored);
		expect(replay.error).toBeNull();
		expect(replay.data).toMatchObject({ id: stored });
	});

	test('the same id for another idea is refused', async () => {
		const [idea, second] = await Promise.all([
			insertIdea({ author: author.id, status: 'submitted' }),
			insertIdea({ author: author.id, status: 'submitted' })
		]);
		const id = randomUUID();
		expect((await add(author, idea, id)).error).toBeNull();
		expectCode((await add(author, second, id)).error, 'photo_id_taken');
		expect(await photosOf(second)).toEqual([]);
	});

	test('nobody but the author adds photos; a waiting idea of another is not found', async () => {
		const waiting = await insertIdea({ author: author.id, status: 'submitted' });
		const published = await insertIdea({ author: author.id, status: 'published' });
		expectCode((await add(other, waiting)).error, 'idea_not_found', 'PT404');
		expectCode((await add(other, published)).error, 'forbidden', '42501');
		for (const who of [moderator, staff, admin]) {
			expectCode((await add(who, waiting)).error, 'forbidden', '42501');
		}
		const { error } = await add(anon(), waiting);
		expect(error?.code).toBe('42501');
		expectCode((await add(author, randomUUID())).error, 'idea_not_found', 'PT404');
		expect(await photosOf(waiting)).toEqual([]);
		expect(await photosOf(published)).toEqual([]);
	});

	test('a published idea takes photos only right after its submission (post-moderation)', async () => {
		const settled = await settledIdea(author.id);
		expectCode((await add(author, settled)).error, 'idea_not_editable', 'PT409');
		for (const status of ['under_review', 'hidden', 'declined']) {
			const idea = await insertIdea({ author: author.id, status });
			expectCode((await add(author, idea)).error, 'idea_not_editable', 'PT409');
		}
		// Pre-moderation: published by a moderator later, the author's idea is settled.
		const moderated = await insertIdea({ author: author.id, status: 'submitted' });
		await sql`update public.ideas set status = 'published' where id = ${moderated}`;
		expectCode((await add(author, moderated)).error, 'idea_not_editable', 'PT409');

		// Post-moderation: the wizard submits (published at once), then adds the photos.
		await withSettings({ moderation_mode: 'post' }, async () => {
			const id = randomUUID();
			const submitted = await author.client.rpc('submit_idea', {
				id,
				title: 'Ladesäule am Bahnhof',
				body: 'Es fehlt eine.',
				lat: INSIDE.lat,
				lng: INSIDE.lng,
				field_slug: 'verwaltung'
			});
			expect(submitted.error).toBeNull();
			expect(submitted.data).toMatchObject({ status: 'published' });
			expect((await add(author, id)).error).toBeNull();
		});
		expect(await photosOf(settled)).toEqual([]);
		expect(await photosOf(moderated)).toEqual([]);
	});

	test('bad input is refused with its code and stores nothing', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const call = (patch: Record<string, unknown>) =>
			author.client.rpc('add_idea_photo', {
				p_id: randomUUID(),
				p_idea_id: idea,
				p_alt_text: 'Ein Foto vom Ort',
				...SIZE,
				...patch
			});
		expectCode((await call({ p_alt_text: '   ' })).error, 'alt_text_too_short');
		expectCode((await call({ p_alt_text: null })).error, 'alt_text_too_short');
		expectCode((await call({ p_alt_text: 'ab' })).error, 'alt_text_too_short');
		expectCode((await call({ p_alt_text: 'x'.repeat(301) })).error, 'alt_text_too_long');
		expectCode((await call({ p_alt_text: 'Foto <script>' })).error, 'markup_not_allowed');
		expectCode((await call({ p_width: 0 })).error, 'photo_size_invalid');
		expectCode((await call({ p_height: 2049 })).error, 'photo_size_invalid');
		expectCode((await call({ p_bytes: 5 * 1024 * 1024 + 1 })).error, 'photo_size_invalid');
		expectCode((await call({ p_bytes: null })).error, 'photo_size_invalid');
		expectCode((await call({ p_id: null })).error, 'photo_id_required');
		expect((await call({ p_alt_text: 'x'.repeat(300) })).error).toBeNull();
		expect(await photosOf(idea)).toHaveLength(1);
	});

	test('the table itself refuses what the function would never write', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const row = (patch: Record<string, unknown>) => ({
			id: randomUUID(),
			idea_id: idea,
			author_id: author.id,
			position: 0,
			alt_text: 'Ein Foto vom Ort',
			width: 100,
			height: 100,
			bytes: 1000,
			...patch
		});
		for (const patch of [
			{ position: 3 },
			{ position: -1 },
			{ alt_text: ' Ein Foto ' },
			{ alt_text: 'ab' },
			{ width: 4096 },
			{ bytes: 0 },
			{ hidden_at: new Date() },
			{ hidden_reason: 'Ohne Zeitpunkt' }
		]) {
			await expect(
				sql`insert into public.idea_photos ${sql(row(patch))}`,
				JSON.stringify(patch)
			).rejects.toMatchObject({ code: '23514' });
		}
		expect(await photosOf(idea)).toEqual([]);
	});

	test('an idea has at most three photos, in the first free places', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const ids = [randomUUID(), randomUUID(), randomUUID()];
		for (const id of ids) expect((await add(author, idea, id)).error).toBeNull();
		expectCode((await add(author, idea)).error, 'photo_limit_reached', 'PT409');
		expect((await photosOf(idea)).map((p) => p.position)).toEqual([0, 1, 2]);
		// A replay of a stored photo is still answered when the idea is full.
		expect((await add(author, idea, ids[2])).error).toBeNull();

		expect((await author.client.rpc('remove_idea_photo', { p_id: ids[1] })).data).toBe(true);
		const refill = randomUUID();
		expect((await add(author, idea, refill)).data).toMatchObject({ id: refill, position: 1 });
	});

	test('concurrent adds cannot make a fourth photo', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const results = await Promise.all(Array.from({ length: 8 }, () => add(author, idea)));
		expect(results.filter((r) => r.error === null)).toHaveLength(3);
		for (const r of results.filter((r) => r.error !== null)) {
			expectCode(r.error, 'photo_limit_reached');
		}
		expect((await photosOf(idea)).map((p) => p.position)).toEqual([0, 1, 2]);
	});

	test('the table refuses a fourth photo even to a direct concurrent insert', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const insert = (position: number) =>
			sql`insert into public.idea_photos (id, idea_id, author_id, position, alt_text, width,
				height, bytes) values (${randomUUID()}, ${idea}, ${author.id}, ${position},
				'Ein Foto vom Ort', 10, 10, 10)`;
		const outcomes = await Promise.allSettled([0, 1, 2, 0, 1, 2].map(insert));
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
		expect(await photosOf(idea)).toHaveLength(3);
	});
});

describe('stored_at follows the upload', () => {
	test('a photo counts as stored once its full size arrived', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const id = randomUUID();
		await add(author, idea, id);
		for (const size of ['thumb', 'medium']) {
			await sql`insert into storage.objects (bucket_id, name) values (${BUCKET}, ${objectName(idea, id, size)})`;
		}
		expect((await photosOf(idea))[0]!.stored_at).toBeNull();
		await asCaller(
			'service',
			(tx) =>
				tx`insert into storage.objects (bucket_id, name) values (${BUCKET}, ${objectName(idea, id)})`
		);
		expect((await photosOf(idea))[0]!.stored_at).toBeNull(); // rolled back with the upload
		await sql`insert into storage.objects (bucket_id, name) values (${BUCKET}, ${objectName(idea, id)})`;
		const stored = (await photosOf(idea))[0]!.stored_at;
		expect(stored).toBeInstanceOf(Date);
		// Replaced (an upsert): stays stored since then.
		await sql`update storage.objects set version = 'v2' where bucket_id = ${BUCKET}
			and name = ${objectName(idea, id)}`;
		expect((await photosOf(idea))[0]!.stored_at).toEqual(stored);
		// Its full size removed through Storage: no longer stored.
		await sql.begin(async (tx) => {
			await tx`select set_config('storage.allow_delete_query', 'true', true)`;
			await tx`delete from storage.objects where bucket_id = ${BUCKET} and name = ${objectName(idea, id)}`;
		});
		expect((await photosOf(idea))[0]!.stored_at).toBeNull();
	});

	test('names of any other shape never fail an upload; a photo file without its photo is queued', async () => {
		await sql`insert into storage.buckets (id, name) values ('test-other', 'test-other')
			on conflict do nothing`;
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const photo = randomUUID();
		await add(author, idea, photo);
		const names = [
			'full.webp',
			'a/b/full.webp',
			`not-a-uuid/${photo}/full.webp`,
			`${idea}/${photo}/full.webp/extra`,
			`${idea}/${photo}/huge.webp`,
			`${idea}/${photo}`,
			`${idea}//full.webp`,
			'ü/ö/ä.webp',
			`${idea.toUpperCase()}/${randomUUID()}/x.png`
		];
		for (const name of names) {
			await sql`insert into storage.objects (bucket_id, name) values (${BUCKET}, ${name})`;
		}
		await sql`insert into storage.objects (bucket_id, name) values ('test-other', ${objectName(idea, photo)})`;
		await sql`insert into storage.objects (bucket_id, name) values (${BUCKET}, null)`;
		expect((await photosOf(idea))[0]!.stored_at).toBeNull();
		const { n } = (
			await sql<{ n: number }[]>`select count(*)::int as n from public.storage_removals
			where object_name = any (${names})`
		)[0]!;
		expect(n).toBe(0);

		// A file for a photo that was removed while the server was uploading is queued at once.
		const gone = randomUUID();
		await sql`insert into storage.objects (bucket_id, name) values (${BUCKET}, ${objectName(idea, gone, 'thumb')})`;
		expect(await queued(idea, gone)).toEqual([objectName(idea, gone, 'thumb')]);
		// A photo of another idea under this idea's folder is no photo of it.
		const elsewhere = await insertIdea({ author: author.id, status: 'submitted' });
		const theirs = randomUUID();
		await add(author, elsewhere, theirs);
		await sql`insert into storage.objects (bucket_id, name) values (${BUCKET}, ${objectName(idea, theirs)})`;
		expect((await photosOf(elsewhere))[0]!.stored_at).toBeNull();
		expect(await queued(idea, theirs)).toEqual([objectName(idea, theirs)]);
	});
});

describe('who sees a photo', () => {
	let published: string;
	let waiting: string;
	let hiddenIdea: string;
	const photo: Record<string, string> = {};

	beforeAll(async () => {
		[published, waiting, hiddenIdea] = await Promise.all([
			settledIdea(author.id),
			insertIdea({ author: author.id, status: 'submitted' }),
			settledIdea(author.id, 'hidden')
		]);
		photo.public = await insertPhoto({ idea: published, author: author.id! });
		photo.unstored = await insertPhoto({ idea: published, author: author.id!, stored: false });
		photo.hidden = await insertPhoto({ idea: published, author: author.id!, hidden: true });
		photo.waitingIdea = await insertPhoto({ idea: waiting, author: author.id! });
		photo.hiddenIdea = await insertPhoto({ idea: hiddenIdea, author: author.id! });
	});

	const ideaOf = (key: string) =>
		key === 'waitingIdea' ? waiting : key === 'hiddenIdea' ? hiddenIdea : published;

	// Who sees which photo: everyone a stored, shown photo of a public idea; the author and the
	// moderators, staff and admins every photo; nobody else a waiting, hidden or unstored one.
	const CASES: [string, string[]][] = [
		['public', ['anon', 'other', 'author', 'moderator', 'staff', 'admin']],
		['unstored', ['author', 'moderator', 'staff', 'admin']],
		['hidden', ['author', 'moderator', 'staff', 'admin']],
		['waitingIdea', ['author', 'moderator', 'staff', 'admin']],
		['hiddenIdea', ['author', 'moderator', 'staff', 'admin']]
	];
	const who = () => ({ anon: anon(), other, author, moderator, staff, admin });

	test.each(CASES)('the %s photo: its row', async (key, allowed) => {
		for (const [name, actor] of Object.entries(who())) {
			expect(await seesRow(actor, photo[key]!), `${key} as ${name}`).toBe(allowed.includes(name));
		}
	});

	// The files are the server's alone (ADR 020): the row above is the gate, the app reads the file
	// with the service role. Nobody's own token reads one, not even a photo everyone may see: a
	// direct read could mint a signed URL that outlives the photo's hiding.
	test.each(CASES.filter(([key]) => key !== 'unstored'))(
		'the %s photo: its files, by nobody but the service role',
		async (key) => {
			for (const [name, actor] of Object.entries(who())) {
				const caller: Caller = name === 'anon' ? 'anon' : actor;
				for (const size of ['thumb', 'medium', 'full']) {
					const rows = await asCaller(
						caller,
						(tx) => tx`select name from storage.objects where bucket_id = ${BUCKET}
							and name = ${objectName(ideaOf(key), photo[key]!, size)}`
					);
					expect(rows, `${key} ${size} as ${name}`).toHaveLength(0);
				}
			}
			expect(await readsFile('service', ideaOf(key), photo[key]!)).toBe(true);
		}
	);

	test('the author reads why a photo was hidden; nobody reads who hid it', async () => {
		const { data } = await author.client
			.from('idea_photos')
			.select('hidden_at, hidden_reason')
			.eq('id', photo.hidden!);
		expect(data).toEqual([{ hidden_at: expect.any(String), hidden_reason: 'Zeigt eine Person' }]);
		for (const actor of [author, moderator, admin]) {
			const { error } = await actor.client.from('idea_photos').select('hidden_by').limit(1);
			expect(error?.code).toBe('42501');
		}
	});

	test('a file whose photo row is gone is read by nobody but the service role', async () => {
		const stray = randomUUID();
		await sql`insert into storage.objects (bucket_id, name) values (${BUCKET}, ${objectName(published, stray)})`;
		for (const caller of ['anon', other, author, moderator] as Caller[]) {
			expect(await readsFile(caller, published, stray)).toBe(false);
		}
		expect(await readsFile('service', published, stray)).toBe(true);
	});
});

describe('only the server uploads', () => {
	test('nobody uploads or replaces a file of the bucket with their own token', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const id = randomUUID();
		await add(author, idea, id);
		for (const caller of ['anon', author, other, moderator, staff, admin] as Caller[]) {
			const inserted = await asCaller(
				caller,
				(tx) => tx`insert into storage.objects (bucket_id, name, owner)
					values (${BUCKET}, ${objectName(idea, id)}, ${typeof caller === 'string' ? null : caller.id})
					returning id`
			);
			expect(inserted, `upload as ${typeof caller === 'string' ? caller : caller.name}`).toBe(
				'42501'
			);
		}
		expect((await photosOf(idea))[0]!.stored_at).toBeNull();

		await storeFiles(idea, id);
		for (const caller of ['anon', author, other, moderator, staff, admin] as Caller[]) {
			const updated = await asCaller(
				caller,
				(tx) => tx`update storage.objects set metadata = '{"mimetype":"text/html"}'
					where bucket_id = ${BUCKET} and name like ${`${idea}/%`} returning id`
			);
			expect(updated).toEqual([]);
		}
		const uploaded = await asCaller(
			'service',
			(tx) => tx`insert into storage.objects (bucket_id, name)
				values (${BUCKET}, ${objectName(idea, randomUUID())}) returning id`
		);
		expect(uploaded).toHaveLength(1);
	});
});

describe('removing', () => {
	test('the author removes a photo of their waiting idea; its files are queued', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const id = await insertPhoto({ idea, author: author.id! });
		const { data, error } = await author.client.rpc('remove_idea_photo', { p_id: id });
		expect(error).toBeNull();
		expect(data).toBe(true);
		expect(await photosOf(idea)).toEqual([]);
		expect(await queued(idea, id)).toEqual(ALL_THREE(idea, id));
		// A replay finds nothing left to remove.
		expect((await author.client.rpc('remove_idea_photo', { p_id: id })).data).toBe(false);
		expect(await queued(idea, id)).toHaveLength(3);
	});

	test('others may not; the author not once the idea is settled; moderators always, audited', async () => {
		const idea = await settledIdea(author.id);
		const id = await insertPhoto({ idea, author: author.id! });
		expectCode(
			(await other.client.rpc('remove_idea_photo', { p_id: id })).error,
			'forbidden',
			'42501'
		);
		expectCode(
			(await author.client.rpc('remove_idea_photo', { p_id: id })).error,
			'idea_not_editable',
			'PT409'
		);
		expect((await anon().client.rpc('remove_idea_photo', { p_id: id })).error?.code).toBe('42501');
		expect(await photosOf(idea)).toHaveLength(1);
		expect(await queued(idea, id)).toEqual([]);

		for (const who of [moderator, staff, admin]) {
			const photo = await insertPhoto({ idea, author: author.id! });
			expect((await who.client.rpc('remove_idea_photo', { p_id: photo })).data).toBe(true);
			expect(await queued(idea, photo)).toEqual(ALL_THREE(idea, photo));
			const [audit] = await sql`select actor_id, action, details from public.audit_log
				where target_table = 'idea_photos' and target_id = ${photo}`;
			expect(audit).toEqual({
				actor_id: who.id,
				action: 'idea_photos.remove',
				details: { idea_id: idea, alt_text: 'Ein Foto vom Ort' }
			});
		}
	});

	test('a department-scoped staff member removes photos of their departments’ ideas only; hiding is town-wide', async () => {
		const [scoped, admin2] = [await createUser({ role: 'staff' }), admin];
		const [mine, theirs] = (
			await sql<{ id: number }[]>`select id from public.departments order by id limit 2`
		).map((row) => row.id);
		expect(
			(await admin2.client.rpc('set_user_departments', { user_id: scoped.id, departments: [mine] }))
				.error
		).toBeNull();
		expect(
			(await admin2.client.rpc('set_user_department_scope', { user_id: scoped.id, scoped: true }))
				.error
		).toBeNull();
		const [own, foreign] = [
			await insertIdea({ author: author.id }),
			await insertIdea({ author: author.id })
		];
		await sql`update public.ideas set department_id = ${mine!} where id = ${own}`;
		await sql`update public.ideas set department_id = ${theirs!} where id = ${foreign}`;
		const [ownPhoto, foreignPhoto] = [
			await insertPhoto({ idea: own, author: other.id! }),
			await insertPhoto({ idea: foreign, author: other.id! })
		];
		expectCode(
			(await scoped.client.rpc('remove_idea_photo', { p_id: foreignPhoto })).error,
			'out_of_scope',
			'42501'
		);
		expect(await photosOf(foreign)).toHaveLength(1);
		expect(
			(
				await scoped.client.rpc('hide_idea_photo', {
					p_id: foreignPhoto,
					p_reason: 'Zeigt ein Kennzeichen'
				})
			).error
		).toBeNull();
		expect((await scoped.client.rpc('remove_idea_photo', { p_id: ownPhoto })).data).toBe(true);
	});

	test('files are deleted through Storage by the service role only (remove_idea_photo and the worker decide)', async () => {
		const waiting = await insertIdea({ author: author.id, status: 'submitted' });
		const settled = await settledIdea(author.id);
		const mine = await insertPhoto({ idea: waiting, author: author.id! });
		const kept = await insertPhoto({ idea: settled, author: author.id! });
		const remove = (caller: Caller, idea: string, photo: string) =>
			asCaller(
				caller,
				(tx) => tx`delete from storage.objects where bucket_id = ${BUCKET}
					and name = any (${ALL_THREE(idea, photo)}) returning name`
			);
		// A direct delete would skip remove_idea_photo's rules (department scope) and its audit.
		for (const caller of ['anon', other, author, moderator, staff, admin] as Caller[]) {
			expect(await remove(caller, waiting, mine)).toEqual([]);
			expect(await remove(caller, settled, kept)).toEqual([]);
		}
		expect(await remove('service', settled, kept)).toHaveLength(3);
		// Without the Storage service's setting, SQL deletes nothing, as on Supabase.
		await expect(
			sql`delete from storage.objects where bucket_id = ${BUCKET} and name = ${objectName(settled, kept)}`
		).rejects.toMatchObject({ code: '42501' });
	});

	test('a deleted idea queues its photos’ files', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const [a, b] = [
			await insertPhoto({ idea, author: author.id! }),
			await insertPhoto({ idea, author: author.id!, stored: false })
		];
		// The author withdraws the waiting idea (RLS allows the delete).
		const { error } = await author.client.from('ideas').delete().eq('id', idea);
		expect(error).toBeNull();
		expect(await photosOf(idea)).toEqual([]);
		expect(await queued(idea, a!)).toEqual(ALL_THREE(idea, a!));
		expect(await queued(idea, b!)).toEqual(ALL_THREE(idea, b!));
	});
});

describe('the removal queue', () => {
	test('no API caller reads or changes it', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const id = await insertPhoto({ idea, author: author.id! });
		await sql`delete from public.idea_photos where id = ${id}`;
		for (const actor of [anon(), author, moderator, admin]) {
			const { data, error } = await actor.client.from('storage_removals').select('object_name');
			expect(data ?? [], actor.name).toEqual([]);
			expect(error?.code).toBe('42501');
			await actor.client.from('storage_removals').delete().like('object_name', `${idea}/%`);
		}
		const read = await service.from('storage_removals').select('object_name');
		expect(read.error?.code).toBe('42501');
		expect(await queued(idea, id)).toHaveLength(3);
	});

	test('the worker claims, removes and retries', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const id = await insertPhoto({ idea, author: author.id! });
		await sql`delete from public.idea_photos where id = ${id}`;
		// Whatever else is queued now was queued by other tests: claim until ours are among them.
		const claimed = await notifier<{ id: string; object_name: string }[]>`
			select * from private.claim_storage_removals(1000, 300)`;
		const ours = claimed.filter((r) => r.object_name.startsWith(`${idea}/`));
		expect(ours.map((r) => r.object_name).sort()).toEqual(ALL_THREE(idea, id));
		// Leased: not claimed twice.
		const again = await notifier<{ object_name: string }[]>`
			select * from private.claim_storage_removals(1000, 300)`;
		expect(again.filter((r) => r.object_name.startsWith(`${idea}/`))).toEqual([]);

		await notifier`select private.storage_removal_failed(${ours[0]!.id}, 'storage unreachable')`;
		const [failed] = await sql`select attempts, last_error, not_before > now() as later
			from public.storage_removals where id = ${ours[0]!.id}`;
		expect(failed).toEqual({ attempts: 1, last_error: 'storage unreachable', later: true });

		const { n } = (
			await notifier<{ n: number }[]>`
			select private.storage_removed(${ours.slice(1).map((r) => r.id)}::bigint[]) as n`
		)[0]!;
		expect(n).toBe(2);
		// The worker may read and delete rows directly as well.
		const direct = await notifier`select id from public.storage_removals where id = ${ours[0]!.id}`;
		expect(direct).toHaveLength(1);
		await notifier`delete from public.storage_removals where id = ${ours[0]!.id}`;
		expect(await queued(idea, id)).toEqual([]);
		// And nothing else.
		await expect(notifier`select id from public.idea_photos limit 1`).rejects.toMatchObject({
			code: '42501'
		});
		await expect(
			notifier`insert into public.storage_removals (bucket_id, object_name) values ('x', 'y')`
		).rejects.toMatchObject({ code: '42501' });
	});

	test('a queued file whose photo was registered again is dropped, not removed', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const id = randomUUID();
		await add(author, idea, id);
		await author.client.rpc('remove_idea_photo', { p_id: id });
		expect(await queued(idea, id)).toHaveLength(3);
		expect((await add(author, idea, id)).error).toBeNull();
		const claimed = await notifier<{ object_name: string }[]>`
			select * from private.claim_storage_removals(1000, 300)`;
		expect(claimed.filter((r) => r.object_name.startsWith(`${idea}/`))).toEqual([]);
		expect(await queued(idea, id)).toEqual([]);
	});
});

describe('moderation', () => {
	test('moderators hide a photo with a reason and show it again, audited', async () => {
		const idea = await settledIdea(author.id);
		const id = await insertPhoto({ idea, author: author.id! });
		expectCode(
			(await other.client.rpc('hide_idea_photo', { p_id: id, p_reason: 'Nein' })).error,
			'forbidden',
			'42501'
		);
		expectCode(
			(await author.client.rpc('hide_idea_photo', { p_id: id, p_reason: 'Nein' })).error,
			'forbidden',
			'42501'
		);
		expectCode(
			(await moderator.client.rpc('hide_idea_photo', { p_id: id, p_reason: '  ' })).error,
			'reason_required'
		);
		expectCode(
			(await moderator.client.rpc('hide_idea_photo', { p_id: id, p_reason: '<b>x</b>' })).error,
			'reason_invalid'
		);
		expectCode(
			(await moderator.client.rpc('hide_idea_photo', { p_id: randomUUID(), p_reason: 'Grund' }))
				.error,
			'photo_not_found',
			'PT404'
		);
		expect(await seesRow(other, id)).toBe(true);

		const hidden = await staff.client.rpc('hide_idea_photo', {
			p_id: id,
			p_reason: ' Zeigt ein Kennzeichen '
		});
		expect(hidden.error).toBeNull();
		expect(hidden.data).toMatchObject({
			hidden_reason: 'Zeigt ein Kennzeichen',
			hidden_by: staff.id
		});
		expect(await seesRow(other, id)).toBe(false);
		expect(await seesRow(author, id)).toBe(true);

		expectCode(
			(await author.client.rpc('unhide_idea_photo', { p_id: id })).error,
			'forbidden',
			'42501'
		);
		const shown = await moderator.client.rpc('unhide_idea_photo', { p_id: id });
		expect(shown.data).toMatchObject({ hidden_at: null, hidden_reason: null, hidden_by: null });
		expect(await seesRow(other, id)).toBe(true);

		const audit = await sql`select actor_id, action, details from public.audit_log
			where target_table = 'idea_photos' and target_id = ${id} order by id`;
		expect(audit).toEqual([
			{
				actor_id: staff.id,
				action: 'idea_photos.hide',
				details: { idea_id: idea, reason: 'Zeigt ein Kennzeichen' }
			},
			{
				actor_id: moderator.id,
				action: 'idea_photos.restore',
				details: { idea_id: idea, reason: 'Zeigt ein Kennzeichen' }
			}
		]);
	});
});

describe('reports on photos', () => {
	test('members report a photo they see, once each; not one they cannot see', async () => {
		const idea = await settledIdea(author.id);
		const shown = await insertPhoto({ idea, author: author.id! });
		const unstored = await insertPhoto({ idea, author: author.id!, stored: false });
		const first = await other.client
			.from('reports')
			.insert({ photo_id: shown, reason: 'personal_data' });
		expect(first.error).toBeNull();
		const twice = await other.client.from('reports').insert({ photo_id: shown, reason: 'spam' });
		expect(twice.error?.code).toBe('23505');
		const unseen = await other.client
			.from('reports')
			.insert({ photo_id: unstored, reason: 'spam' });
		expect(unseen.error?.code).toBe('42501');
		const both = await moderator.client
			.from('reports')
			.insert({ photo_id: shown, idea_id: idea, reason: 'spam' });
		expect(both.error?.code).toBe('23514');
		expect(
			(await anon().client.from('reports').insert({ photo_id: shown, reason: 'spam' })).error
		).not.toBeNull();
		const rows = await sql`select reporter_id, idea_id, comment_id from public.reports
			where photo_id in (${shown}, ${unstored})`;
		expect(rows).toEqual([{ reporter_id: other.id, idea_id: null, comment_id: null }]);
		// The reporter sees their report; a reported photo's removal takes its reports along.
		const mine = await other.client.from('reports').select('photo_id').eq('photo_id', shown);
		expect(mine.data).toEqual([{ photo_id: shown }]);
		await moderator.client.rpc('remove_idea_photo', { p_id: shown });
		const { n } = (
			await sql<{ n: number }[]>`select count(*)::int as n from public.reports
			where photo_id = ${shown}`
		)[0]!;
		expect(n).toBe(0);
	});

	test('hiding a photo resolves its open reports and tells each reporter', async () => {
		const idea = await settledIdea(author.id);
		const id = await insertPhoto({ idea, author: author.id! });
		const untouched = await insertPhoto({ idea, author: author.id! });
		const reporter = await createUser();
		for (const who of [other, reporter]) {
			expect(
				(await who.client.from('reports').insert({ photo_id: id, reason: 'offensive' })).error
			).toBeNull();
		}
		expect(
			(await other.client.from('reports').insert({ photo_id: untouched, reason: 'spam' })).error
		).toBeNull();

		expect(
			(await moderator.client.rpc('hide_idea_photo', { p_id: id, p_reason: 'Beleidigend' })).error
		).toBeNull();

		const reports = await sql`select reporter_id, status::text, resolved_by, resolution_note
			from public.reports where photo_id = ${id} order by reporter_id`;
		expect(reports).toEqual(
			[other.id, reporter.id].sort().map((reporter_id) => ({
				reporter_id,
				status: 'resolved',
				resolved_by: moderator.id,
				resolution_note: 'Beleidigend'
			}))
		);
		const [open] = await sql`select status::text from public.reports where photo_id = ${untouched}`;
		expect(open).toEqual({ status: 'open' });
		const audit = await sql`select action, details from public.audit_log
			where target_table = 'reports' and details ->> 'photo_id' = ${id}`;
		expect(audit).toHaveLength(2);
		expect(audit[0]).toMatchObject({ action: 'reports.resolved', details: { idea_id: null } });
		const events = await sql`select details from private.notification_events
			where idea_id = ${idea} and kind = 'report_resolved' order by details ->> 'reporter_id'`;
		expect(events.map((e) => e.details)).toEqual(
			[other.id, reporter.id]
				.sort()
				.map((reporter_id) => ({ reporter_id, target: 'photo', outcome: 'hidden' }))
		);
		// A report dismissed tells its reporter the photo stays.
		const [r] = await sql<
			{ id: string }[]
		>`select id from public.reports where photo_id = ${untouched}`;
		expect(
			(await moderator.client.rpc('resolve_report', { report: r!.id, status: 'dismissed' })).error
		).toBeNull();
		const [told] = await sql`select details from private.notification_events
			where idea_id = ${idea} and kind = 'report_resolved' and details ->> 'outcome' = 'visible'`;
		expect(told!.details).toEqual({ reporter_id: other.id, target: 'photo', outcome: 'visible' });
	});
});

describe('the account', () => {
	test('the export lists the person’s photos with their files', async () => {
		const me = await createUser();
		const idea = await insertIdea({ author: me.id, status: 'submitted' });
		const stored = randomUUID();
		const waiting = randomUUID();
		await add(me, idea, stored, 'Die Ladesäule');
		await add(me, idea, waiting, 'Der Platz davor');
		await storeFiles(idea, stored);
		await sql`update public.idea_photos set hidden_at = now(), hidden_reason = 'Ein Grund'
			where id = ${waiting}`;
		const { data, error } = await me.client.rpc('export_my_data');
		expect(error).toBeNull();
		expect((data as { photos: unknown[] }).photos).toEqual([
			{
				id: stored,
				idea_id: idea,
				position: 0,
				alt_text: 'Die Ladesäule',
				width: 1600,
				height: 1200,
				bytes: 250_000,
				created_at: expect.any(String),
				stored_at: expect.any(String),
				hidden_reason: null,
				files: {
					bucket: BUCKET,
					full: objectName(idea, stored),
					medium: objectName(idea, stored, 'medium'),
					thumb: objectName(idea, stored, 'thumb')
				}
			},
			expect.objectContaining({ id: waiting, hidden_reason: 'Ein Grund', files: null })
		]);
		const theirs = await other.client.rpc('export_my_data');
		expect(JSON.stringify(theirs.data)).not.toContain(stored);
	});

	test('erasing an account removes its photos, also on ideas that stay, and queues their files', async () => {
		const me = await createUser();
		const kept = await insertIdea({ author: me.id, status: 'submitted' });
		const pending = await insertIdea({ author: me.id, status: 'submitted' });
		const onKept = randomUUID();
		const onPending = randomUUID();
		await add(me, kept, onKept);
		await add(me, pending, onPending);
		await sql`update public.ideas set status = 'published' where id = ${kept}`;
		const someoneElses = await insertPhoto({
			idea: await insertIdea({ author: other.id }),
			author: other.id!
		});

		const { data, error } = await me.client.rpc('delete_my_account');
		expect(error).toBeNull();
		expect(data).toMatchObject({ photos_deleted: 2, ideas_deleted: 1, ideas_anonymised: 1 });
		expect(await photosOf(kept)).toEqual([]);
		expect(await queued(kept, onKept)).toEqual(ALL_THREE(kept, onKept));
		expect(await queued(pending, onPending)).toEqual(ALL_THREE(pending, onPending));
		const [left] =
			await sql`select count(*)::int as n from public.idea_photos where id = ${someoneElses}`;
		expect(left).toEqual({ n: 1 });
	});
});

describe('thumbnails in the list and on the map', () => {
	test('each public idea comes with its first shown photo, or none', async () => {
		const title = `Fotoprobe ${randomUUID().slice(0, 8)}`;
		const [withPhotos, hiddenFirst, without] = await Promise.all([
			insertIdea({ author: author.id, title: `${title} eins` }),
			insertIdea({ author: author.id, title: `${title} zwei` }),
			insertIdea({ author: author.id, title: `${title} drei` })
		]);
		const unstored = await insertPhoto({ idea: withPhotos, author: author.id!, stored: false });
		const first = await insertPhoto({ idea: withPhotos, author: author.id! });
		await insertPhoto({ idea: withPhotos, author: author.id! });
		await insertPhoto({ idea: hiddenFirst, author: author.id!, hidden: true });
		const second = await insertPhoto({ idea: hiddenFirst, author: author.id! });
		const expected = (id: string) => ({
			id,
			alt: 'Ein Foto vom Ort',
			width: 1600,
			height: 1200
		});
		expect(unstored).not.toBe(first);

		const { data, error } = await anon().client.rpc('search_ideas', {
			q: title,
			sort: 'newest',
			max_results: 10
		});
		expect(error).toBeNull();
		const rows = data as { id: string; photo: unknown }[];
		const photoOf = new Map(rows.map((r) => [r.id, r.photo]));
		expect(photoOf.get(withPhotos)).toEqual(expected(first));
		expect(photoOf.get(hiddenFirst)).toEqual(expected(second));
		expect(photoOf.get(without)).toBeNull();
		// The rows keep their order: that of the search itself.
		const inner = await sql<{ id: string }[]>`select id
			from private.search_idea_rows(${title}, '{}', 'newest', 10, 0, null, null)`;
		expect(rows.map((r) => r.id)).toEqual(inner.map((r) => r.id));
		expect(inner).toHaveLength(3);

		const d = 0.0005;
		const map = await anon().client.rpc('ideas_in_bbox', {
			min_lat: INSIDE.lat - d,
			min_lng: INSIDE.lng - d,
			max_lat: INSIDE.lat + d,
			max_lng: INSIDE.lng + d,
			zoom: 19
		});
		expect(map.error).toBeNull();
		const answer = map.data as { mode: string; items: { id: string; photo: unknown }[] };
		expect(answer.mode).toBe('points');
		const onMap = new Map(answer.items.map((i) => [i.id, i.photo]));
		expect(onMap.get(withPhotos)).toEqual(expected(first));
		expect(onMap.get(hiddenFirst)).toEqual(expected(second));
		expect(onMap.get(without)).toBeNull();
	});
});

describe('the idea page', () => {
	test('embeds the photos the visitor may see, in their order', async () => {
		const idea = await insertIdea({ author: author.id });
		const hidden = await insertPhoto({ idea, author: author.id!, hidden: true });
		const shown = await insertPhoto({ idea, author: author.id! });
		const waiting = await insertPhoto({ idea, author: author.id!, stored: false });
		const page = (who: Actor) =>
			who.client
				.from('ideas')
				.select('id, photos:idea_photos(id, position, alt_text, width, height, hidden_reason)')
				.eq('id', idea)
				.order('position', { referencedTable: 'idea_photos' })
				.single();
		const visitor = await page(anon());
		expect(visitor.error).toBeNull();
		expect(visitor.data!.photos.map((p) => p.id)).toEqual([shown]);
		const own = await page(author);
		expect(own.data!.photos.map((p) => [p.id, p.hidden_reason])).toEqual([
			[hidden, 'Zeigt eine Person'],
			[shown, null],
			[waiting, null]
		]);
	});
});
