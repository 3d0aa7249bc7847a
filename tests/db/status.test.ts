import { beforeAll, describe, expect, test } from 'vitest';
import {
	type Actor,
	createUser,
	expectCode,
	ideaRow,
	insertIdea,
	service,
	sql,
	withSettings,
	INSIDE
} from './helpers.ts';

const STATUSES = [
	'submitted',
	'published',
	'under_review',
	'accepted',
	'planned',
	'in_progress',
	'implemented',
	'declined',
	'merged',
	'hidden'
] as const;
type Status = (typeof STATUSES)[number];
const LINE: Status[] = [
	'submitted',
	'published',
	'under_review',
	'accepted',
	'planned',
	'in_progress',
	'implemented'
];

/**
 * The lifecycle as docs/data-model.md describes it, written independently of the SQL: forward
 * along the main line, back one step; declined from the open states (with a reason) and
 * reconsidered from there; merged through merge_ideas only; hidden from anywhere, restored only by
 * restore_idea.
 */
function expected(from: Status, to: Status): true | string {
	if (from === to) return true;
	if (from === 'hidden') return 'use_restore_idea';
	if (to === 'merged') return 'use_merge_ideas';
	if (to === 'hidden') return true;
	if (from === 'merged' || to === 'submitted') return 'invalid_status_transition';
	if (to === 'declined')
		return ['published', 'under_review', 'accepted', 'planned'].includes(from)
			? true
			: 'invalid_status_transition';
	if (from === 'declined') return to === 'under_review' ? true : 'invalid_status_transition';
	if (from === 'submitted') return to === 'published' ? true : 'invalid_status_transition';
	const a = LINE.indexOf(from);
	const b = LINE.indexOf(to);
	return b > a || b === a - 1 ? true : 'invalid_status_transition';
}

let staff: Actor;
let moderator: Actor;
let author: Actor;

beforeAll(async () => {
	[staff, moderator, author] = await Promise.all([
		createUser({ role: 'admin' }),
		createUser({ role: 'moderator' }),
		createUser()
	]);
});

async function fixture(status: Status): Promise<string> {
	if (status === 'merged') {
		const target = await insertIdea({ author: author.id });
		const id = await insertIdea({ author: author.id });
		await sql`update public.ideas set status = 'merged', merged_into = ${target} where id = ${id}`;
		return id;
	}
	return insertIdea({ author: author.id, status });
}

describe('every status transition through set_idea_status', () => {
	const pairs = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const));
	test.each(pairs)('%s → %s', async (from, to) => {
		const id = await fixture(from);
		const before = await ideaRow(id);
		const { data, error } = await staff.client.rpc('set_idea_status', {
			idea: id,
			status: to,
			reason: 'Begründung für die Änderung.'
		});
		const want = expected(from, to);
		const after = await ideaRow(id);
		if (want === true) {
			expect(error).toBeNull();
			expect(data.status).toBe(to);
			expect(after!.status).toBe(to);
		} else {
			expectCode(error, want);
			expect(after!.status).toBe(from);
			expect(after!.version).toBe(before!.version);
		}
	});
});

describe('rules of particular transitions', () => {
	test('declining needs a public reason, which everyone then reads', async () => {
		const id = await insertIdea({ author: author.id });
		const bad = await staff.client.rpc('set_idea_status', { idea: id, status: 'declined' });
		expectCode(bad.error, 'reason_required', 'P0001');
		const blank = await staff.client.rpc('set_idea_status', {
			idea: id,
			status: 'declined',
			reason: '   '
		});
		expectCode(blank.error, 'reason_required');
		expect((await ideaRow(id))!.status).toBe('published');
		const ok = await staff.client.rpc('set_idea_status', {
			idea: id,
			status: 'declined',
			reason: 'Rechtlich nicht möglich.'
		});
		expect(ok.error).toBeNull();
		const { data } = await author.client
			.from('idea_events')
			.select('to_status, body')
			.eq('idea_id', id);
		expect(data).toContainEqual({ to_status: 'declined', body: 'Rechtlich nicht möglich.' });
	});

	test('hiding needs a reason the author sees; others no longer see the idea; restore brings it back', async () => {
		const id = await insertIdea({ author: author.id, status: 'under_review' });
		expectCode(
			(await moderator.client.rpc('set_idea_status', { idea: id, status: 'hidden' })).error,
			'reason_required'
		);
		const hide = await moderator.client.rpc('set_idea_status', {
			idea: id,
			status: 'hidden',
			reason: 'Enthält persönliche Daten.'
		});
		expect(hide.error).toBeNull();
		const mine = await author.client
			.from('ideas')
			.select('status, status_reason')
			.eq('id', id)
			.single();
		expect(mine.data).toEqual({ status: 'hidden', status_reason: 'Enthält persönliche Daten.' });
		const stranger = await createUser();
		expect((await stranger.client.from('ideas').select('id').eq('id', id)).data).toEqual([]);

		const restored = await moderator.client.rpc('restore_idea', { idea: id });
		expect(restored.error).toBeNull();
		expect(restored.data.status).toBe('under_review');
		expect(restored.data.status_reason).toBeNull();
		expectCode((await moderator.client.rpc('restore_idea', { idea: id })).error, 'idea_not_hidden');
	});

	test('a moderator approves but does not triage', async () => {
		const id = await insertIdea({ author: author.id, status: 'submitted' });
		expect(
			(await moderator.client.rpc('set_idea_status', { idea: id, status: 'published' })).error
		).toBeNull();
		expectCode(
			(await moderator.client.rpc('set_idea_status', { idea: id, status: 'under_review' })).error,
			'forbidden',
			'42501'
		);
		expectCode(
			(await author.client.rpc('set_idea_status', { idea: id, status: 'hidden', reason: 'x' }))
				.error,
			'forbidden'
		);
	});

	test('setting the current status again is a harmless no-op', async () => {
		const id = await insertIdea({ author: author.id, status: 'under_review' });
		const first = await staff.client.rpc('set_idea_status', { idea: id, status: 'under_review' });
		expect(first.error).toBeNull();
		expect((await ideaRow(id))!.version).toBe(1);
	});

	test('even the service role and the superuser cannot skip the lifecycle', async () => {
		const id = await insertIdea({ author: author.id, status: 'submitted' });
		const { error } = await service.from('ideas').update({ status: 'implemented' }).eq('id', id);
		expectCode(error, 'invalid_status_transition');
		await expect(sql`update public.ideas set status = 'declined' where id = ${id}`).rejects.toThrow(
			/invalid_status_transition/
		);
		expect((await ideaRow(id))!.status).toBe('submitted');
	});

	test('each change writes one public event and exactly one audit row', async () => {
		const id = await insertIdea({ author: author.id });
		await staff.client.rpc('set_idea_status', {
			idea: id,
			status: 'accepted',
			reason: 'Machen wir.'
		});
		const events =
			await sql`select kind, from_status, to_status, body, actor_id from public.idea_events where idea_id = ${id}`;
		expect(events).toEqual([
			{
				kind: 'status_change',
				from_status: 'published',
				to_status: 'accepted',
				body: 'Machen wir.',
				actor_id: staff.id
			}
		]);
		const audit =
			await sql`select action, actor_id, actor_role, details from public.audit_log where target_id = ${id}`;
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({
			action: 'ideas.set_status',
			actor_id: staff.id,
			actor_role: 'admin',
			details: { from: 'published', to: 'accepted', reason: 'Machen wir.' }
		});
	});
});

describe('optimistic concurrency', () => {
	test('two staff editing one idea: the second gets version_conflict and changes nothing', async () => {
		const other = await createUser({ role: 'staff' });
		const id = await insertIdea({ author: author.id });
		const seen = (await ideaRow(id))!.version as number;
		const first = await staff.client.rpc('triage_idea', {
			idea: id,
			patch: { priority: 'high' },
			expected_version: seen
		});
		expect(first.error).toBeNull();
		expect(first.data.version).toBe(seen + 1);
		const second = await other.client.rpc('set_idea_status', {
			idea: id,
			status: 'under_review',
			expected_version: seen
		});
		expectCode(second.error, 'version_conflict', 'PT409');
		expect(second.error.details).toMatch(/version/);
		expect((await ideaRow(id))!.status).toBe('published');
	});

	test('an author edit bumps the version too', async () => {
		const id = await insertIdea({ author: author.id, status: 'submitted' });
		await author.client.from('ideas').update({ title: 'Ein besserer Titel' }).eq('id', id);
		expect((await ideaRow(id))!.version).toBe(2);
	});

	test('triage validates what it writes', async () => {
		const id = await insertIdea({ author: author.id });
		expectCode(
			(await staff.client.rpc('triage_idea', { idea: id, patch: { assignee_id: author.id } }))
				.error,
			'assignee_not_staff'
		);
		expectCode(
			(await staff.client.rpc('triage_idea', { idea: id, patch: { status: 'accepted' } })).error,
			'patch_invalid'
		);
		expectCode(
			(await staff.client.rpc('triage_idea', { idea: id, patch: { tags: ['<b>'] } })).error,
			'tags_invalid'
		);
		const ok = await staff.client.rpc('triage_idea', {
			idea: id,
			patch: { assignee_id: staff.id, tags: ['WLAN', 'schule'], department_id: null }
		});
		expect(ok.error).toBeNull();
		expect(ok.data).toMatchObject({ assignee_id: staff.id, tags: ['schule', 'wlan'] });
		const note =
			await sql`select is_internal from public.idea_events where idea_id = ${id} and kind = 'triage'`;
		expect(note).toEqual([{ is_internal: true }]);
	});
});

describe('moderation mode', () => {
	test('pre-moderation: a new idea waits as submitted; post-moderation: it is published at once', async () => {
		const writer = await createUser();
		const pre = await withSettings(
			{ moderation_mode: 'pre' },
			async () =>
				await writer.client.rpc('submit_idea', {
					id: crypto.randomUUID(),
					title: 'Vorab geprüft',
					body: '',
					...INSIDE,
					field_slug: 'kultur'
				})
		);
		expect(pre.error).toBeNull();
		expect(pre.data.status).toBe('submitted');
		const post = await withSettings(
			{ moderation_mode: 'post' },
			async () =>
				await writer.client.rpc('submit_idea', {
					id: crypto.randomUUID(),
					title: 'Sofort sichtbar',
					body: '',
					...INSIDE,
					field_slug: 'kultur'
				})
		);
		expect(post.error).toBeNull();
		expect(post.data.status).toBe('published');
		expect(post.data.published_at).not.toBeNull();
	});
});

describe('idea_next_statuses', () => {
	test('offers exactly the statuses the lifecycle allows next, in the lifecycle’s order', async () => {
		for (const from of STATUSES) {
			const { data, error } = await staff.client.rpc('idea_next_statuses', { from_status: from });
			expect(error).toBeNull();
			const [allowed] = await sql<{ next: Status[] }[]>`
				select coalesce(array_agg(s order by s), '{}') as next
				from unnest(enum_range(null::public.idea_status)) s
				where public.idea_transition_allowed(${from}::public.idea_status, s)`;
			expect(data, from).toEqual(allowed!.next);
			// And as this file's own reading of the lifecycle has it (merging and hiding included).
			const independent = STATUSES.filter(
				(to) =>
					to !== from &&
					from !== 'hidden' &&
					(expected(from, to) === true || (to === 'merged' && mergeableFrom(from)))
			);
			expect(data, from).toEqual(independent);
		}
	});
});

function mergeableFrom(from: Status): boolean {
	return ['submitted', 'published', 'under_review', 'accepted'].includes(from);
}
