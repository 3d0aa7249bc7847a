import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import {
	type Actor,
	type Cast,
	createCast,
	createUser,
	INSIDE,
	insertIdea,
	type MatrixRole,
	ROLES,
	service,
	sql
} from './helpers.ts';

/**
 * The RLS matrix of docs/rls-matrix.md, cell by cell: for every table (and the RPCs that stand
 * in for direct writes), each of the seven callers tries the action through supabase-js, and the
 * superuser connection checks what really happened. A cell passes when the effect occurred
 * exactly for the callers the matrix allows.
 */

let cast: Cast;
let other: Actor; // a second citizen who owns the "someone else's" rows
let pub: string; // other's published idea
let sub: string; // other's submitted idea
let hid: string; // other's hidden idea

beforeAll(async () => {
	[cast, other] = await Promise.all([createCast(), createUser({ name: 'Andere Person' })]);
	[pub, sub, hid] = await Promise.all([
		insertIdea({ author: other.id, status: 'published' }),
		insertIdea({ author: other.id, status: 'submitted' }),
		insertIdea({ author: other.id, status: 'hidden' })
	]);
}, 120_000);

const SIGNED_IN: MatrixRole[] = ['anonymous', 'citizen', 'business', 'moderator', 'staff', 'admin'];
const MEMBERS: MatrixRole[] = ['citizen', 'business', 'moderator', 'staff', 'admin'];
const MODERATORS: MatrixRole[] = ['moderator', 'staff', 'admin'];
const STAFF: MatrixRole[] = ['staff', 'admin'];
const ADMIN: MatrixRole[] = ['admin'];
const NOBODY: MatrixRole[] = [];
const EVERYONE: MatrixRole[] = [...ROLES];

type Probe = (a: Actor) => Promise<boolean>;
interface Cell {
	action: string;
	allowed: MatrixRole[];
	probe: Probe;
}

async function sees(a: Actor, table: string, column: string, value: string): Promise<boolean> {
	const { data, error } = await a.client.from(table).select(column).eq(column, value);
	if (error) return false;
	return (data ?? []).length > 0;
}

async function count(query: Promise<{ n: number }[]>): Promise<number> {
	const [row] = await query;
	return row?.n ?? 0;
}

const exists = async (q: Promise<{ n: number }[]>) => (await count(q)) > 0;

function slug(): string {
	return `t_${randomUUID().slice(0, 8)}`;
}

/** Reference tables editable by admins: same four cells each. */
function referenceTable(table: 'districts' | 'departments' | 'fields_of_action'): Cell[] {
	const row = (s: string): Record<string, unknown> =>
		table === 'districts'
			? { slug: s, name: 'Testviertel', area: '((9.60,50.50),(9.61,50.50),(9.61,50.51))' }
			: table === 'departments'
				? { slug: s, name: 'Testamt' }
				: { slug: s, name_de: 'Testfeld', name_en: 'Test field' };
	const create = async (s: string) => {
		await sql`insert into ${sql('public.' + table)} ${sql(row(s))}`;
	};
	const has = (s: string, column = 'slug') =>
		exists(sql`select 1 as n from ${sql('public.' + table)} where ${sql(column)} = ${s}`);
	return [
		{
			action: 'select',
			allowed: EVERYONE,
			probe: async (a) => {
				const { data } = await a.client.from(table).select('slug').limit(1);
				return (data ?? []).length === 1;
			}
		},
		{
			action: 'insert',
			allowed: ADMIN,
			probe: async (a) => {
				const s = slug();
				await a.client.from(table).insert(row(s));
				return has(s);
			}
		},
		{
			action: 'update',
			allowed: ADMIN,
			probe: async (a) => {
				const s = slug();
				await create(s);
				const renamed = slug();
				await a.client.from(table).update({ slug: renamed }).eq('slug', s);
				return has(renamed);
			}
		},
		{
			action: 'delete',
			allowed: ADMIN,
			probe: async (a) => {
				const s = slug();
				await create(s);
				await a.client.from(table).delete().eq('slug', s);
				return !(await has(s));
			}
		}
	];
}

const MATRIX: Record<string, Cell[]> = {
	settings: [
		{
			action: 'select',
			allowed: EVERYONE,
			probe: async (a) => {
				const { data } = await a.client
					.from('settings')
					.select('municipality_name, boundary_geojson');
				return data?.[0]?.municipality_name === 'Musterstadt';
			}
		},
		{
			action: 'update',
			allowed: ADMIN,
			probe: async (a) => {
				const marker = `Test ${randomUUID().slice(0, 8)}`;
				await a.client.from('settings').update({ tile_attribution: marker }).eq('id', true);
				const changed = await exists(
					sql`select 1 as n from public.settings where tile_attribution = ${marker}`
				);
				await sql`update public.settings set tile_attribution = '© basemap.de / BKG | Datenquellen: © GeoBasis-DE'`;
				return changed;
			}
		},
		{
			action: 'delete',
			allowed: NOBODY,
			probe: async (a) => {
				const columns = await sql<{ name: string }[]>`select column_name as name
					from information_schema.columns
					where table_schema = 'public' and table_name = 'settings' and is_generated = 'NEVER'`;
				const names = columns.map((c) => c.name);
				const [saved] = await sql`select ${sql(names)} from public.settings`;
				await a.client.from('settings').delete().eq('id', true);
				const gone = !(await exists(sql`select 1 as n from public.settings`));
				// Every other cell needs the settings: put them back if the delete got through.
				if (gone) await sql`insert into public.settings ${sql(saved!, ...names)}`;
				return gone;
			}
		}
	],
	districts: referenceTable('districts'),
	departments: referenceTable('departments'),
	fields_of_action: referenceTable('fields_of_action'),
	profiles: [
		{
			action: "select another user's profile",
			allowed: EVERYONE,
			probe: (a) => sees(a, 'profiles', 'id', other.id!)
		},
		{
			action: "select another user's role, language or timestamps",
			allowed: NOBODY,
			probe: async (a) => {
				for (const column of ['role', 'locale', 'created_at', 'updated_at']) {
					const { data, error } = await a.client
						.from('profiles')
						.select(column)
						.eq('id', other.id!);
					if (!error && (data ?? []).length > 0) return true;
				}
				return false;
			}
		},
		{
			action: 'my_profile (rpc): own role and language',
			allowed: SIGNED_IN,
			probe: async (a) => {
				const { data, error } = await a.client.rpc('my_profile').maybeSingle<{ role: string }>();
				return !error && typeof data?.role === 'string';
			}
		},
		{
			action: 'staff_members (rpc)',
			allowed: MODERATORS,
			probe: async (a) => {
				const { data, error } = await a.client.rpc('staff_members');
				return !error && (data ?? []).length > 0;
			}
		},
		{
			action: 'update own display name',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const name = `Neu ${randomUUID().slice(0, 6)}`;
				await a.client.from('profiles').update({ display_name: name }).eq('id', a.id);
				return exists(
					sql`select 1 as n from public.profiles where id = ${a.id} and display_name = ${name}`
				);
			}
		},
		{
			action: "update another user's profile",
			allowed: NOBODY,
			probe: async (a) => {
				const name = `Fremd ${randomUUID().slice(0, 6)}`;
				await a.client.from('profiles').update({ display_name: name }).eq('id', other.id!);
				return exists(
					sql`select 1 as n from public.profiles where id = ${other.id} and display_name = ${name}`
				);
			}
		},
		{
			action: 'update own role directly',
			allowed: NOBODY,
			probe: async (a) => {
				if (!a.id) return false;
				const [before] = await sql<{ role: string }[]>`
					select role::text from public.profiles where id = ${a.id}`;
				const wanted = before?.role === 'admin' ? 'citizen' : 'admin';
				await a.client.from('profiles').update({ role: wanted }).eq('id', a.id);
				const changed = await exists(
					sql`select 1 as n from public.profiles where id = ${a.id} and role = ${wanted}`
				);
				// Put it back, so one wrong success does not hand the caller every later cell.
				if (changed)
					await sql`update public.profiles set role = ${before!.role} where id = ${a.id}`;
				return changed;
			}
		},
		{
			action: 'set_user_role (rpc)',
			allowed: ADMIN,
			probe: async (a) => {
				const target = await createUser();
				await a.client.rpc('set_user_role', { user_id: target.id, role: 'moderator' });
				return exists(
					sql`select 1 as n from public.profiles where id = ${target.id} and role = 'moderator'`
				);
			}
		},
		{
			action: 'insert',
			allowed: NOBODY,
			probe: async (a) => {
				const { error } = await a.client
					.from('profiles')
					.insert({ id: randomUUID(), display_name: 'Geist' });
				return !error;
			}
		},
		{
			action: 'delete own',
			allowed: NOBODY,
			probe: async (a) => {
				if (!a.id) return false;
				await a.client.from('profiles').delete().eq('id', a.id);
				return !(await exists(sql`select 1 as n from public.profiles where id = ${a.id}`));
			}
		}
	],
	ideas: [
		{
			action: 'select triage fields (department, assignee, priority, tags)',
			allowed: NOBODY,
			probe: async (a) => {
				for (const column of ['department_id', 'assignee_id', 'priority', 'tags']) {
					const { data, error } = await a.client.from('ideas').select(column).eq('id', pub);
					if (!error && (data ?? []).length > 0) return true;
				}
				return false;
			}
		},
		{
			action: 'select staff_ideas (every idea with triage)',
			allowed: MODERATORS,
			probe: async (a) => {
				const { data, error } = await a.client
					.from('staff_ideas')
					.select('id, priority, tags')
					.in('id', [pub, hid]);
				return !error && (data ?? []).length === 2;
			}
		},
		{ action: 'select published', allowed: EVERYONE, probe: (a) => sees(a, 'ideas', 'id', pub) },
		{
			action: "select another's submitted",
			allowed: MODERATORS,
			probe: (a) => sees(a, 'ideas', 'id', sub)
		},
		{
			action: "select another's hidden",
			allowed: MODERATORS,
			probe: (a) => sees(a, 'ideas', 'id', hid)
		},
		{
			action: 'select own submitted or hidden',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const [s, h] = await Promise.all([
					insertIdea({ author: a.id, status: 'submitted' }),
					insertIdea({ author: a.id, status: 'hidden' })
				]);
				return (await sees(a, 'ideas', 'id', s)) && (await sees(a, 'ideas', 'id', h));
			}
		},
		{
			action: 'insert (submit)',
			allowed: MEMBERS,
			probe: async (a) => {
				const id = randomUUID();
				await a.client
					.from('ideas')
					.insert({ id, title: 'Eine neue Testidee', field_slug: 'bildung', ...INSIDE });
				return exists(sql`select 1 as n from public.ideas where id = ${id}`);
			}
		},
		{
			action: 'insert location need',
			allowed: ['business', 'moderator', 'staff', 'admin'],
			probe: async (a) => {
				const id = randomUUID();
				await a.client.from('ideas').insert({
					id,
					kind: 'location_need',
					need_type: 'breitband',
					title: 'Glasfaser für den Betrieb',
					...INSIDE
				});
				return exists(sql`select 1 as n from public.ideas where id = ${id}`);
			}
		},
		{
			action: 'insert in the name of another user',
			allowed: NOBODY,
			probe: async (a) => {
				const id = randomUUID();
				await a.client.from('ideas').insert({
					id,
					author_id: other.id,
					title: 'Untergeschoben',
					field_slug: 'bildung',
					...INSIDE
				});
				return exists(sql`select 1 as n from public.ideas where id = ${id}`);
			}
		},
		{
			action: 'insert with a status',
			allowed: NOBODY,
			probe: async (a) => {
				const id = randomUUID();
				await a.client.from('ideas').insert({
					id,
					status: 'accepted',
					title: 'Gleich angenommen',
					field_slug: 'bildung',
					...INSIDE
				});
				return exists(sql`select 1 as n from public.ideas where id = ${id}`);
			}
		},
		{
			action: 'update own while submitted',
			allowed: MEMBERS,
			probe: async (a) => {
				if (!a.id) return false;
				const id = await insertIdea({ author: a.id, status: 'submitted' });
				await a.client.from('ideas').update({ title: 'Verbesserter Titel' }).eq('id', id);
				return exists(
					sql`select 1 as n from public.ideas where id = ${id} and title = 'Verbesserter Titel'`
				);
			}
		},
		{
			action: 'update own once published',
			allowed: NOBODY,
			probe: async (a) => {
				if (!a.id) return false;
				const id = await insertIdea({ author: a.id, status: 'published' });
				await a.client.from('ideas').update({ title: 'Nachträglich geändert' }).eq('id', id);
				return exists(
					sql`select 1 as n from public.ideas where id = ${id} and title = 'Nachträglich geändert'`
				);
			}
		},
		{
			action: "update another's submitted",
			allowed: NOBODY,
			probe: async (a) => {
				const id = await insertIdea({ author: other.id, status: 'submitted' });
				await a.client.from('ideas').update({ title: 'Fremd geändert' }).eq('id', id);
				return exists(
					sql`select 1 as n from public.ideas where id = ${id} and title = 'Fremd geändert'`
				);
			}
		},
		{
			action: 'update status or counts directly',
			allowed: NOBODY,
			probe: async (a) => {
				const id = await insertIdea({ author: a.id, status: 'submitted' });
				await a.client.from('ideas').update({ status: 'published', vote_count: 99 }).eq('id', id);
				const changed = await exists(
					sql`select 1 as n from public.ideas where id = ${id} and (status = 'published' or vote_count = 99)`
				);
				// A count with no votes behind it would fail the count checks of other files.
				if (changed) await sql`delete from public.ideas where id = ${id}`;
				return changed;
			}
		},
		{
			action: 'delete own while submitted',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const id = await insertIdea({ author: a.id, status: 'submitted' });
				await a.client.from('ideas').delete().eq('id', id);
				return !(await exists(sql`select 1 as n from public.ideas where id = ${id}`));
			}
		},
		{
			action: 'delete own once published',
			allowed: NOBODY,
			probe: async (a) => {
				const id = await insertIdea({ author: a.id, status: 'published' });
				await a.client.from('ideas').delete().eq('id', id);
				return !(await exists(sql`select 1 as n from public.ideas where id = ${id}`));
			}
		},
		{
			action: "delete another's",
			allowed: NOBODY,
			probe: async (a) => {
				const id = await insertIdea({ author: other.id, status: 'submitted' });
				await a.client.from('ideas').delete().eq('id', id);
				return !(await exists(sql`select 1 as n from public.ideas where id = ${id}`));
			}
		},
		{
			action: 'set_idea_status: approve (submitted → published)',
			allowed: MODERATORS,
			probe: async (a) => {
				const id = await insertIdea({ author: other.id, status: 'submitted' });
				await a.client.rpc('set_idea_status', { idea: id, status: 'published' });
				return exists(
					sql`select 1 as n from public.ideas where id = ${id} and status = 'published'`
				);
			}
		},
		{
			action: 'set_idea_status: hide',
			allowed: MODERATORS,
			probe: async (a) => {
				const id = await insertIdea({ author: other.id });
				await a.client.rpc('set_idea_status', {
					idea: id,
					status: 'hidden',
					reason: 'Beleidigend'
				});
				return exists(sql`select 1 as n from public.ideas where id = ${id} and status = 'hidden'`);
			}
		},
		{
			action: 'set_idea_status: triage (published → under_review)',
			allowed: STAFF,
			probe: async (a) => {
				const id = await insertIdea({ author: other.id });
				await a.client.rpc('set_idea_status', { idea: id, status: 'under_review' });
				return exists(
					sql`select 1 as n from public.ideas where id = ${id} and status = 'under_review'`
				);
			}
		},
		{
			action: 'triage_idea',
			allowed: STAFF,
			probe: async (a) => {
				const id = await insertIdea({ author: other.id });
				await a.client.rpc('triage_idea', {
					idea: id,
					patch: { priority: 'high', tags: ['wlan'] }
				});
				return exists(sql`select 1 as n from public.ideas where id = ${id} and priority = 'high'`);
			}
		},
		{
			action: 'merge_ideas',
			allowed: STAFF,
			probe: async (a) => {
				const [s, t] = await Promise.all([
					insertIdea({ author: other.id }),
					insertIdea({ author: other.id })
				]);
				await a.client.rpc('merge_ideas', { source: s, target: t });
				return exists(sql`select 1 as n from public.ideas where id = ${s} and status = 'merged'`);
			}
		}
	],
	votes: [
		{
			action: 'select own',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const id = await insertIdea({ author: other.id });
				await sql`insert into public.votes (idea_id, user_id) values (${id}, ${a.id})`;
				return sees(a, 'votes', 'idea_id', id);
			}
		},
		{
			action: "select another's",
			allowed: NOBODY,
			probe: async (a) => {
				const id = await insertIdea({ author: other.id });
				await sql`insert into public.votes (idea_id, user_id) values (${id}, ${other.id})`;
				return sees(a, 'votes', 'idea_id', id);
			}
		},
		{
			action: 'insert own (direct)',
			allowed: MEMBERS,
			probe: async (a) => {
				const id = await insertIdea({ author: other.id });
				await a.client.from('votes').insert({ idea_id: id });
				return exists(sql`select 1 as n from public.votes where idea_id = ${id}`);
			}
		},
		{
			action: 'insert for another user',
			allowed: NOBODY,
			probe: async (a) => {
				const id = await insertIdea({ author: other.id });
				await a.client.from('votes').insert({ idea_id: id, user_id: other.id });
				return exists(sql`select 1 as n from public.votes where idea_id = ${id}`);
			}
		},
		{
			action: 'set_vote (rpc)',
			allowed: MEMBERS,
			probe: async (a) => {
				const id = await insertIdea({ author: other.id });
				await a.client.rpc('set_vote', { idea: id, supported: true });
				return exists(sql`select 1 as n from public.votes where idea_id = ${id}`);
			}
		},
		{
			action: 'update own',
			allowed: NOBODY,
			probe: async (a) => {
				if (!a.id) return false;
				const id = await insertIdea({ author: other.id });
				await sql`insert into public.votes (idea_id, user_id) values (${id}, ${a.id})`;
				await a.client
					.from('votes')
					.update({ created_at: '2000-01-01T00:00:00Z' })
					.eq('idea_id', id);
				return exists(
					sql`select 1 as n from public.votes where idea_id = ${id} and created_at < '2001-01-01'`
				);
			}
		},
		{
			action: 'delete own (withdraw)',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const id = await insertIdea({ author: other.id });
				await sql`insert into public.votes (idea_id, user_id) values (${id}, ${a.id})`;
				await a.client.from('votes').delete().eq('idea_id', id);
				return !(await exists(sql`select 1 as n from public.votes where idea_id = ${id}`));
			}
		},
		{
			action: 'update own "keep me informed"',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const id = await insertIdea({ author: other.id });
				await sql`insert into public.votes (idea_id, user_id) values (${id}, ${a.id})`;
				await a.client.from('votes').update({ notify: false }).eq('idea_id', id);
				return exists(sql`select 1 as n from public.votes where idea_id = ${id} and not notify`);
			}
		},
		{
			action: 'update another\'s "keep me informed"',
			allowed: NOBODY,
			probe: async (a) => {
				const id = await insertIdea({ author: other.id });
				await sql`insert into public.votes (idea_id, user_id) values (${id}, ${other.id})`;
				await a.client.from('votes').update({ notify: false }).eq('idea_id', id);
				return exists(sql`select 1 as n from public.votes where idea_id = ${id} and not notify`);
			}
		},
		{
			action: "delete another's",
			allowed: NOBODY,
			probe: async (a) => {
				const id = await insertIdea({ author: other.id });
				await sql`insert into public.votes (idea_id, user_id) values (${id}, ${other.id})`;
				await a.client.from('votes').delete().eq('idea_id', id);
				return !(await exists(sql`select 1 as n from public.votes where idea_id = ${id}`));
			}
		}
	],
	comments: [
		{
			action: 'select visible',
			allowed: EVERYONE,
			probe: async (a) => {
				const id = randomUUID();
				await sql`insert into public.comments (id, idea_id, author_id, body) values (${id}, ${pub}, ${other.id}, 'Sichtbar')`;
				return sees(a, 'comments', 'id', id);
			}
		},
		{
			action: "select another's hidden",
			allowed: MODERATORS,
			probe: async (a) => {
				const id = randomUUID();
				await sql`insert into public.comments (id, idea_id, author_id, body, status, hidden_reason)
					values (${id}, ${pub}, ${other.id}, 'Versteckt', 'hidden', 'Grund')`;
				return sees(a, 'comments', 'id', id);
			}
		},
		{
			action: 'select own hidden',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const id = randomUUID();
				await sql`insert into public.comments (id, idea_id, author_id, body, status, hidden_reason)
					values (${id}, ${pub}, ${a.id}, 'Versteckt', 'hidden', 'Grund')`;
				return sees(a, 'comments', 'id', id);
			}
		},
		{
			action: 'insert own',
			allowed: MEMBERS,
			probe: async (a) => {
				const id = randomUUID();
				await a.client.from('comments').insert({ id, idea_id: pub, body: 'Gute Idee!' });
				return exists(sql`select 1 as n from public.comments where id = ${id}`);
			}
		},
		{
			action: 'insert in the name of another user',
			allowed: NOBODY,
			probe: async (a) => {
				const id = randomUUID();
				await a.client
					.from('comments')
					.insert({ id, idea_id: pub, body: 'Untergeschoben', author_id: other.id });
				return exists(sql`select 1 as n from public.comments where id = ${id}`);
			}
		},
		{
			action: 'update own',
			allowed: MEMBERS,
			probe: async (a) => {
				if (!a.id) return false;
				const id = randomUUID();
				await sql`insert into public.comments (id, idea_id, author_id, body) values (${id}, ${pub}, ${a.id}, 'Vorher')`;
				await a.client.from('comments').update({ body: 'Nachher' }).eq('id', id);
				return exists(
					sql`select 1 as n from public.comments where id = ${id} and body = 'Nachher'`
				);
			}
		},
		{
			action: "update another's",
			allowed: NOBODY,
			probe: async (a) => {
				const id = randomUUID();
				await sql`insert into public.comments (id, idea_id, author_id, body) values (${id}, ${pub}, ${other.id}, 'Vorher')`;
				await a.client.from('comments').update({ body: 'Nachher' }).eq('id', id);
				return exists(
					sql`select 1 as n from public.comments where id = ${id} and body = 'Nachher'`
				);
			}
		},
		{
			action: 'delete own',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const id = randomUUID();
				await sql`insert into public.comments (id, idea_id, author_id, body) values (${id}, ${pub}, ${a.id}, 'Weg damit')`;
				await a.client.from('comments').delete().eq('id', id);
				return !(await exists(sql`select 1 as n from public.comments where id = ${id}`));
			}
		},
		{
			action: "delete another's",
			allowed: NOBODY,
			probe: async (a) => {
				const id = randomUUID();
				await sql`insert into public.comments (id, idea_id, author_id, body) values (${id}, ${pub}, ${other.id}, 'Bleibt')`;
				await a.client.from('comments').delete().eq('id', id);
				return !(await exists(sql`select 1 as n from public.comments where id = ${id}`));
			}
		},
		{
			action: 'set_comment_hidden (rpc)',
			allowed: MODERATORS,
			probe: async (a) => {
				const id = randomUUID();
				await sql`insert into public.comments (id, idea_id, author_id, body) values (${id}, ${pub}, ${other.id}, 'Unsachlich')`;
				await a.client.rpc('set_comment_hidden', {
					comment: id,
					hidden: true,
					reason: 'Unsachlich'
				});
				return exists(
					sql`select 1 as n from public.comments where id = ${id} and status = 'hidden'`
				);
			}
		}
	],
	reports: [
		{
			action: 'select own',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const idea = await insertIdea({ author: other.id });
				await sql`insert into public.reports (reporter_id, idea_id, reason) values (${a.id}, ${idea}, 'spam')`;
				return sees(a, 'reports', 'idea_id', idea);
			}
		},
		{
			action: "select another's",
			allowed: MODERATORS,
			probe: async (a) => {
				const idea = await insertIdea({ author: other.id });
				await sql`insert into public.reports (reporter_id, idea_id, reason) values (${other.id}, ${idea}, 'spam')`;
				return sees(a, 'reports', 'idea_id', idea);
			}
		},
		{
			action: 'insert',
			allowed: MEMBERS,
			probe: async (a) => {
				const idea = await insertIdea({ author: other.id });
				await a.client
					.from('reports')
					.insert({ idea_id: idea, reason: 'offensive', note: 'Bitte prüfen' });
				return exists(sql`select 1 as n from public.reports where idea_id = ${idea}`);
			}
		},
		{
			action: 'update (direct)',
			allowed: NOBODY,
			probe: async (a) => {
				const idea = await insertIdea({ author: other.id });
				await sql`insert into public.reports (reporter_id, idea_id, reason) values (${a.id ?? other.id}, ${idea}, 'spam')`;
				await a.client.from('reports').update({ status: 'dismissed' }).eq('idea_id', idea);
				return exists(
					sql`select 1 as n from public.reports where idea_id = ${idea} and status = 'dismissed'`
				);
			}
		},
		{
			action: 'delete',
			allowed: NOBODY,
			probe: async (a) => {
				const idea = await insertIdea({ author: other.id });
				await sql`insert into public.reports (reporter_id, idea_id, reason) values (${a.id ?? other.id}, ${idea}, 'spam')`;
				await a.client.from('reports').delete().eq('idea_id', idea);
				return !(await exists(sql`select 1 as n from public.reports where idea_id = ${idea}`));
			}
		},
		{
			action: 'resolve_report (rpc)',
			allowed: MODERATORS,
			probe: async (a) => {
				const idea = await insertIdea({ author: other.id });
				const [r] =
					await sql`insert into public.reports (reporter_id, idea_id, reason) values (${other.id}, ${idea}, 'spam') returning id`;
				await a.client.rpc('resolve_report', { report: r!.id, status: 'dismissed' });
				return exists(
					sql`select 1 as n from public.reports where id = ${r!.id} and status = 'dismissed'`
				);
			}
		}
	],
	idea_photos: [
		{
			action: 'select a shown photo of a public idea',
			allowed: EVERYONE,
			probe: async (a) =>
				sees(a, 'idea_photos', 'id', await photo(await insertIdea({ author: other.id }), other.id!))
		},
		{
			action: "select another's photo of a waiting idea",
			allowed: MODERATORS,
			probe: async (a) =>
				sees(
					a,
					'idea_photos',
					'id',
					await photo(await insertIdea({ author: other.id, status: 'submitted' }), other.id!)
				)
		},
		{
			action: "select another's hidden or not yet stored photo",
			allowed: MODERATORS,
			probe: async (a) => {
				const idea = await insertIdea({ author: other.id });
				return seesPhotos(
					a,
					await photo(idea, other.id!, { hidden: true }),
					await photo(idea, other.id!, { stored: false })
				);
			}
		},
		{
			action: 'select own waiting or hidden photo',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const idea = await insertIdea({ author: a.id, status: 'submitted' });
				return seesPhotos(
					a,
					await photo(idea, a.id, { stored: false }),
					await photo(idea, a.id, { hidden: true })
				);
			}
		},
		{
			action: 'insert (direct)',
			allowed: NOBODY,
			probe: async (a) => {
				const idea = await insertIdea({ author: a.id ?? other.id, status: 'submitted' });
				const id = randomUUID();
				await a.client.from('idea_photos').insert({
					id,
					idea_id: idea,
					author_id: a.id ?? other.id,
					position: 0,
					alt_text: 'Ein Foto vom Ort',
					width: 10,
					height: 10,
					bytes: 10
				});
				return exists(sql`select 1 as n from public.idea_photos where id = ${id}`);
			}
		},
		{
			action: 'update (direct), own or not',
			allowed: NOBODY,
			probe: async (a) => {
				const idea = await insertIdea({ author: a.id ?? other.id, status: 'submitted' });
				const id = await photo(idea, a.id ?? other.id!);
				await a.client.from('idea_photos').update({ alt_text: 'Geändert' }).eq('id', id);
				return exists(
					sql`select 1 as n from public.idea_photos where id = ${id} and alt_text = 'Geändert'`
				);
			}
		},
		{
			action: 'delete (direct), own or not',
			allowed: NOBODY,
			probe: async (a) => {
				const idea = await insertIdea({ author: a.id ?? other.id, status: 'submitted' });
				const id = await photo(idea, a.id ?? other.id!);
				await a.client.from('idea_photos').delete().eq('id', id);
				return !(await exists(sql`select 1 as n from public.idea_photos where id = ${id}`));
			}
		},
		{
			action: 'add_idea_photo (rpc) to own waiting idea',
			allowed: MEMBERS,
			probe: async (a) => {
				const idea = await insertIdea({ author: a.id ?? other.id, status: 'submitted' });
				return addsPhoto(a, idea);
			}
		},
		{
			action: "add_idea_photo (rpc) to another's idea",
			allowed: NOBODY,
			probe: async (a) => {
				return addsPhoto(a, await insertIdea({ author: other.id, status: 'submitted' }));
			}
		},
		{
			action: "remove_idea_photo (rpc), another's",
			allowed: MODERATORS,
			probe: async (a) => {
				const id = await photo(await insertIdea({ author: other.id }), other.id!);
				await a.client.rpc('remove_idea_photo', { p_id: id });
				return !(await exists(sql`select 1 as n from public.idea_photos where id = ${id}`));
			}
		},
		{
			action: 'hide_idea_photo (rpc)',
			allowed: MODERATORS,
			probe: async (a) => {
				const id = await photo(await insertIdea({ author: other.id }), other.id!);
				await a.client.rpc('hide_idea_photo', { p_id: id, p_reason: 'Zeigt eine Person' });
				return exists(
					sql`select 1 as n from public.idea_photos where id = ${id} and hidden_at is not null`
				);
			}
		},
		{
			action: 'report a shown photo',
			allowed: MEMBERS,
			probe: async (a) => {
				const id = await photo(await insertIdea({ author: other.id }), other.id!);
				await a.client.from('reports').insert({ photo_id: id, reason: 'personal_data' });
				return exists(sql`select 1 as n from public.reports where photo_id = ${id}`);
			}
		}
	],
	storage_removals: [
		{
			action: 'select',
			allowed: NOBODY,
			probe: async (a) => {
				const name = await queuedRemoval();
				const { data } = await a.client
					.from('storage_removals')
					.select('object_name')
					.eq('object_name', name);
				return (data ?? []).length > 0;
			}
		},
		{
			action: 'insert / update / delete',
			allowed: NOBODY,
			probe: async (a) => {
				const name = await queuedRemoval();
				const stranger = `${randomUUID()}/x.webp`;
				await a.client
					.from('storage_removals')
					.insert({ bucket_id: 'idea-photos', object_name: stranger });
				await a.client.from('storage_removals').update({ attempts: 99 }).eq('object_name', name);
				await a.client.from('storage_removals').delete().eq('object_name', name);
				return (
					(await exists(
						sql`select 1 as n from public.storage_removals where object_name = ${stranger}`
					)) ||
					!(await exists(
						sql`select 1 as n from public.storage_removals where object_name = ${name} and attempts = 0`
					))
				);
			}
		}
	],
	follows: [
		{
			action: 'select own',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const idea = await insertIdea({ author: other.id });
				await sql`insert into public.follows (user_id, idea_id) values (${a.id}, ${idea})`;
				return sees(a, 'follows', 'idea_id', idea);
			}
		},
		{
			action: "select another's",
			allowed: NOBODY,
			probe: async (a) => {
				const idea = await insertIdea({ author: other.id });
				await sql`insert into public.follows (user_id, idea_id) values (${other.id}, ${idea})`;
				return sees(a, 'follows', 'idea_id', idea);
			}
		},
		{
			action: 'insert own',
			allowed: SIGNED_IN,
			probe: async (a) => {
				const idea = await insertIdea({ author: other.id });
				await a.client.from('follows').insert({ idea_id: idea });
				return exists(sql`select 1 as n from public.follows where idea_id = ${idea}`);
			}
		},
		{
			action: 'insert for an idea one cannot see',
			allowed: MODERATORS,
			probe: async (a) => {
				const idea = await insertIdea({ author: other.id, status: 'submitted' });
				await a.client.from('follows').insert({ idea_id: idea });
				return exists(sql`select 1 as n from public.follows where idea_id = ${idea}`);
			}
		},
		{
			action: 'delete own',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const idea = await insertIdea({ author: other.id });
				await sql`insert into public.follows (user_id, idea_id) values (${a.id}, ${idea})`;
				await a.client.from('follows').delete().eq('idea_id', idea);
				return !(await exists(sql`select 1 as n from public.follows where idea_id = ${idea}`));
			}
		},
		{
			action: "delete another's",
			allowed: NOBODY,
			probe: async (a) => {
				const idea = await insertIdea({ author: other.id });
				await sql`insert into public.follows (user_id, idea_id) values (${other.id}, ${idea})`;
				await a.client.from('follows').delete().eq('idea_id', idea);
				return !(await exists(sql`select 1 as n from public.follows where idea_id = ${idea}`));
			}
		}
	],
	idea_events: [
		{
			action: 'select public events',
			allowed: EVERYONE,
			probe: async (a) => {
				const [e] =
					await sql`insert into public.idea_events (idea_id, kind, body) values (${pub}, 'answer', 'Antwort') returning id`;
				return sees(a, 'idea_events', 'id', String(e!.id));
			}
		},
		{
			action: 'select internal notes',
			allowed: STAFF,
			probe: async (a) => {
				const [e] =
					await sql`insert into public.idea_events (idea_id, kind, is_internal, body) values (${pub}, 'note', true, 'Intern') returning id`;
				return sees(a, 'idea_events', 'id', String(e!.id));
			}
		},
		{
			action: 'insert (direct)',
			allowed: NOBODY,
			probe: async (a) => {
				const body = `Direkt ${randomUUID()}`;
				await a.client.from('idea_events').insert({ idea_id: pub, kind: 'answer', body });
				return exists(sql`select 1 as n from public.idea_events where body = ${body}`);
			}
		},
		{
			action: 'update / delete',
			allowed: NOBODY,
			probe: async (a) => {
				const [e] =
					await sql`insert into public.idea_events (idea_id, kind, body) values (${pub}, 'answer', 'Original') returning id`;
				await a.client.from('idea_events').update({ body: 'Geändert' }).eq('id', e!.id);
				await a.client.from('idea_events').delete().eq('id', e!.id);
				return !(await exists(
					sql`select 1 as n from public.idea_events where id = ${e!.id} and body = 'Original'`
				));
			}
		},
		{
			action: 'add_idea_note (rpc)',
			allowed: STAFF,
			probe: async (a) => {
				const body = `Notiz ${randomUUID()}`;
				await a.client.rpc('add_idea_note', { idea: pub, body, is_internal: true });
				return exists(sql`select 1 as n from public.idea_events where body = ${body}`);
			}
		}
	],
	goals: agendaTable('goals'),
	measures: [
		...agendaTable('measures'),
		{
			action: 'update_measure (rpc)',
			allowed: STAFF,
			probe: async (a) => {
				const [m] =
					await sql`insert into public.measures (title, field_slug) values ('Eine Testmaßnahme', 'bildung') returning id`;
				await a.client.rpc('update_measure', { measure: m!.id, patch: { progress: 30 } });
				return exists(
					sql`select 1 as n from public.measures where id = ${m!.id} and progress = 30`
				);
			}
		}
	],
	measure_ideas: [
		{
			action: 'select (link to a published idea)',
			allowed: EVERYONE,
			probe: async (a) => {
				const [m] =
					await sql`insert into public.measures (title, field_slug) values ('Eine Testmaßnahme', 'bildung') returning id`;
				await sql`insert into public.measure_ideas (measure_id, idea_id) values (${m!.id}, ${pub})`;
				return sees(a, 'measure_ideas', 'measure_id', m!.id);
			}
		},
		{
			action: 'select (link to a submitted idea)',
			allowed: MODERATORS,
			probe: async (a) => {
				const [m] =
					await sql`insert into public.measures (title, field_slug) values ('Eine Testmaßnahme', 'bildung') returning id`;
				await sql`insert into public.measure_ideas (measure_id, idea_id) values (${m!.id}, ${sub})`;
				return sees(a, 'measure_ideas', 'measure_id', m!.id);
			}
		},
		{
			action: 'insert / link_idea_to_measure',
			allowed: STAFF,
			probe: async (a) => {
				const [m] =
					await sql`insert into public.measures (title, field_slug) values ('Eine Testmaßnahme', 'bildung') returning id`;
				const idea = await insertIdea({ author: other.id });
				await a.client.from('measure_ideas').insert({ measure_id: m!.id, idea_id: pub });
				await a.client.rpc('link_idea_to_measure', { idea, measure: m!.id });
				return (
					(await count(
						sql`select count(*)::int as n from public.measure_ideas where measure_id = ${m!.id}`
					)) === 2
				);
			}
		},
		{
			action: 'delete',
			allowed: STAFF,
			probe: async (a) => {
				const [m] =
					await sql`insert into public.measures (title, field_slug) values ('Eine Testmaßnahme', 'bildung') returning id`;
				await sql`insert into public.measure_ideas (measure_id, idea_id) values (${m!.id}, ${pub})`;
				await a.client.from('measure_ideas').delete().eq('measure_id', m!.id);
				return !(await exists(
					sql`select 1 as n from public.measure_ideas where measure_id = ${m!.id}`
				));
			}
		}
	],
	participation_rounds: roundCells(),
	participation_round_fields: [
		{
			action: 'select (of a published round)',
			allowed: EVERYONE,
			probe: async (a) =>
				sees(a, 'participation_round_fields', 'round_id', await round(true, 'bildung'))
		},
		{
			action: 'select (of a draft)',
			allowed: STAFF,
			probe: async (a) =>
				sees(a, 'participation_round_fields', 'round_id', await round(false, 'bildung'))
		},
		{
			action: 'insert',
			allowed: STAFF,
			probe: async (a) => {
				const id = await round(false);
				await a.client
					.from('participation_round_fields')
					.insert({ round_id: id, field_slug: 'kultur' });
				return exists(
					sql`select 1 as n from public.participation_round_fields where round_id = ${id}`
				);
			}
		},
		{
			action: 'delete',
			allowed: STAFF,
			probe: async (a) => {
				const id = await round(false, 'kultur');
				await a.client.from('participation_round_fields').delete().eq('round_id', id);
				return !(await exists(
					sql`select 1 as n from public.participation_round_fields where round_id = ${id}`
				));
			}
		}
	],
	notifications: [
		{
			action: 'select own',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const idea = await notification(a.id);
				return sees(a, 'notifications', 'idea_id', idea);
			}
		},
		{
			action: "select another's",
			allowed: NOBODY,
			probe: async (a) => sees(a, 'notifications', 'idea_id', await notification(other.id!))
		},
		{
			action: 'insert',
			allowed: NOBODY,
			probe: async (a) => {
				const idea = await insertIdea({ author: other.id });
				await a.client.from('notifications').insert({
					recipient_id: a.id ?? other.id,
					event_id: eventId(),
					kind: 'answered',
					idea_id: idea,
					created_at: new Date().toISOString()
				});
				return exists(sql`select 1 as n from public.notifications where idea_id = ${idea}`);
			}
		},
		{
			action: 'update own directly',
			allowed: NOBODY,
			probe: async (a) => {
				if (!a.id) return false;
				const idea = await notification(a.id);
				await a.client.from('notifications').update({ kind: 'hidden' }).eq('idea_id', idea);
				return exists(
					sql`select 1 as n from public.notifications where idea_id = ${idea} and kind = 'hidden'`
				);
			}
		},
		{
			action: 'delete own',
			allowed: NOBODY,
			probe: async (a) => {
				if (!a.id) return false;
				const idea = await notification(a.id);
				await a.client.from('notifications').delete().eq('idea_id', idea);
				return !(await exists(
					sql`select 1 as n from public.notifications where idea_id = ${idea}`
				));
			}
		},
		{
			action: 'mark_notifications_read (own)',
			allowed: SIGNED_IN,
			probe: async (a) => {
				if (!a.id) return false;
				const idea = await notification(a.id);
				await a.client.rpc('mark_notifications_read', {});
				return exists(
					sql`select 1 as n from public.notifications where idea_id = ${idea} and read_at is not null`
				);
			}
		},
		{
			action: "mark_notifications_read (another's)",
			allowed: NOBODY,
			probe: async (a) => {
				const idea = await notification(other.id!);
				const [row] = await sql<{ id: number }[]>`select id from public.notifications
					where idea_id = ${idea}`;
				await a.client.rpc('mark_notifications_read', { ids: [row!.id] });
				return exists(
					sql`select 1 as n from public.notifications where idea_id = ${idea} and read_at is not null`
				);
			}
		}
	],
	audit_log: [
		{
			action: 'select',
			allowed: ADMIN,
			probe: async (a) => {
				const { data } = await a.client.from('audit_log').select('id').limit(1);
				return (data ?? []).length > 0;
			}
		},
		{
			action: 'insert',
			allowed: NOBODY,
			probe: async (a) => {
				const action = 'test.forged';
				const target = randomUUID();
				await a.client
					.from('audit_log')
					.insert({ action, target_table: 'ideas', target_id: target });
				return exists(sql`select 1 as n from public.audit_log where target_id = ${target}`);
			}
		},
		{
			action: 'update / delete',
			allowed: NOBODY,
			probe: async (a) => {
				const before = await count(
					sql`select count(*)::int as n from public.audit_log where action <> 'x.tampered'`
				);
				await a.client.from('audit_log').update({ action: 'x.tampered' }).gt('id', 0);
				await a.client.from('audit_log').delete().gt('id', 0);
				const after = await count(
					sql`select count(*)::int as n from public.audit_log where action <> 'x.tampered'`
				);
				return after < before;
			}
		}
	],
	'account (rpc)': [
		{
			action: 'export_my_data',
			allowed: SIGNED_IN,
			probe: async (a) => {
				const { data, error } = await a.client.rpc('export_my_data');
				return !error && (data as { profile?: { id?: string } })?.profile?.id === a.id;
			}
		},
		{
			action: 'my_permissions',
			allowed: EVERYONE,
			probe: async (a) => {
				const { data, error } = await a.client.rpc('my_permissions');
				return !error && typeof (data as { signed_in?: boolean }).signed_in === 'boolean';
			}
		}
	]
};

function agendaTable(table: 'goals' | 'measures'): Cell[] {
	const create = async () => {
		const [row] =
			await sql`insert into ${sql('public.' + table)} ${sql({ title: 'Ein Testeintrag', field_slug: 'bildung' })} returning id`;
		return row!.id as string;
	};
	const has = (where: string, value: string) =>
		exists(sql`select 1 as n from ${sql('public.' + table)} where ${sql(where)} = ${value}`);
	return [
		{
			action: 'select',
			allowed: EVERYONE,
			probe: async (a) => sees(a, table, 'id', await create())
		},
		{
			action: 'insert',
			allowed: STAFF,
			probe: async (a) => {
				const title = `Neu ${randomUUID().slice(0, 8)}`;
				await a.client.from(table).insert({ title, field_slug: 'bildung' });
				return has('title', title);
			}
		},
		{
			action: 'update',
			allowed: STAFF,
			probe: async (a) => {
				const id = await create();
				const title = `Geändert ${randomUUID().slice(0, 8)}`;
				await a.client.from(table).update({ title }).eq('id', id);
				return has('title', title);
			}
		},
		{
			action: 'delete',
			allowed: STAFF,
			probe: async (a) => {
				const id = await create();
				await a.client.from(table).delete().eq('id', id);
				return !(await has('id', id));
			}
		}
	];
}

/** A participation round of its own, ended long ago (so it files no idea), published or a draft. */
async function round(published: boolean, field?: string): Promise<string> {
	const [row] = await sql`insert into public.participation_rounds (title, question, starts_on,
		ends_on, all_fields, published_at)
		values ('Eine Testrunde', 'Was soll besser werden?', '2020-01-01', '2020-01-31',
			${!field}, ${published ? sql`now()` : null})
		returning id`;
	if (field) {
		await sql`insert into public.participation_round_fields (round_id, field_slug)
			values (${row!.id}, ${field})`;
	}
	return row!.id as string;
}

function roundCells(): Cell[] {
	const has = (id: string, column: string, value: string) =>
		exists(sql`select 1 as n from public.participation_rounds
			where id = ${id} and ${sql(column)} = ${value}`);
	return [
		{
			action: 'select (published)',
			allowed: EVERYONE,
			probe: async (a) => sees(a, 'participation_rounds', 'id', await round(true))
		},
		{
			action: 'select (draft)',
			allowed: STAFF,
			probe: async (a) => sees(a, 'participation_rounds', 'id', await round(false))
		},
		{
			action: 'insert',
			allowed: STAFF,
			probe: async (a) => {
				const title = `Neue Runde ${randomUUID().slice(0, 8)}`;
				await a.client.from('participation_rounds').insert({
					title,
					question: 'Was soll besser werden?',
					starts_on: '2020-02-01',
					ends_on: '2020-02-02'
				});
				return exists(sql`select 1 as n from public.participation_rounds where title = ${title}`);
			}
		},
		{
			action: 'update',
			allowed: STAFF,
			probe: async (a) => {
				const id = await round(true);
				const title = `Geändert ${randomUUID().slice(0, 8)}`;
				await a.client.from('participation_rounds').update({ title }).eq('id', id);
				return has(id, 'title', title);
			}
		},
		{
			action: '`save_participation_round()`',
			allowed: STAFF,
			probe: async (a) => {
				const id = await round(false);
				const title = `Gespeichert ${randomUUID().slice(0, 8)}`;
				await a.client.rpc('save_participation_round', {
					round_id: id,
					title,
					question: 'Was soll besser werden?',
					starts_on: '2020-03-01',
					ends_on: '2020-03-02'
				});
				return has(id, 'title', title);
			}
		},
		{
			action: 'delete (draft)',
			allowed: STAFF,
			probe: async (a) => {
				const id = await round(false);
				await a.client.from('participation_rounds').delete().eq('id', id);
				return !(await exists(
					sql`select 1 as n from public.participation_rounds where id = ${id}`
				));
			}
		},
		{
			action: 'delete (published)',
			allowed: NOBODY,
			probe: async (a) => {
				const id = await round(true);
				await a.client.from('participation_rounds').delete().eq('id', id);
				return !(await exists(
					sql`select 1 as n from public.participation_rounds where id = ${id}`
				));
			}
		}
	];
}

/** A photo of `idea` by `author`: stored and shown unless told otherwise. */
async function photo(
	idea: string,
	author: string,
	opts: { stored?: boolean; hidden?: boolean } = {}
): Promise<string> {
	const id = randomUUID();
	const { n } = (
		await sql<{ n: number }[]>`select coalesce(max(position) + 1, 0)::int as n
		from public.idea_photos where idea_id = ${idea}`
	)[0]!;
	if (n > 2) throw new Error(`idea ${idea} has three photos already`);
	await sql`insert into public.idea_photos (id, idea_id, author_id, position, alt_text, width,
		height, bytes, stored_at, hidden_at, hidden_reason)
		values (${id}, ${idea}, ${author}, ${n}, 'Ein Foto vom Ort', 10, 10, 10,
		${opts.stored === false ? null : new Date()}, ${opts.hidden ? new Date() : null},
		${opts.hidden ? 'Ein Grund' : null})`;
	return id;
}

/** Whether `a` sees every one of the photos. */
async function seesPhotos(a: Actor, ...ids: string[]): Promise<boolean> {
	for (const id of ids) if (!(await sees(a, 'idea_photos', 'id', id))) return false;
	return true;
}

/** Whether `a` registers a photo of `idea` with add_idea_photo. */
async function addsPhoto(a: Actor, idea: string): Promise<boolean> {
	const id = randomUUID();
	await a.client.rpc('add_idea_photo', {
		p_id: id,
		p_idea_id: idea,
		p_alt_text: 'Ein Foto vom Ort',
		p_width: 100,
		p_height: 100,
		p_bytes: 1000
	});
	return exists(sql`select 1 as n from public.idea_photos where id = ${id}`);
}

/** The object name of a photo's file queued for removal (its photo removed). */
async function queuedRemoval(): Promise<string> {
	const idea = await insertIdea({ author: other.id, status: 'submitted' });
	const id = await photo(idea, other.id!);
	await sql`delete from public.idea_photos where id = ${id}`;
	return `${idea}/${id}/full.webp`;
}

let events = 0;
/** An event id of its own (notifications need one; nothing else reads it here). */
function eventId(): number {
	return 900_000_000 + process.pid * 1000 + ++events;
}

/** A notification for `recipient` about a fresh idea of its own; returns the idea. */
async function notification(recipient: string): Promise<string> {
	const idea = await insertIdea({ author: other.id });
	await sql`insert into public.notifications (recipient_id, event_id, kind, idea_id, created_at)
		values (${recipient}, ${eventId()}, 'answered', ${idea}, now())`;
	return idea;
}

/**
 * Cells that no API caller may do, and what their positive control can't show: the service role
 * (which bypasses row-level security, as the server does) is refused these too, by design.
 */
const REFUSED_EVEN_TO_THE_SERVICE_ROLE: Record<string, string> = {
	'audit_log: insert': 'only the audit function writes the log, whoever calls',
	'audit_log: update / delete': 'the audit log is append-only for everyone',
	'profiles: insert': 'a profile is made by the sign-up trigger, for an account that exists',
	"idea_photos: add_idea_photo (rpc) to another's idea":
		'the function registers photos of the caller’s own idea; the service role has none',
	'storage_removals: select': 'only the worker’s role reads the removal queue',
	'storage_removals: insert / update / delete':
		'only the trigger fills the queue and only the worker’s role empties it',
	"notifications: mark_notifications_read (another's)":
		'the function marks the caller’s own notifications; the service role has none'
};

for (const [table, cells] of Object.entries(MATRIX)) {
	describe(table, () => {
		for (const cell of cells) {
			test.each(ROLES.map((r) => [r]))(`${cell.action} — %s`, async (role) => {
				const result = await cell.probe(cast[role]);
				expect(result, `${table}: ${cell.action} as ${role}`).toBe(cell.allowed.includes(role));
			});
			// A cell nobody may do passes as well when its probe can never succeed; the same probe as
			// the service role shows it can.
			if (cell.allowed.length === 0) {
				const exempt = REFUSED_EVEN_TO_THE_SERVICE_ROLE[`${table}: ${cell.action}`];
				test(`${cell.action} — positive control (service role)`, async () => {
					const result = await cell.probe(await serviceActor());
					expect(result, exempt ?? `${table}: ${cell.action} as the service role`).toBe(!exempt);
				});
			}
		}
	});
}

/** The service role acting for a throw-away member of its own (so controls change nobody else). */
async function serviceActor(): Promise<Actor> {
	const member = await createUser({ name: 'Kontrollperson' });
	return { ...member, name: 'service', client: service };
}
