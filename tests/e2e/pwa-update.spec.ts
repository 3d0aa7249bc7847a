import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { OFFLINE_USE, comment, commentsIn, openSignedIn, waiting } from './support/offline.ts';

test.use(OFFLINE_USE);

/**
 * The release before this one: the built worker with a few bytes more, which answer "which
 * version?". Chromium lets a test rewrite a worker's first download but not its update checks, so
 * the test installs this one first and the update check then finds the real build: a new version.
 */
const PREVIOUS_RELEASE = `
// e2e: the previous release
self.addEventListener('message', (event) => {
	if (event.data === 'version?') event.ports[0]?.postMessage('previous');
});
`;

/** Whether the previous release still controls the page (the current build does not answer). */
const previousInControl = (page: Page) =>
	page.evaluate(
		() =>
			new Promise<boolean>((resolve) => {
				const channel = new MessageChannel();
				channel.port1.onmessage = (event) => resolve(event.data === 'previous');
				navigator.serviceWorker.controller?.postMessage('version?', [channel.port2]);
				setTimeout(() => resolve(false), 2000);
			})
	);

test('a new service worker version is offered and activated without losing the outbox', async ({
	page,
	context,
	sql,
	freshUser
}) => {
	await context.route('/service-worker.js', async (route) => {
		const response = await route.fetch();
		await route.fulfill({ response, body: (await response.text()) + PREVIOUS_RELEASE });
	});
	const idea = await openSignedIn(page, sql, freshUser);
	await context.unroute('/service-worker.js');
	// The comment cannot get through for now, though the rest of the site (and the update) can.
	await context.route(/\?\/comment$/, (route) => route.abort('internetdisconnected'));
	const text = `Vor dem Update ${randomUUID()}`;
	await comment(page, text);
	await expect(waiting(page, 1)).toBeVisible();
	expect(await previousInControl(page)).toBe(true);

	// The deploy: the browser's update check now finds the current build.
	await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.getRegistration();
		await registration?.update();
	});

	const prompt = page.getByRole('status').filter({ hasText: 'Eine neue Version ist bereit.' });
	await expect(prompt).toBeVisible();
	// Until the person agrees, the running worker stays in charge.
	expect(await previousInControl(page)).toBe(true);
	await Promise.all([
		page.waitForEvent('load'),
		prompt.getByRole('button', { name: 'Neu laden' }).click()
	]);

	await expect(page.getByRole('heading', { level: 1 })).toHaveText(idea.title);
	await expect(prompt).toBeHidden();
	expect(await previousInControl(page)).toBe(false);
	expect(
		await page.evaluate(async () => {
			const registration = await navigator.serviceWorker.getRegistration();
			return { waiting: registration?.waiting ?? null, active: registration?.active?.state };
		})
	).toEqual({ waiting: null, active: 'activated' });
	await expect(waiting(page, 1)).toBeVisible();
	await expect(page.getByRole('main').getByText(text)).toBeVisible();
	expect(await commentsIn(sql, idea.id, text)).toBe(0);

	await context.unroute(/\?\/comment$/);
	await waiting(page, 1).click();
	await page.getByRole('button', { name: 'Jetzt senden' }).click();
	await expect(waiting(page, 1)).toBeHidden();
	await expect(page.getByRole('region', { name: '1 Kommentar' })).toContainText(text);
	expect(await commentsIn(sql, idea.id, text)).toBe(1);
});
