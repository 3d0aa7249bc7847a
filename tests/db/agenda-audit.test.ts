import { beforeAll, describe, expect, test } from 'vitest';
import {
	type Actor,
	anonClient,
	createUser,
	expectCode,
	insertIdea,
	service,
	sql
} from './helpers.ts';

let staff: Actor;
let admin: Actor;

beforeAll(async () => {
	[staff, admin] = await Promise.all([
		createUser({ role: 'staff' }),
		createUser({ role: 'admin' })
	]);
});

describe('agenda', () => {
	test('measures expose support and a prioritisation score as computed fields', async () => {
		const { data, error } = await anonClient()
			.from('measures')
			.select('title, status, progress, support_count, priority_score')
			.order('title');
		expect(error).toBeNull();
		expect(data!.length).toBeGreaterThanOrEqual(8);
		for (const m of data!) {
			expect(m.priority_score).toBeGreaterThanOrEqual(0);
			expect(m.priority_score).toBeLessThanOrEqual(100);
		}
	});

	test('the score rises with support, fit and urgency and falls with effort; weights come from settings', async () => {
		const [m] =
			await sql`insert into public.measures (title, field_slug, strategic_fit, effort, urgency)
			values ('Eine Maßnahme zum Testen', 'bildung', 1, 5, 1) returning id`;
		const score = async () => {
			const { data } = await anonClient()
				.from('measures')
				.select('priority_score')
				.eq('id', m!.id)
				.single();
			return Number(data!.priority_score);
		};
		expect(await score()).toBe(0);
		const idea = await insertIdea({ author: null });
		await staff.client.rpc('link_idea_to_measure', { idea, measure: m!.id });
		const voter = await createUser();
		await voter.client.rpc('set_vote', { idea, supported: true });
		const withSupport = await score();
		expect(withSupport).toBeGreaterThan(0);
		await staff.client.rpc('update_measure', { measure: m!.id, patch: { urgency: 5 } });
		expect(await score()).toBeGreaterThan(withSupport);
	});

	test('update_measure: patch, version check, audit', async () => {
		const [m] =
			await sql`insert into public.measures (title, field_slug) values ('Versionierte Maßnahme', 'bildung') returning id, version`;
		const ok = await staff.client.rpc('update_measure', {
			measure: m!.id,
			patch: { status: 'in_progress', progress: 25 },
			expected_version: m!.version
		});
		expect(ok.error).toBeNull();
		expect(ok.data).toMatchObject({
			status: 'in_progress',
			progress: 25,
			version: m!.version + 1,
			title: 'Versionierte Maßnahme'
		});
		expectCode(
			(
				await staff.client.rpc('update_measure', {
					measure: m!.id,
					patch: { progress: 30 },
					expected_version: m!.version
				})
			).error,
			'version_conflict',
			'PT409'
		);
		const audit =
			await sql`select action, details from public.audit_log where target_id = ${m!.id}`;
		expect(audit).toEqual([
			{
				action: 'measures.update',
				details: { status: { old: 'proposed', new: 'in_progress' }, progress: { old: 0, new: 25 } }
			}
		]);
	});

	test('linking an idea shows in its public history and the audit log', async () => {
		const [m] =
			await sql`insert into public.measures (title, field_slug) values ('Verknüpfte Maßnahme', 'bildung') returning id`;
		const idea = await insertIdea({ author: null });
		expect(
			(await staff.client.rpc('link_idea_to_measure', { idea, measure: m!.id })).error
		).toBeNull();
		expect(
			(await staff.client.rpc('link_idea_to_measure', { idea, measure: m!.id })).error
		).toBeNull();
		const events = (
			await anonClient().from('idea_events').select('kind, details').eq('idea_id', idea)
		).data!;
		expect(events).toEqual([
			{ kind: 'agenda', details: expect.objectContaining({ measure_id: m!.id, linked: true }) }
		]);
		const [row] =
			await sql`select count(*)::int as n from public.audit_log where action = 'measure_ideas.insert' and target_id = ${m!.id + '/' + idea}`;
		expect(row!.n).toBe(1);
		expect(
			(await staff.client.rpc('link_idea_to_measure', { idea, measure: m!.id, linked: false })).data
		).toBe(false);
		const links = await sql`select 1 from public.measure_ideas where idea_id = ${idea}`;
		expect(links).toHaveLength(0);
	});
});

describe('audit log', () => {
	test('admin changes to settings and reference data are audited', async () => {
		await admin.client.from('settings').update({ limit_reports_per_day: 21 }).eq('id', true);
		await admin.client.from('settings').update({ limit_reports_per_day: 20 }).eq('id', true);
		const rows =
			await sql`select details from public.audit_log where action = 'settings.update' and actor_id = ${admin.id} order by id`;
		expect(rows.map((r) => r.details)).toEqual([
			{ limit_reports_per_day: { old: 20, new: 21 } },
			{ limit_reports_per_day: { old: 21, new: 20 } }
		]);
	});

	test('role changes go through set_user_role and are audited; the last admin stays', async () => {
		const target = await createUser();
		const { data, error } = await admin.client.rpc('set_user_role', {
			user_id: target.id,
			role: 'staff'
		});
		expect(error).toBeNull();
		expect(data.role).toBe('staff');
		const [row] =
			await sql`select details from public.audit_log where action = 'profiles.set_role' and target_id = ${target.id}`;
		expect(row!.details).toEqual({ old: 'citizen', new: 'staff' });
		expectCode(
			(await staff.client.rpc('set_user_role', { user_id: staff.id, role: 'admin' })).error,
			'forbidden',
			'42501'
		);
	});

	test('nobody changes or deletes it: not admins, not the service role, not even the superuser', async () => {
		const [before] = await sql`select count(*)::int as n, max(id) as last from public.audit_log`;
		expect(before!.n).toBeGreaterThan(0);
		await admin.client.from('audit_log').delete().gt('id', 0);
		const upd = await service.from('audit_log').update({ action: 'x.y' }).gt('id', 0);
		expect(upd.error?.code).toBe('42501');
		const del = await service.from('audit_log').delete().gt('id', 0);
		expect(del.error?.code).toBe('42501');
		await expect(sql`delete from public.audit_log`).rejects.toThrow(/audit_log_append_only/);
		await expect(sql`update public.audit_log set action = 'x.y'`).rejects.toThrow(
			/audit_log_append_only/
		);
		await expect(sql`truncate public.audit_log`).rejects.toThrow(/audit_log_append_only/);
		const [after] =
			await sql`select count(*)::int as n from public.audit_log where id <= ${before!.last}`;
		expect(after!.n).toBe(before!.n);
	});

	test('moderation of comments and reports is audited', async () => {
		const moderator = await createUser({ role: 'moderator' });
		const writer = await createUser();
		const idea = await insertIdea({ author: null });
		const comment = crypto.randomUUID();
		await writer.client.rpc('add_comment', { id: comment, idea_id: idea, body: 'Unsachlich!' });
		await writer.client.from('reports').insert({ comment_id: comment, reason: 'offensive' });
		await moderator.client.rpc('set_comment_hidden', {
			comment,
			hidden: true,
			reason: 'Bitte sachlich bleiben.'
		});
		const [report] = await sql`select id from public.reports where comment_id = ${comment}`;
		await moderator.client.rpc('resolve_report', {
			report: report!.id,
			status: 'resolved',
			note: 'Ausgeblendet.'
		});
		const rows =
			await sql`select action from public.audit_log where actor_id = ${moderator.id} order by id`;
		expect(rows.map((r) => r.action)).toEqual(['comments.hide', 'reports.resolved']);
		const own = await writer.client
			.from('comments')
			.select('status, hidden_reason')
			.eq('id', comment)
			.single();
		expect(own.data).toEqual({ status: 'hidden', hidden_reason: 'Bitte sachlich bleiben.' });
	});
});
