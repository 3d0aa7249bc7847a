import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page, Route } from '@playwright/test';
import type postgres from 'postgres';
import { insertIdea } from './data.ts';
import { expect, signIn, type Account } from './fixtures.ts';

/** The service worker on, and the failed requests of an offline browser expected in the console. */
export const OFFLINE_USE: { serviceWorkers: 'allow'; expectedConsoleErrors: RegExp[] } = {
	serviceWorkers: 'allow',
	// Offline, the browser reports each request it could not make; that is the point here.
	expectedConsoleErrors: [
		/^Failed to load resource: net::ERR_(FAILED|INTERNET_DISCONNECTED|CONNECTION_RESET)$/
	]
};

/** A published idea of its own per test, so tests can support and comment on it in parallel. */
export const freshIdea = (sql: postgres.Sql) =>
	insertIdea(sql, { title: `Trinkbrunnen am Stadtpark Offline${randomUUID().slice(0, 8)}` });

/** Waits until the service worker controls the page, so what it loads next is cached. */
export async function controlled(page: Page): Promise<void> {
	await page.waitForFunction(async () => {
		await navigator.serviceWorker.ready;
		return navigator.serviceWorker.controller !== null;
	});
}

export async function comment(page: Page, text: string) {
	await page.getByLabel('Ihr Kommentar').fill(text);
	await page.getByRole('button', { name: 'Kommentar senden' }).click();
}

/** Signed in, on a fresh idea's page, with the service worker in control (so it is cached). */
export async function openSignedIn(page: Page, sql: postgres.Sql, account: Account) {
	const idea = await freshIdea(sql);
	await signIn(page, account);
	await page.goto('/');
	await controlled(page);
	await page.goto(idea.path);
	return idea;
}

export async function commentsIn(sql: postgres.Sql, ideaId: string, body: string): Promise<number> {
	const [row] = await sql<{ count: number }[]>`
		select count(*)::int as count from public.comments where idea_id = ${ideaId} and body = ${body}`;
	return row!.count;
}

/**
 * The outbox indicator of changes still to be sent: "n changes waiting for a connection" offline,
 * "n changes still being sent" while the device is online.
 */
export const waiting = (page: Page, count: number) =>
	page.getByRole('button', {
		name:
			count === 1
				? /^1 Änderung (wartet auf Verbindung|wird noch gesendet)$/
				: new RegExp(`^${count} Änderungen (warten auf Verbindung|werden noch gesendet)$`)
	});

/** The offline banner (its text says that what is shown may be stale). */
export const offlineBanner = (page: Page) => page.getByText(/^Sie sind offline\./);

export async function goOffline(context: BrowserContext, page: Page) {
	await context.setOffline(true);
	await expect(offlineBanner(page)).toBeVisible();
}

/**
 * Dead Wi-Fi or a captive portal: the device keeps saying it is online (`navigator.onLine` stays
 * true, no `offline` event), but no request of this app gets through, the service worker's
 * included. Returns the paths that were tried meanwhile, and the way back.
 */
export async function deadNetwork(context: BrowserContext) {
	const tried: string[] = [];
	const everything = (url: URL) => LOCAL_APP.has(url.hostname);
	const refuse = (route: Route) => {
		tried.push(new URL(route.request().url()).pathname);
		return route.abort('internetdisconnected');
	};
	await context.route(everything, refuse);
	return { tried, restore: () => context.unroute(everything, refuse) };
}
const LOCAL_APP = new Set(['localhost', '127.0.0.1']);
