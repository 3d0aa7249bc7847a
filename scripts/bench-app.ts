import { join } from 'node:path';
import { superviseChild } from '../stack/child.ts';
import { ROOT_DIR } from '../stack/cli.ts';
import type { Stack } from '../stack/index.ts';

/**
 * The built app (adapter-node, as in production) on `port`, against `stack`; resolves when up.
 * `origin` is the address a browser uses (SvelteKit's CSRF check compares it).
 */
export async function startBuiltApp(
	stack: Stack,
	port: number,
	origin = `http://127.0.0.1:${port}`
): Promise<ReturnType<typeof superviseChild>> {
	const app = superviseChild('app', process.execPath, [join(ROOT_DIR, 'build', 'index.js')], {
		cwd: ROOT_DIR,
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: origin,
			PUBLIC_SUPABASE_URL: stack.apiUrl,
			PUBLIC_SUPABASE_PUBLISHABLE_KEY: stack.publishableKey
		}
	});
	for (let i = 0; ; i++) {
		const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
			(r) => r.ok,
			() => false
		);
		if (ok) return app;
		if (i > 200) throw new Error('the app did not start');
		await new Promise((r) => setTimeout(r, 100));
	}
}

const cookiesOf = (response: Response) =>
	response.headers.getSetCookie().map((c) => c.split(';')[0]!);

/**
 * Signs in through the app's own sign-in form; returns the session cookies, and those the first
 * page sets (the account's language), as a Cookie header.
 */
export async function signInCookie(
	origin: string,
	email: string,
	password: string
): Promise<string> {
	const signIn = await fetch(`${origin}/anmelden?/signIn`, {
		method: 'POST',
		redirect: 'manual',
		// text/html: the plain form post (a 303 with the session cookies), not use:enhance's JSON.
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password })
	});
	const session = cookiesOf(signIn);
	if (signIn.status !== 303 || session.length === 0) {
		throw new Error(`sign-in failed: ${signIn.status}`);
	}
	const first = await fetch(`${origin}/`, {
		redirect: 'manual',
		headers: { cookie: session.join('; ') }
	});
	return [...session, ...cookiesOf(first)].join('; ');
}
