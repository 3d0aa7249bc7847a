import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { test as base, expect, type Page } from '@playwright/test';
import postgres from 'postgres';
import { APP_ORIGIN, E2E_PORT, STACK_FILE } from './env.ts';
import { blockTiles } from './tiles.ts';

export { expect };

export interface StackInfo {
	appOrigin: string;
	apiUrl: string;
	publishableKey: string;
	serviceRoleKey: string;
	dbUrl: string;
	/** The push service devices subscribe at in these tests (tests/helpers/push-service.ts). */
	pushService: { origin: string; certificate: string };
}

export interface Account {
	email: string;
	password: string;
	displayName: string;
}

export const DEMO: Account = {
	email: 'buergerin@musterstadt.example',
	password: 'stadtidee-demo',
	displayName: 'Anna aus der Altstadt'
};

/** The seed's moderator and staff member (supabase/seed.sql). */
export const DEMO_MODERATOR: Account = {
	email: 'moderation@musterstadt.example',
	password: 'stadtidee-demo',
	displayName: 'Moderation Musterstadt'
};

export const DEMO_STAFF: Account = {
	email: 'verwaltung@musterstadt.example',
	password: 'stadtidee-demo',
	displayName: 'Digitalbüro Musterstadt'
};

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

interface TestFixtures {
	/** Console errors a test expects (e.g. the 404 of a missing page); others fail it. */
	expectedConsoleErrors: RegExp[];
	/** Aborts and records requests to any host but this machine; the test fails if there were any. */
	localOnly: void;
	/** A new account of its own per test, so tests may change it and run in parallel. */
	freshUser: Account;
}

interface WorkerFixtures {
	stack: StackInfo;
	sql: postgres.Sql;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
	stack: [
		// Playwright reads a fixture's dependencies from this pattern, so it must be there, empty.
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			await use(JSON.parse(readFileSync(STACK_FILE, 'utf8')) as StackInfo);
		},
		{ scope: 'worker' }
	],

	sql: [
		async ({ stack }, use) => {
			const sql = postgres(stack.dbUrl, { max: 2, onnotice: () => {} });
			await use(sql);
			await sql.end();
		},
		{ scope: 'worker' }
	],

	expectedConsoleErrors: [[], { option: true }],

	localOnly: [
		async ({ context, expectedConsoleErrors }, use) => {
			const foreign: string[] = [];
			await context.route(
				(url) => !LOCAL_HOSTS.has(url.hostname),
				(route) => {
					foreign.push(route.request().url());
					return route.abort('blockedbyclient');
				}
			);
			// Map tiles are answered here with blank ones (a test may make them fail instead).
			await blockTiles(context);
			// CSP violations and failed requests surface here as console errors.
			const errors: string[] = [];
			context.on('console', (message) => {
				if (message.type() === 'error') errors.push(message.text());
			});
			context.on('weberror', (error) => errors.push(String(error.error())));
			await use();
			expect(foreign, 'requests to hosts other than this machine').toEqual([]);
			expect(
				errors.filter((text) => !expectedConsoleErrors.some((pattern) => pattern.test(text))),
				'console errors'
			).toEqual([]);
		},
		{ auto: true }
	],

	freshUser: async ({ sql }, use) => {
		const account: Account = {
			email: `e2e-${randomUUID()}@musterstadt.example`,
			password: 'e2e-password',
			displayName: 'Testperson E2E'
		};
		// Inserted like supabase/seed.sql's demo users; the profile comes from the auth trigger.
		const [user] = await sql<{ id: string }[]>`
			insert into auth.users (instance_id, id, aud, role, email, encrypted_password,
				email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
			values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated',
				'authenticated', ${account.email},
				extensions.crypt(${account.password}, extensions.gen_salt('bf', 4)), now(),
				'{"provider": "email", "providers": ["email"]}'::jsonb,
				jsonb_build_object('display_name', ${account.displayName}::text), now(), now())
			returning id`;
		await use(account);
		await sql`delete from auth.users where id = ${user!.id}`;
	}
});

/** Signs in through the form (German or English), as a person would; waits for the account page. */
export async function signInWithForm(page: Page, account: Account): Promise<void> {
	await page.goto('/anmelden');
	const form = page.getByRole('main');
	await form.getByLabel(/^(E-Mail-Adresse|Email address)$/).fill(account.email);
	await form.getByLabel(/^(Passwort|Password)$/).fill(account.password);
	await form.getByRole('button', { name: /^(Anmelden|Sign in)$/ }).click();
	await expect(page).toHaveURL('/konto');
	// Signing in loads the page anew: wait until its script has started (hydration).
	await page.waitForLoadState('networkidle');
}

/** Gives an account a console role (as an admin would through set_user_role). */
export async function makeRole(sql: postgres.Sql, account: Account, role: 'staff' | 'admin') {
	await sql`update public.profiles set role = ${role}::public.user_role
		where id = (select id from auth.users where email = ${account.email})`;
}

let signIns = 0;

/**
 * A loopback address of its own for each sign-in: the app counts sign-in attempts per client
 * address (src/lib/server/abuse.ts), and the suite's hundred-odd sign-ins are a hundred people,
 * not one client trying a hundred times. (Linux answers on all of 127.0.0.0/8.)
 */
function clientAddress(): string {
	const worker = test.info().parallelIndex;
	signIns += 1;
	return `127.0.${100 + (worker % 100)}.${(signIns % 250) + 1}`;
}

/**
 * Signs in by sending the sign-in form's action as the form does, from a client address of its
 * own, and hands the session cookies it sets to the page's browser context (auth.spec.ts and
 * readme.spec.ts test the form itself). The page stays where it was.
 */
export async function signIn(page: Page, account: Account): Promise<void> {
	const body = new URLSearchParams({ email: account.email, password: account.password }).toString();
	const { status, cookies } = await new Promise<{ status: number; cookies: string[] }>(
		(resolve, reject) => {
			const request = httpRequest(
				`http://127.0.0.1:${E2E_PORT}/anmelden?/signIn`,
				{
					method: 'POST',
					localAddress: clientAddress(),
					headers: {
						host: new URL(APP_ORIGIN).host,
						origin: APP_ORIGIN,
						accept: 'text/html',
						'content-type': 'application/x-www-form-urlencoded',
						'content-length': Buffer.byteLength(body)
					}
				},
				(response) => {
					response.resume();
					resolve({
						status: response.statusCode!,
						cookies: response.headers['set-cookie'] ?? []
					});
				}
			);
			request.on('error', reject);
			request.end(body);
		}
	);
	expect(status, `sign-in of ${account.email}`).toBe(303);
	await page.context().addCookies(
		// A cookie set with Max-Age=0 is a removal (an older chunk of the session cookie).
		cookies
			.filter((header) => !/;\s*max-age=0(;|$)/i.test(header))
			.map((header) => {
				const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
				const separator = pair.indexOf('=');
				const flags = attributes.map((attribute) => attribute.toLowerCase());
				const sameSite = flags.find((flag) => flag.startsWith('samesite='))?.slice(9);
				return {
					name: pair.slice(0, separator),
					value: pair.slice(separator + 1),
					url: APP_ORIGIN,
					httpOnly: flags.includes('httponly'),
					sameSite: sameSite === 'strict' ? 'Strict' : sameSite === 'none' ? 'None' : 'Lax'
				};
			})
	);
}
