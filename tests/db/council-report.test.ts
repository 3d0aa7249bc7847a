import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Cast, createCast, expectCode, insertIdea, sql } from './helpers.ts';

let cast: Cast;

beforeAll(async () => {
	cast = await createCast();
});

/** Both figures in one statement as a staff member: one snapshot, whatever other files insert. */
async function figuresTogether(staffId: string) {
	return sql.begin(async (tx) => {
		await tx`select set_config('request.jwt.claims', ${JSON.stringify({
			sub: staffId,
			role: 'authenticated'
		})}, true)`;
		await tx`set local role authenticated`;
		const [row] = await tx<{ report: Record<string, unknown>; agenda: Record<string, unknown> }[]>`
			select public.report_figures() -> 'ideas' as report, public.response_figures() as agenda`;
		return row!;
	});
}

/** A department of its own, so its figures are this file's alone. */
async function newDepartment(): Promise<number> {
	const slug = `bericht-${randomUUID().slice(0, 8)}`;
	const [row] = await sql<{ id: number }[]>`insert into public.departments (slug, name)
		values (${slug}, ${'Fachbereich ' + slug}) returning id`;
	return row!.id;
}

describe('report_figures', () => {
	for (const who of ['anon', 'anonymous', 'citizen', 'business', 'moderator'] as const) {
		test(`refused for ${who}`, async () => {
			const { data, error } = await cast[who].client.rpc('report_figures');
			expect(data).toBeNull();
			expect(error).not.toBeNull();
			if (who !== 'anon') expectCode(error, 'forbidden', '42501');
		});
	}

	test('without filters it counts what /agenda counts (response_figures), on the same data', async () => {
		await insertIdea({ author: null, status: 'submitted' });
		await insertIdea({ author: null, status: 'hidden' });
		const answered = await insertIdea({ author: null });
		await cast.staff.client.rpc('add_idea_note', {
			idea: answered,
			body: 'Antwort.',
			is_internal: false
		});
		const { report, agenda } = await figuresTogether(cast.staff.id!);
		expect(report.received).toBe(agenda.received);
		expect(report.answered).toBe(agenda.answered);
		expect(report.share_answered).toBe(agenda.share_answered);
		expect(report.median_days_to_answer).toBe(agenda.median_days_to_answer);
		// Every idea is more than /agenda's "received": the ones awaiting approval and hidden ones.
		const [all] = await sql<{ n: number }[]>`select count(*)::int as n from public.ideas`;
		expect(all!.n).toBeGreaterThan(report.received as number);
	});

	test('filters by period and department; answer rate and median per department', async () => {
		const department = await newDepartment();
		const inPeriod = [await insertIdea({ author: null }), await insertIdea({ author: null })];
		const before = await insertIdea({ author: null });
		const waiting = await insertIdea({ author: null, status: 'submitted' });
		await sql`update public.ideas set department_id = ${department},
			created_at = '2026-03-10 10:00+01' where id in ${sql([inPeriod[0]!, inPeriod[1]!, waiting])}`;
		await sql`update public.ideas set department_id = ${department},
			created_at = '2026-02-27 23:30+01' where id = ${before}`;
		await sql`insert into public.idea_events (idea_id, kind, body, created_at)
			values (${inPeriod[0]!}, 'answer', 'Wir kümmern uns.', '2026-03-14 10:00+01')`;

		const { data, error } = await cast.staff.client.rpc('report_figures', {
			von: '2026-03-01',
			bis: '2026-03-31',
			department
		});
		expect(error).toBeNull();
		expect(data.ideas).toMatchObject({
			received: 2,
			answered: 1,
			share_answered: 0.5,
			median_days_to_answer: 4
		});
		expect(data.awaiting_approval).toBe(1);
		expect(data.by_department).toEqual([
			expect.objectContaining({
				id: department,
				received: 2,
				answered: 1,
				share_answered: 0.5,
				median_days_to_answer: 4
			})
		]);
		expect(data.answered_ideas.total).toBe(1);
		expect(data.answered_ideas.items[0]).toMatchObject({
			id: inPeriod[0],
			title: expect.any(String)
		});
		const verwaltung = data.by_field.find((f: { key: string }) => f.key === 'verwaltung');
		expect(verwaltung).toMatchObject({ received: 2, answered: 1 });
	});

	test('a measure past its target date and not done is overdue; done or dropped never', async () => {
		const department = await newDepartment();
		for (const [title, status, progress, target] of [
			['Überfällige Maßnahme', 'in_progress', 40, '2020-01-01'],
			['Erledigte Maßnahme', 'done', 100, '2020-01-01'],
			['Verworfene Maßnahme', 'dropped', 0, '2020-01-01'],
			['Laufende Maßnahme', 'approved', 10, '2099-01-01'],
			['Maßnahme ohne Termin', 'proposed', 0, null]
		] as const) {
			await sql`insert into public.measures (field_slug, title, status, progress, department_id, target_date)
				values ('verwaltung', ${title}, ${status}::public.measure_status, ${progress}, ${department}, ${target})`;
		}
		const { data } = await cast.admin.client.rpc('report_figures', { department });
		expect(data.measures).toMatchObject({ total: 5, done: 1, dropped: 1, overdue: 1, on_track: 2 });
		expect(data.measures.items[0]).toMatchObject({ title: 'Überfällige Maßnahme', overdue: true });
	});

	test('a period that ends before it starts is refused', async () => {
		const { error } = await cast.staff.client.rpc('report_figures', {
			von: '2026-03-31',
			bis: '2026-03-01'
		});
		expectCode(error, 'period_invalid', 'P0001');
	});
});

describe('dashboard_stats under filters', () => {
	test('field and period narrow every breakdown', async () => {
		const id = await insertIdea({ author: null });
		await sql`update public.ideas set created_at = '2026-05-05 12:00+02' where id = ${id}`;
		const { data, error } = await cast.staff.client.rpc('dashboard_stats', {
			since: '2026-05-04',
			until: '2026-05-10',
			field: 'verwaltung'
		});
		expect(error).toBeNull();
		expect(data.by_field.map((f: { key: string }) => f.key)).toEqual(['verwaltung']);
		const [row] = await sql<{ n: number }[]>`select count(*)::int as n from public.ideas
			where field_slug = 'verwaltung' and created_at >= '2026-05-04 00:00+02' and created_at < '2026-05-11 00:00+02'`;
		expect(data.by_field[0].ideas).toBe(row!.n);
		expect(data.weeks).toEqual([expect.objectContaining({ week: '2026-05-04', ideas: row!.n })]);
	});
});

describe('staff_export_ideas', () => {
	for (const who of ['anon', 'anonymous', 'citizen', 'business', 'moderator'] as const) {
		test(`refused for ${who}`, async () => {
			const { data, error } = await cast[who].client.rpc('staff_export_ideas');
			expect(data).toBeNull();
			expect(error).not.toBeNull();
		});
	}

	test('honours the triage filters and carries assignee, answer and measures', async () => {
		const department = await newDepartment();
		const wanted = await insertIdea({ author: null, title: 'Exportierte Idee mit Ümlaut' });
		const other = await insertIdea({ author: null, status: 'under_review' });
		await sql`update public.ideas set department_id = ${department}, assignee_id = ${cast.staff.id}
			where id in ${sql([wanted, other])}`;
		await sql`insert into public.idea_events (idea_id, kind, body)
			values (${wanted}, 'answer', 'Die offizielle Antwort.')`;
		const [measure] = await sql<{ id: string }[]>`insert into public.measures (field_slug, title)
			values ('verwaltung', 'Eine verknüpfte Maßnahme') returning id`;
		await sql`insert into public.measure_ideas (measure_id, idea_id) values (${measure!.id}, ${wanted})`;

		const { data, error } = await cast.staff.client.rpc('staff_export_ideas', {
			filters: { department: String(department), statuses: ['published'] }
		});
		expect(error).toBeNull();
		expect(data).toHaveLength(1);
		const [profile] =
			await sql`select display_name from public.profiles where id = ${cast.staff.id}`;
		expect(data![0]).toMatchObject({
			id: wanted,
			title: 'Exportierte Idee mit Ümlaut',
			assignee: profile!.display_name,
			answer: 'Die offizielle Antwort.',
			measures: 'Eine verknüpfte Maßnahme',
			department: expect.stringContaining('Fachbereich')
		});
		// Keyset: nothing after the last id of the filter.
		const next = await cast.staff.client.rpc('staff_export_ideas', {
			filters: { department: String(department) },
			after: [wanted, other].sort()[1]
		});
		expect(next.data).toEqual([]);
	});

	test('a filter of the wrong type is refused', async () => {
		const { error } = await cast.staff.client.rpc('staff_export_ideas', {
			filters: { department: 'viele' }
		});
		expectCode(error, 'filter_invalid', 'P0001');
	});
});

describe('settings.open_data_licence', () => {
	test('admins set it; staff cannot; everyone reads it', async () => {
		const staff = await cast.staff.client
			.from('settings')
			.update({ open_data_licence: 'CC-BY-4.0' })
			.eq('id', true)
			.select();
		expect(staff.data ?? []).toEqual([]);
		const { data: read } = await cast.anon.client
			.from('settings')
			.select('open_data_licence')
			.single();
		expect(read!.open_data_licence).toBe('dl-de/by-2-0');
		const admin = await cast.admin.client
			.from('settings')
			.update({ open_data_licence: 'dl-de/zero-2-0' })
			.eq('id', true)
			.select('open_data_licence');
		expect(admin.data).toEqual([{ open_data_licence: 'dl-de/zero-2-0' }]);
		await sql`update public.settings set open_data_licence = 'dl-de/by-2-0'`;
	});
});
