import { beforeAll, describe, expect, test } from 'vitest';
import {
	type Cast,
	createCast,
	expectCode,
	insertIdea,
	type MatrixRole,
	ROLES,
	sql
} from './helpers.ts';

/**
 * What a council report needs of a measure (ADR 014): its detail tables are public to read and
 * staff's to write, audited; ideas may follow their measure's status; linking, unlinking and
 * deleting a measure leave a history entry on each idea.
 */

let cast: Cast;

beforeAll(async () => {
	cast = await createCast();
}, 120_000);

const STAFF: MatrixRole[] = ['staff', 'admin'];

async function newMeasure(title = 'Eine Maßnahme für den Rat', follow = false): Promise<string> {
	const [m] = await sql`insert into public.measures (title, field_slug, ideas_follow_status)
		values (${title}, 'verwaltung', ${follow}) returning id`;
	return m!.id as string;
}

/** Each detail table: a row to insert as a caller, and a fixture row written by the superuser. */
const TABLES: Record<
	string,
	{ row: (measure: string, indicator: string) => Record<string, unknown>; column: string }
> = {
	measure_indicators: {
		row: (m) => ({ measure_id: m, name: 'Online-Anteil', unit: '%', target_value: 80 }),
		column: 'name'
	},
	measure_indicator_values: {
		row: (_m, i) => ({ indicator_id: i, value: 42.5, measured_on: '2026-11-30' }),
		column: 'value'
	},
	measure_milestones: {
		row: (m) => ({ measure_id: m, title: 'Ausschreibung', planned_on: '2027-01-15' }),
		column: 'title'
	},
	measure_updates: {
		row: (m) => ({ measure_id: m, body: 'Die Ausschreibung läuft.', reported_on: '2026-12-01' }),
		column: 'body'
	},
	measure_stakeholders: {
		row: (m) => ({ measure_id: m, name: 'Stadtwerke Musterstadt', role: 'Betrieb' }),
		column: 'name'
	},
	measure_ozg_services: {
		// A fresh key each time: a measure lists a service once.
		row: (m) => ({
			measure_id: m,
			leika_key: `99${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`,
			label: 'Wohnsitz anmelden'
		}),
		column: 'label'
	}
};

async function fixture(table: string) {
	const measure = await newMeasure();
	const [indicator] = await sql`insert into public.measure_indicators
		(measure_id, name, target_value) values (${measure}, 'Kennzahl', 10) returning id`;
	const row = TABLES[table]!.row(measure, indicator!.id);
	const [inserted] = await sql`insert into ${sql('public.' + table)} ${sql(row)} returning id`;
	return { measure, indicator: indicator!.id as string, id: inserted!.id as string, row };
}

const exists = async (table: string, id: string) =>
	(await sql`select 1 from ${sql('public.' + table)} where id = ${id}`).length > 0;

describe('measure details: everyone reads, staff write', () => {
	for (const table of Object.keys(TABLES)) {
		describe(table, () => {
			test.each(ROLES.map((r) => [r]))('select — %s may', async (role) => {
				const { id } = await fixture(table);
				const { data, error } = await cast[role].client.from(table).select('id').eq('id', id);
				expect(error).toBeNull();
				expect(data).toHaveLength(1);
			});

			test.each(ROLES.map((r) => [r]))('insert, update, delete — %s', async (role) => {
				const client = cast[role].client;
				const allowed = STAFF.includes(role);
				const { measure, indicator, id } = await fixture(table);
				const inserted = await client
					.from(table)
					.insert(TABLES[table]!.row(measure, indicator))
					.select('id');
				expect(!inserted.error && inserted.data?.length === 1, `insert as ${role}`).toBe(allowed);

				const column = TABLES[table]!.column;
				const changed = column === 'value' ? 7 : 'Geändert durch den Test';
				await client
					.from(table)
					.update({ [column]: changed })
					.eq('id', id);
				const [after] = await sql`select ${sql(column)} as v from ${sql('public.' + table)}
					where id = ${id}`;
				const same = column === 'value' ? Number(after!.v) === changed : after!.v === changed;
				expect(same, `update as ${role}`).toBe(allowed);

				await client.from(table).delete().eq('id', id);
				expect(!(await exists(table, id)), `delete as ${role}`).toBe(allowed);
			});
		});
	}

	test.each(ROLES.map((r) => [r]))('remove_measure — %s', async (role) => {
		const measure = await newMeasure('Eine Maßnahme zum Entfernen');
		await cast[role].client.rpc('remove_measure', { measure });
		const gone = (await sql`select 1 from public.measures where id = ${measure}`).length === 0;
		expect(gone, `remove_measure as ${role}`).toBe(STAFF.includes(role));
	});

	test('every write is audited, with who did it', async () => {
		const measure = await newMeasure();
		const { data, error } = await cast.staff.client
			.from('measure_updates')
			.insert({ measure_id: measure, body: 'Der Rat hat zugestimmt.', reported_on: '2026-12-02' })
			.select('id')
			.single();
		expect(error).toBeNull();
		const rows = await sql`select actor_id, action from public.audit_log
			where target_table = 'measure_updates' and target_id = ${data!.id}`;
		expect(rows).toEqual([{ actor_id: cast.staff.id, action: 'measure_updates.insert' }]);
	});

	test('bad input is refused by the database: a LeiKa key is 14 digits, a council link https, text without markup', async () => {
		const measure = await newMeasure();
		const staff = cast.staff.client;
		for (const leika_key of ['9912345678901', '99123456789012x', 'abcdefghijklmn']) {
			const { error } = await staff
				.from('measure_ozg_services')
				.insert({ measure_id: measure, leika_key });
			expect(error?.code, leika_key).toBe('23514');
		}
		const markup = await staff
			.from('measure_updates')
			.insert({ measure_id: measure, body: '<script>alert(1)</script>' });
		expect(markup.error?.code).toBe('23514');
		const http = await staff.rpc('update_measure', {
			measure,
			patch: { council_url: 'http://rat.example/vo/1' }
		});
		expect(http.error?.code).toBe('23514');
		const [row] = await sql`select council_url from public.measures where id = ${measure}`;
		expect(row!.council_url).toBeNull();
		expect(
			(await sql`select 1 from public.measure_ozg_services where measure_id = ${measure}`).length
		).toBe(0);
	});

	test('update_measure edits budget, council decision and the follow option', async () => {
		const measure = await newMeasure();
		const { data, error } = await cast.staff.client.rpc('update_measure', {
			measure,
			patch: {
				budget_planned: 120000.5,
				budget_spent: 30000,
				council_number: 'VO/2026/0123',
				council_date: '2026-03-01',
				council_url: 'https://rat.example/vo/0123',
				ideas_follow_status: true
			}
		});
		expect(error).toBeNull();
		expect(data).toMatchObject({
			budget_planned: 120000.5,
			budget_spent: 30000,
			council_number: 'VO/2026/0123',
			council_date: '2026-03-01',
			council_url: 'https://rat.example/vo/0123',
			ideas_follow_status: true
		});
		expectCode(
			(await cast.citizen.client.rpc('update_measure', { measure, patch: { budget_spent: 1 } }))
				.error,
			'forbidden'
		);
	});
});

describe('ideas follow their measure', () => {
	const statusOf = async (idea: string) =>
		(await sql`select status from public.ideas where id = ${idea}`)[0]!.status as string;

	test('with the option on, linked ideas move forward with the measure, each change in their history; people are told once', async () => {
		const measure = await newMeasure('Eine Maßnahme, der Ideen folgen', true);
		const [accepted, published, declined, implemented] = await Promise.all([
			insertIdea({ author: cast.citizen.id, status: 'accepted' }),
			insertIdea({ author: null, status: 'published' }),
			insertIdea({ author: null, status: 'declined' }),
			insertIdea({ author: null, status: 'implemented' })
		]);
		for (const idea of [accepted, published, declined, implemented]) {
			expect(
				(await cast.staff.client.rpc('link_idea_to_measure', { idea, measure })).error
			).toBeNull();
		}
		const staff = cast.staff.client;
		expect(
			(await staff.rpc('update_measure', { measure, patch: { status: 'approved' } })).error
		).toBeNull();
		expect(await statusOf(accepted)).toBe('planned');
		expect(await statusOf(published)).toBe('planned');
		expect(await statusOf(declined)).toBe('declined');
		expect(await statusOf(implemented)).toBe('implemented');

		await staff.rpc('update_measure', { measure, patch: { status: 'in_progress', progress: 40 } });
		expect(await statusOf(accepted)).toBe('in_progress');
		await staff.rpc('update_measure', { measure, patch: { status: 'done', progress: 100 } });
		expect(await statusOf(accepted)).toBe('implemented');

		const events =
			await sql`select from_status, to_status, actor_id, details ->> 'measure_id' as measure
			from public.idea_events where idea_id = ${accepted} and kind = 'status_change' order by id`;
		expect(events).toEqual([
			{ from_status: 'accepted', to_status: 'planned', actor_id: cast.staff.id, measure },
			{ from_status: 'planned', to_status: 'in_progress', actor_id: cast.staff.id, measure },
			{ from_status: 'in_progress', to_status: 'implemented', actor_id: cast.staff.id, measure }
		]);
		// The measure's own notification tells the idea's people; no second one per status change.
		const told = await sql`select kind::text from private.notification_events
			where idea_id = ${accepted} and kind in ('status_changed', 'measure_changed')`;
		expect(told.map((r) => r.kind)).toEqual([
			'measure_changed',
			'measure_changed',
			'measure_changed'
		]);
		const audited = await sql`select 1 from public.audit_log
			where target_table = 'ideas' and target_id = ${accepted} and action = 'ideas.set_status'`;
		expect(audited).toHaveLength(3);
	});

	test('with the option off, the ideas keep their status', async () => {
		const measure = await newMeasure('Eine Maßnahme ohne Mitziehen');
		const idea = await insertIdea({ author: null, status: 'accepted' });
		await cast.staff.client.rpc('link_idea_to_measure', { idea, measure });
		await cast.staff.client.rpc('update_measure', { measure, patch: { status: 'in_progress' } });
		expect(await statusOf(idea)).toBe('accepted');
	});
});

describe('links leave a history entry on the idea', () => {
	const agendaEvents = async (idea: string) =>
		sql`select actor_id, details from public.idea_events
			where idea_id = ${idea} and kind = 'agenda' order by id`;

	test('linking and unlinking write one public entry each, however it is done', async () => {
		const measure = await newMeasure('Eine verknüpfte Maßnahme');
		const idea = await insertIdea({ author: null });
		const staff = cast.staff.client;
		await staff.rpc('link_idea_to_measure', { idea, measure });
		await staff.rpc('link_idea_to_measure', { idea, measure, linked: false });
		await staff.from('measure_ideas').insert({ measure_id: measure, idea_id: idea });
		await staff.from('measure_ideas').delete().eq('measure_id', measure).eq('idea_id', idea);
		const details = (await agendaEvents(idea)).map((e) => [e.actor_id, e.details.linked]);
		expect(details).toEqual([
			[cast.staff.id, true],
			[cast.staff.id, false],
			[cast.staff.id, true],
			[cast.staff.id, false]
		]);
	});

	test('deleting a measure says so in each linked idea’s history', async () => {
		const measure = await newMeasure('Eine gelöschte Maßnahme');
		const ideas = await Promise.all([insertIdea({ author: null }), insertIdea({ author: null })]);
		for (const idea of ideas)
			await cast.staff.client.rpc('link_idea_to_measure', { idea, measure });
		const { error } = await cast.staff.client.from('measures').delete().eq('id', measure);
		expect(error).toBeNull();
		for (const idea of ideas) {
			const [, last] = await agendaEvents(idea);
			expect(last!.details).toEqual({
				measure_id: measure,
				measure_title: 'Eine gelöschte Maßnahme',
				linked: false,
				deleted: true
			});
		}
	});

	test('remove_measure archives a measure ideas point at (dropped, links kept) and deletes one without', async () => {
		const withIdeas = await newMeasure('Eine Maßnahme mit Ideen');
		const idea = await insertIdea({ author: null });
		await cast.staff.client.rpc('link_idea_to_measure', { idea, measure: withIdeas });
		const bare = await newMeasure('Eine Maßnahme ohne Ideen');
		await sql`insert into public.measure_milestones (measure_id, title, planned_on)
			values (${bare}, 'Start', '2027-01-01')`;

		expectCode(
			(await cast.citizen.client.rpc('remove_measure', { measure: withIdeas })).error,
			'forbidden'
		);
		expect((await cast.staff.client.rpc('remove_measure', { measure: withIdeas })).data).toBe(
			'dropped'
		);
		const [kept] = await sql`select status from public.measures where id = ${withIdeas}`;
		expect(kept!.status).toBe('dropped');
		expect(
			await sql`select 1 from public.measure_ideas where measure_id = ${withIdeas}`
		).toHaveLength(1);

		expect((await cast.staff.client.rpc('remove_measure', { measure: bare })).data).toBe('deleted');
		expect(await sql`select 1 from public.measures where id = ${bare}`).toHaveLength(0);
		expect(
			await sql`select 1 from public.measure_milestones where measure_id = ${bare}`
		).toHaveLength(0);
	});
});
