import { beforeAll, describe, expect, test } from 'vitest';
import { type Cast, createCast, expectCode, ideaRow, insertIdea, sql } from './helpers.ts';

let cast: Cast;
let departmentId: number;

beforeAll(async () => {
	cast = await createCast();
	const [department] = await sql<{ id: number }[]>`select id from public.departments limit 1`;
	departmentId = department!.id;
});

async function events(id: string) {
	return sql`select kind, is_internal, body, to_status from public.idea_events
		where idea_id = ${id} order by id`;
}

describe('staff_save_idea', () => {
	for (const who of ['anon', 'anonymous', 'citizen', 'business', 'moderator'] as const) {
		test(`refused for ${who}: nothing is written`, async () => {
			const id = await insertIdea({ author: cast.citizen.id });
			const { error } = await cast[who].client.rpc('staff_save_idea', {
				idea: id,
				expected_version: 1,
				status: 'under_review',
				note: 'Darf nicht landen.'
			});
			expect(error).not.toBeNull();
			if (who !== 'anon') expectCode(error, 'forbidden', '42501');
			expect((await ideaRow(id))!.status).toBe('published');
			expect(await events(id)).toEqual([]);
		});
	}

	test('staff save triage, status, answer and note at once; unchanged fields are not logged', async () => {
		const id = await insertIdea({ author: cast.citizen.id });
		await sql`update public.ideas set tags = '{laden,strom}' where id = ${id}`;
		const { data, error } = await cast.staff.client.rpc('staff_save_idea', {
			idea: id,
			expected_version: 2,
			status: 'under_review',
			triage: {
				department_id: departmentId,
				assignee_id: cast.staff.id,
				priority: 'high',
				tags: ['strom', 'Laden'],
				field_slug: 'verwaltung'
			},
			answer: 'Wir prüfen das.',
			note: 'Mit den Stadtwerken klären.'
		});
		expect(error).toBeNull();
		expect(data).toMatchObject({
			status: 'under_review',
			department_id: departmentId,
			assignee_id: cast.staff.id,
			priority: 'high',
			tags: ['laden', 'strom']
		});
		const triage = await sql`select details from public.idea_events
			where idea_id = ${id} and kind = 'triage'`;
		expect(triage).toEqual([
			{ details: { department_id: departmentId, assignee_id: cast.staff.id, priority: 'high' } }
		]);
		expect(await events(id)).toEqual([
			{ kind: 'triage', is_internal: true, body: null, to_status: null },
			{ kind: 'status_change', is_internal: false, body: null, to_status: 'under_review' },
			{ kind: 'answer', is_internal: false, body: 'Wir prüfen das.', to_status: null },
			{ kind: 'note', is_internal: true, body: 'Mit den Stadtwerken klären.', to_status: null }
		]);
	});

	test('declining: the answer is the public reason', async () => {
		const id = await insertIdea({ author: cast.citizen.id });
		const { data, error } = await cast.admin.client.rpc('staff_save_idea', {
			idea: id,
			expected_version: 1,
			status: 'declined',
			answer: 'Liegt nicht in städtischer Zuständigkeit.'
		});
		expect(error).toBeNull();
		expect(data).toMatchObject({
			status: 'declined',
			status_reason: 'Liegt nicht in städtischer Zuständigkeit.'
		});
		expect((await events(id)).map((e) => e.kind)).toEqual(['status_change']);
	});

	test('a stale version writes nothing at all', async () => {
		const id = await insertIdea({ author: cast.citizen.id });
		await sql`update public.ideas set priority = 'urgent' where id = ${id}`;
		const { error } = await cast.staff.client.rpc('staff_save_idea', {
			idea: id,
			expected_version: 1,
			status: 'under_review',
			triage: { priority: 'low' },
			note: 'Zu spät.'
		});
		expectCode(error, 'version_conflict');
		expect(await ideaRow(id)).toMatchObject({
			status: 'published',
			priority: 'urgent',
			version: 2
		});
		expect(await events(id)).toEqual([]);
	});

	test('one refused part rolls back the others', async () => {
		const id = await insertIdea({ author: cast.citizen.id });
		const { error } = await cast.staff.client.rpc('staff_save_idea', {
			idea: id,
			expected_version: 1,
			status: 'declined',
			triage: { priority: 'low' },
			note: 'Ohne Begründung abgelehnt.'
		});
		expectCode(error, 'reason_required');
		expect(await ideaRow(id)).toMatchObject({ status: 'published', priority: null, version: 1 });
		expect(await events(id)).toEqual([]);
	});

	test('nothing changed and nothing written is refused', async () => {
		const id = await insertIdea({ author: cast.citizen.id });
		const { error } = await cast.staff.client.rpc('staff_save_idea', {
			idea: id,
			expected_version: 1,
			status: 'published',
			triage: { priority: null, tags: [], department_id: null }
		});
		expectCode(error, 'nothing_to_do');
	});
});
