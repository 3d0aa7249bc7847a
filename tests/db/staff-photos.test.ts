import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { listAwaitingIdeas, listReportedTargets } from '$lib/server/db/staff-moderation';
import { listIdeaPhotos, setPhotoHidden } from '$lib/server/db/staff-photos';
import { removePhoto } from '$lib/server/photos/store';
import { DatabaseProblem } from '$lib/server/db/errors';
import type { Supabase } from '$lib/server/supabase';
import { type Actor, createUser, insertIdea, sql } from './helpers.ts';

/**
 * The console's photo moderation (issue 22, ADR 020) through its server functions, as the people
 * who use it, against the real stack: the waiting ideas' queue shows their photos, the report
 * queue groups photo reports per photo (and counts what the open-reports count counts), hiding
 * and showing again, and removing for good with the files queued.
 */

let author: Actor;
let reporter: Actor;
let citizen: Actor;
let moderator: Actor;
let staff: Actor;

beforeAll(async () => {
	[author, reporter, citizen, moderator, staff] = await Promise.all([
		createUser({ name: 'Fotografin Konsole' }),
		createUser(),
		createUser(),
		createUser({ role: 'moderator' }),
		createUser({ role: 'staff' })
	]);
}, 60_000);

const as = (actor: Actor) => actor.client as unknown as Supabase;

/** A photo row as add_idea_photo leaves it and, when stored, its files' rows (thumb, medium, full). */
async function insertPhoto(
	idea: string,
	options: { alt?: string; stored?: boolean; hidden?: string } = {}
): Promise<string> {
	const id = randomUUID();
	const [count] = await sql<{ n: number }[]>`select count(*)::int as n from public.idea_photos
		where idea_id = ${idea}`;
	await sql`insert into public.idea_photos (id, idea_id, author_id, position, alt_text, width,
		height, bytes, hidden_at, hidden_reason)
		values (${id}, ${idea}, ${author.id}, ${count!.n}, ${options.alt ?? `Der Ort ${id.slice(0, 6)}`}, 1600,
		1200, 250000, ${options.hidden ? new Date() : null}, ${options.hidden ?? null})`;
	if (options.stored ?? true) {
		for (const size of ['thumb', 'medium', 'full']) {
			await sql`insert into storage.objects (bucket_id, name, metadata)
				values ('idea-photos', ${`${idea}/${id}/${size}.webp`}, ${sql.json({ mimetype: 'image/webp' })})`;
		}
	}
	return id;
}

async function report(actor: Actor, photo: string, reason: string, note?: string) {
	const { error } = await actor.client
		.from('reports')
		.insert({ photo_id: photo, reason, note: note ?? null });
	expect(error).toBeNull();
}

describe('the waiting ideas queue', () => {
	test('shows every photo of a waiting idea in gallery order, hidden and unfinished ones marked', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		// The queue shows the oldest first, a page long: among the suite's waiting ideas, this one
		// must be on it.
		await sql`update public.ideas set created_at = '2001-01-01' where id = ${idea}`;
		const first = await insertPhoto(idea, { alt: 'Der Hotspot am Markt' });
		const second = await insertPhoto(idea, { hidden: 'Zeigt ein Kennzeichen' });
		const third = await insertPhoto(idea, { stored: false });
		const queued = (await listAwaitingIdeas(as(moderator))).find((i) => i.id === idea);
		expect(queued?.photos.map((p) => [p.id, p.position, p.stored, p.hiddenReason])).toEqual([
			[first, 0, true, null],
			[second, 1, true, 'Zeigt ein Kennzeichen'],
			[third, 2, false, null]
		]);
		expect(queued?.photos[0]).toMatchObject({
			ideaId: idea,
			alt: 'Der Hotspot am Markt',
			width: 1600,
			height: 1200
		});
	});
});

describe('the report queue', () => {
	test('groups a photo’s reports into one entry with the photo, its idea, reasons and notes', async () => {
		const idea = await insertIdea({ author: author.id, title: `Foto gemeldet ${randomUUID()}` });
		const photo = await insertPhoto(idea, { alt: 'Ein Gesicht ist zu sehen' });
		await report(reporter, photo, 'personal_data', 'Man erkennt mich');
		await report(citizen, photo, 'personal_data');
		const targets = await listReportedTargets(as(moderator));
		const entry = targets.find((t) => t.key === `photo:${photo}`);
		expect(entry).toMatchObject({
			kind: 'photo',
			id: photo,
			ideaId: idea,
			text: 'Ein Gesicht ist zu sehen',
			hidden: false,
			hiddenReason: null,
			reasons: [{ reason: 'personal_data', count: 2 }],
			notes: ['Man erkennt mich'],
			photo: { id: photo, ideaId: idea, alt: 'Ein Gesicht ist zu sehen', stored: true }
		});
		expect(entry?.ideaTitle).toMatch(/^Foto gemeldet /);
		expect(entry?.reportIds).toHaveLength(2);
	});

	test('lists every open report the open-reports count counts (photo reports were skipped)', async () => {
		const idea = await insertIdea({ author: author.id });
		await report(reporter, await insertPhoto(idea), 'spam');
		const targets = await listReportedTargets(as(moderator));
		const { count } = await moderator.client
			.from('reports')
			.select('id', { count: 'exact', head: true })
			.eq('status', 'open');
		expect(targets.reduce((sum, t) => sum + t.reportIds.length, 0)).toBe(count);
	});

	test('a citizen reads no reports but their own: the queue they would get is empty of others', async () => {
		const idea = await insertIdea({ author: author.id });
		await report(reporter, await insertPhoto(idea), 'spam');
		const targets = await listReportedTargets(as(citizen));
		expect(targets.filter((t) => t.kind === 'photo' && t.ideaId === idea)).toEqual([]);
	});
});

describe('hiding and showing again', () => {
	test('hiding closes the photo’s open reports; someone else’s earlier reason stays', async () => {
		const idea = await insertIdea({ author: author.id });
		const photo = await insertPhoto(idea);
		await report(reporter, photo, 'offensive');
		const hidden = await setPhotoHidden(as(moderator), photo, true, 'Beleidigend');
		expect(hidden).toMatchObject({ id: photo, hiddenReason: 'Beleidigend' });
		expect(
			await sql`select status::text, resolution_note from public.reports where photo_id = ${photo}`
		).toEqual([{ status: 'resolved', resolution_note: 'Beleidigend' }]);
		expect((await listReportedTargets(as(moderator))).some((t) => t.id === photo)).toBe(false);
		// A second moderator, from a page read before: nothing changes, the first reason is returned.
		const again = await setPhotoHidden(as(staff), photo, true, 'Anderer Grund');
		expect(again.hiddenReason).toBe('Beleidigend');

		const shown = await setPhotoHidden(as(staff), photo, false);
		expect(shown.hiddenReason).toBeNull();
		const [row] = await sql`select hidden_at, hidden_reason from public.idea_photos
			where id = ${photo}`;
		expect(row).toEqual({ hidden_at: null, hidden_reason: null });
	});

	test('is refused without a reason, to citizens and for an unknown photo; nothing changes', async () => {
		const idea = await insertIdea({ author: author.id });
		const photo = await insertPhoto(idea);
		const codeOf = (promise: Promise<unknown>) =>
			promise.then(
				() => 'no error',
				(problem: unknown) => (problem instanceof DatabaseProblem ? problem.code : String(problem))
			);
		expect(await codeOf(setPhotoHidden(as(moderator), photo, true, '  '))).toBe('reason_required');
		expect(await codeOf(setPhotoHidden(as(author), photo, true, 'Selbst'))).toBe('forbidden');
		expect(await codeOf(setPhotoHidden(as(citizen), photo, true, 'Weg damit'))).toBe('forbidden');
		expect(await codeOf(setPhotoHidden(as(moderator), randomUUID(), true, 'Grund'))).toBe(
			'photo_not_found'
		);
		const [row] = await sql`select hidden_at from public.idea_photos where id = ${photo}`;
		expect(row).toEqual({ hidden_at: null });
	});
});

describe('the staff idea page', () => {
	test('lists every photo of the idea; a citizen gets none of a waiting idea', async () => {
		const idea = await insertIdea({ author: author.id, status: 'submitted' });
		const a = await insertPhoto(idea);
		const b = await insertPhoto(idea, { hidden: 'Unscharf und privat' });
		expect((await listIdeaPhotos(as(staff), idea)).map((p) => p.id)).toEqual([a, b]);
		expect(await listIdeaPhotos(as(citizen), idea)).toEqual([]);
	});

	test('removing queues the three files; a second removal finds nothing; citizens are refused', async () => {
		const idea = await insertIdea({ author: author.id });
		const photo = await insertPhoto(idea);
		const other = await insertPhoto(idea);
		await expect(removePhoto(as(citizen), other)).rejects.toMatchObject({ code: 'forbidden' });
		expect(await removePhoto(as(staff), photo)).toBe(true);
		expect(await removePhoto(as(staff), photo)).toBe(false);
		const queued = await sql<{ object_name: string }[]>`select object_name
			from public.storage_removals where object_name like ${`${idea}/${photo}/%`}
			order by object_name`;
		expect(queued.map((r) => r.object_name)).toEqual(
			['full', 'medium', 'thumb'].map((size) => `${idea}/${photo}/${size}.webp`)
		);
		expect((await listIdeaPhotos(as(staff), idea)).map((p) => p.id)).toEqual([other]);
		const [audit] = await sql`select action from public.audit_log
			where target_id = ${photo} order by id desc limit 1`;
		expect(audit).toEqual({ action: 'idea_photos.remove' });
	});
});
