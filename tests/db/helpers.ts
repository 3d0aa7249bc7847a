import { randomBytes, randomUUID } from 'node:crypto';
import { createClient, type PostgrestError, type SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { afterAll, expect, inject } from 'vitest';

/**
 * Shared helpers for tests/db: users per role and persona signed in through the real auth
 * service, their supabase-js clients, and a superuser connection for fixtures and for checking
 * what the database really holds after an API call.
 */

export const stack = inject('stack');

export type Role = 'citizen' | 'moderator' | 'staff' | 'admin';

export interface Actor {
	/** How the matrix names this caller. */
	name: string;
	id: string | null;
	email: string | null;
	client: SupabaseClient;
}

export const PASSWORD = 'test-password-1234';

/** A superuser connection (the stack's dbUrl) for fixtures and checks. One per test file. */
export const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
afterAll(async () => {
	await sql.end({ timeout: 5 });
});

/** Every client gets its own address, so the auth service's per-IP rate limits never bite. */
function randomIp(): string {
	const b = randomBytes(3);
	return `10.${b[0]}.${b[1]}.${b[2]}`;
}

export function anonClient(): SupabaseClient {
	return createClient(stack.apiUrl, stack.anonKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		global: { headers: { 'x-forwarded-for': randomIp() } }
	});
}

export const service = createClient(stack.apiUrl, stack.serviceRoleKey, {
	auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
});

export function uniqueEmail(tag: string): string {
	return `${tag}-${randomUUID().slice(0, 8)}@test.example`;
}

export interface UserOptions {
	role?: Role;
	business?: boolean;
	name?: string;
}

/** A confirmed user with the given role and persona, signed in with their password. */
export async function createUser(opts: UserOptions = {}): Promise<Actor> {
	const email = uniqueEmail(opts.role ?? (opts.business ? 'business' : 'citizen'));
	const { data, error } = await service.auth.admin.createUser({
		email,
		password: PASSWORD,
		email_confirm: true,
		user_metadata: { display_name: opts.name ?? `Test ${email.slice(0, 12)}` }
	});
	if (error || !data.user) throw new Error(`createUser: ${error?.message}`);
	const id = data.user.id;
	if (opts.role && opts.role !== 'citizen') {
		await sql`update public.profiles set role = ${opts.role} where id = ${id}`;
	}
	if (opts.business) {
		await sql`update public.profiles set kind = 'business', organization = 'Testbetrieb GmbH',
			sector = 'Handel' where id = ${id}`;
	}
	const client = anonClient();
	const signIn = await client.auth.signInWithPassword({ email, password: PASSWORD });
	if (signIn.error) throw new Error(`signIn: ${signIn.error.message}`);
	return { name: opts.role ?? (opts.business ? 'business' : 'citizen'), id, email, client };
}

/** A session from an anonymous sign-in. */
export async function createAnonymousUser(): Promise<Actor> {
	const client = anonClient();
	const { data, error } = await client.auth.signInAnonymously();
	if (error || !data.user) throw new Error(`signInAnonymously: ${error?.message}`);
	return { name: 'anonymous', id: data.user.id, email: null, client };
}

/**
 * A user whose e-mail is not confirmed, holding a session. The auth service (like GoTrue) lets
 * no unconfirmed user sign in with a password, but sessions of such users exist (confirmation
 * switched on later, other sign-in methods); we mint the token the service would issue.
 */
export async function createUnconfirmedUser(): Promise<Actor> {
	const email = uniqueEmail('unconfirmed');
	const { data, error } = await service.auth.admin.createUser({
		email,
		password: PASSWORD,
		email_confirm: false
	});
	if (error || !data.user) throw new Error(`createUser: ${error?.message}`);
	const now = Math.floor(Date.now() / 1000);
	const token = await new SignJWT({
		sub: data.user.id,
		aud: 'authenticated',
		role: 'authenticated',
		email,
		phone: '',
		app_metadata: { provider: 'email', providers: ['email'] },
		user_metadata: {},
		aal: 'aal1',
		amr: [{ method: 'password', timestamp: now }],
		session_id: randomUUID(),
		is_anonymous: false
	})
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.setIssuedAt(now)
		.setExpirationTime(now + 3600)
		.sign(new TextEncoder().encode(stack.jwtSecret));
	const client = createClient(stack.apiUrl, stack.anonKey, {
		accessToken: async () => token
	});
	return { name: 'unconfirmed', id: data.user.id, email, client };
}

export const anon: () => Actor = () => ({
	name: 'anon',
	id: null,
	email: null,
	client: anonClient()
});

/** The seven callers of the RLS matrix. */
export interface Cast {
	anon: Actor;
	anonymous: Actor;
	citizen: Actor;
	business: Actor;
	moderator: Actor;
	staff: Actor;
	admin: Actor;
}

export const ROLES = [
	'anon',
	'anonymous',
	'citizen',
	'business',
	'moderator',
	'staff',
	'admin'
] as const;
export type MatrixRole = (typeof ROLES)[number];

export async function createCast(): Promise<Cast> {
	const [anonymous, citizen, business, moderator, staff, admin] = await Promise.all([
		createAnonymousUser(),
		createUser({ role: 'citizen' }),
		createUser({ business: true }),
		createUser({ role: 'moderator' }),
		createUser({ role: 'staff' }),
		createUser({ role: 'admin' })
	]);
	return { anon: anon(), anonymous, citizen, business, moderator, staff, admin };
}

/** A point well inside Musterstadt's Altstadt (the seed's boundary). */
export const INSIDE = { lat: 50.5531, lng: 9.6779 };

export interface IdeaFixture {
	author: string | null;
	status?: string;
	kind?: 'idea' | 'location_need';
	title?: string;
	lat?: number;
	lng?: number;
}

/**
 * An idea written straight into the database (as migrations or the seed would), in any status,
 * so tests can start from any point of the lifecycle.
 */
export async function insertIdea(f: IdeaFixture): Promise<string> {
	const id = randomUUID();
	const status = f.status ?? 'published';
	await sql`insert into public.ideas (id, author_id, title, body, field_slug, lat, lng, status,
		status_reason, status_before_hidden, kind, need_type)
		values (${id}, ${f.author}, ${f.title ?? `Testidee ${id.slice(0, 8)}`}, 'Ein Text.',
		'verwaltung', ${f.lat ?? INSIDE.lat}, ${f.lng ?? INSIDE.lng}, ${status}::public.idea_status,
		${status === 'declined' || status === 'hidden' ? 'Ein Grund.' : null},
		${status === 'hidden' ? 'published' : null},
		${f.kind ?? 'idea'}::public.idea_kind, ${f.kind === 'location_need' ? 'breitband' : null})`;
	return id;
}

export async function ideaRow(id: string) {
	const [row] = await sql`select * from public.ideas where id = ${id}`;
	return row;
}

/** Expects a PostgREST error with our stable code as message (and optionally its SQLSTATE). */
export function expectCode(
	error: PostgrestError | null,
	message: string,
	code?: string
): asserts error is PostgrestError {
	expect(error, `expected error ${message}`).not.toBeNull();
	expect(error!.message).toBe(message);
	if (code) expect(error!.code).toBe(code);
}

/** Runs `fn` with settings changed, restoring them afterwards. */
export async function withSettings<T>(
	changes: Record<string, string | number | null>,
	fn: () => Promise<T>
): Promise<T> {
	const keys = Object.keys(changes);
	const [before] = await sql`select ${sql(keys)} from public.settings`;
	await sql`update public.settings set ${sql(changes, ...keys)}`;
	try {
		return await fn();
	} finally {
		await sql`update public.settings set ${sql(before as Record<string, unknown>, ...keys)}`;
	}
}
