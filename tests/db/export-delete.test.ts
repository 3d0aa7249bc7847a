import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { anonClient, createUser, ideaRow, insertIdea, PASSWORD, sql } from './helpers.ts';

describe('export_my_data', () => {
	test('contains everything about the caller and nothing about anyone else', async () => {
		const [me, other] = await Promise.all([createUser(), createUser()]);
		const mine = await insertIdea({ author: me.id, status: 'submitted' });
		const theirs = await insertIdea({ author: other.id });
		await me.client.rpc('set_vote', { idea: theirs, supported: true });
		await me.client.rpc('add_comment', {
			id: randomUUID(),
			idea_id: theirs,
			body: 'Mein Kommentar'
		});
		await other.client.rpc('add_comment', {
			id: randomUUID(),
			idea_id: theirs,
			body: 'Fremder Kommentar'
		});
		await me.client.from('follows').insert({ idea_id: theirs });
		await me.client
			.from('reports')
			.insert({ idea_id: theirs, reason: 'other', note: 'Nur ein Test' });
		// Someone else comments on my idea: I am told, and that is mine to export.
		await sql`update public.ideas set status = 'published' where id = ${mine}`;
		await other.client.rpc('add_comment', { id: randomUUID(), idea_id: mine, body: 'Antwort' });
		await sql`select private.fan_out_notifications(1000)`;
		await me.client
			.from('notification_preferences')
			.insert({ user_id: me.id, kind: 'comment_added', mail: 'weekly' });
		const p256dh = `B${'A'.repeat(86)}`;
		await me.client.rpc('save_push_subscription', {
			endpoint: `https://push.example/${randomUUID()}`,
			p256dh,
			auth: 'A'.repeat(22),
			label: 'Firefox · Linux'
		});

		const { data, error } = await me.client.rpc('export_my_data');
		expect(error).toBeNull();
		// Every part of the schema that keeps something about a person has its section.
		expect(Object.keys(data).sort()).toEqual([
			'account',
			'comments',
			'departments',
			'exported_at',
			'follows',
			'ideas',
			'notification_preferences',
			'notifications',
			'photos',
			'place_alerts',
			'profile',
			'push_devices',
			'reports',
			'votes'
		]);
		expect(data.account).toMatchObject({ id: me.id, email: me.email });
		expect(data.profile.id).toBe(me.id);
		expect(data.ideas.map((i: { id: string }) => i.id)).toEqual([mine]);
		expect(data.comments.map((c: { body: string }) => c.body)).toEqual(['Mein Kommentar']);
		expect(data.votes).toEqual([expect.objectContaining({ idea_id: theirs })]);
		expect(data.follows).toEqual([expect.objectContaining({ idea_id: theirs })]);
		expect(data.reports).toHaveLength(1);
		expect(data.notifications).toEqual([
			expect.objectContaining({ kind: 'comment_added', idea_id: mine })
		]);
		expect(data.notification_preferences).toEqual([
			expect.objectContaining({ kind: 'comment_added', mail: 'weekly' })
		]);
		expect(data.push_devices).toEqual([
			{ label: 'Firefox · Linux', created_at: expect.any(String), last_used_at: null }
		]);
		// A device's keys are the worker's, not part of the export.
		expect(JSON.stringify(data)).not.toContain(p256dh);
		expect(JSON.stringify(data)).not.toContain(other.email!);
		expect(JSON.stringify(data)).not.toContain('Fremder Kommentar');
	});

	test('needs a session', async () => {
		const { error } = await anonClient().rpc('export_my_data');
		expect(error).not.toBeNull();
	});
});

describe('delete_my_account', () => {
	test('removes personal data and keeps published ideas without an author', async () => {
		const [me, other] = await Promise.all([createUser(), createUser()]);
		const published = await insertIdea({ author: me.id, status: 'under_review' });
		const pending = await insertIdea({ author: me.id, status: 'submitted' });
		const theirs = await insertIdea({ author: other.id });
		await me.client.rpc('set_vote', { idea: theirs, supported: true });
		await other.client.rpc('set_vote', { idea: published, supported: true });
		await me.client.rpc('add_comment', { id: randomUUID(), idea_id: theirs, body: 'Bis bald' });
		expect((await ideaRow(theirs))!.vote_count).toBe(1);

		const { data, error } = await me.client.rpc('delete_my_account');
		expect(error).toBeNull();
		expect(data).toEqual({
			votes_deleted: 1,
			comments_deleted: 1,
			photos_deleted: 0,
			ideas_deleted: 1,
			ideas_anonymised: 1
		});

		const kept = await ideaRow(published);
		expect(kept).toMatchObject({ author_id: null, status: 'under_review', vote_count: 1 });
		expect(await ideaRow(pending)).toBeUndefined();
		expect((await ideaRow(theirs))!).toMatchObject({ vote_count: 0, comment_count: 0 });
		const [left] = await sql`select
			(select count(*)::int from auth.users where id = ${me.id}) as users,
			(select count(*)::int from public.profiles where id = ${me.id}) as profiles,
			(select count(*)::int from public.votes where user_id = ${me.id}) as votes,
			(select count(*)::int from public.comments where author_id = ${me.id}) as comments`;
		expect(left).toEqual({ users: 0, profiles: 0, votes: 0, comments: 0 });

		const again = await anonClient().auth.signInWithPassword({
			email: me.email!,
			password: PASSWORD
		});
		expect(again.error).not.toBeNull();
	});

	test('a staff member leaves the audit log intact (append-only)', async () => {
		const staff = await createUser({ role: 'staff' });
		const idea = await insertIdea({ author: null });
		await staff.client.rpc('set_idea_status', { idea, status: 'under_review' });
		expect((await staff.client.rpc('delete_my_account')).error).toBeNull();
		const [row] = await sql`select actor_id from public.audit_log where target_id = ${idea}`;
		expect(row!.actor_id).toBe(staff.id);
	});

	test('needs a session, and a deleted account keeps no profile to act with', async () => {
		expect((await anonClient().rpc('delete_my_account')).error).not.toBeNull();
		const gone = await createUser();
		expect((await gone.client.rpc('delete_my_account')).error).toBeNull();
		const { error } = await gone.client.rpc('update_my_profile', { display_name: 'Geist' });
		expect(error?.message).toBe('profile_not_found');
		const again = await gone.client.rpc('submit_idea', {
			id: randomUUID(),
			title: 'Nach dem Löschen',
			body: '',
			lat: 50.55,
			lng: 9.68,
			field_slug: 'kultur'
		});
		expect(again.error).not.toBeNull();
	});
});
