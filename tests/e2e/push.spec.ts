import type { Page } from '@playwright/test';
import { expectNoViolations } from './support/a11y.ts';
import { insertIdea, userId } from './support/data.ts';
import { APP_ORIGIN } from './support/env.ts';
import { expect, signIn, test } from './support/fixtures.ts';
import { controlled } from './support/offline.ts';
import { pushServiceClient, type Device } from '../helpers/push-service.ts';

/**
 * Web push end to end: a person turns push on for this device; the town changes the status of an
 * idea they support; the worker beside the app pushes it, signed and encrypted, to the device's
 * push service (the e2e server runs one of ours: browsers' own are out of reach here, and it
 * checks the VAPID signature and decrypts with the device's keys); the push is handed to the
 * service worker through the DevTools protocol, which shows it as a notification.
 *
 * The browser's subscribe() would ask Google's push service, out of reach here: it is replaced in
 * the page by one that returns the test's device at our push service. Everything after it is real.
 */
test.use({ serviceWorkers: 'allow' });

/** PushManager answers with the test's device (kept across reloads, as a browser keeps it). */
async function fakeSubscribe(page: Page, device: Device): Promise<void> {
	await page.addInitScript((device) => {
		const KEY = 'test.push-subscription';
		const subscription = () => ({
			endpoint: device.endpoint,
			toJSON: () => ({ endpoint: device.endpoint, expirationTime: null, keys: device.keys }),
			unsubscribe: async () => {
				localStorage.removeItem(KEY);
				return true;
			}
		});
		PushManager.prototype.getSubscription = async function () {
			return (localStorage.getItem(KEY) ? subscription() : null) as unknown as PushSubscription;
		};
		PushManager.prototype.subscribe = async function () {
			localStorage.setItem(KEY, '1');
			return subscription() as unknown as PushSubscription;
		};
	}, device);
}

test('push on for this device: the town’s status change arrives as a notification', async ({
	page,
	context,
	sql,
	stack,
	freshUser
}) => {
	const service = pushServiceClient(stack.pushService.origin, stack.pushService.certificate);
	const device = await service.device();
	await context.grantPermissions(['notifications'], { origin: APP_ORIGIN });
	await fakeSubscribe(page, device);
	const idea = await insertIdea(sql);
	const me = await userId(sql, freshUser.email);
	await sql`insert into public.votes (idea_id, user_id) values (${idea.id}, ${me})`;
	try {
		await signIn(page, freshUser);
		await page.goto('/konto/benachrichtigungen/geraete');
		await controlled(page);
		await expect(page.getByRole('status').first()).toHaveText(
			'Push-Mitteilungen sind auf diesem Gerät aus.'
		);
		await expect(page.getByText('Auf keinem Gerät eingeschaltet.')).toBeVisible();
		await page.getByRole('button', { name: 'Auf diesem Gerät einschalten' }).click();
		await expect(page.getByRole('status').first()).toHaveText(
			'Push-Mitteilungen sind auf diesem Gerät eingeschaltet.'
		);
		await expect(
			page.getByRole('button', { name: /^„Chrome · (Linux|Android)“ entfernen$/ })
		).toBeVisible();
		await expectNoViolations(page);
		const [saved] = await sql<{ endpoint: string }[]>`
			select endpoint from public.push_subscriptions where user_id = ${me}`;
		expect(saved!.endpoint).toBe(device.endpoint);

		// The town takes the idea under review; the worker pushes it to the device.
		await sql`update public.ideas set status = 'under_review' where id = ${idea.id}`;
		await sql`insert into public.idea_events (idea_id, kind, from_status, to_status)
			values (${idea.id}, 'status_change', 'published', 'under_review')`;
		let pushed: unknown;
		await expect(async () => {
			const received = await service.received(device.id);
			expect(received).toHaveLength(1);
			pushed = received[0]!.payload;
		}).toPass({ timeout: 20_000 });
		expect(pushed).toEqual({
			title: 'Stadtidee',
			body: `„${idea.title}“: Der Status ist jetzt „In Prüfung“ (vorher „Veröffentlicht“).`,
			url: `/ideen/${idea.id}`,
			tag: `idea-${idea.id}`,
			lang: 'de'
		});

		// The push service hands it to the browser: the service worker shows it.
		const cdp = await context.newCDPSession(page);
		const registration = new Promise<string>((resolve) =>
			cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
				const ours = registrations.find((r) => r.scopeURL === `${APP_ORIGIN}/` && !r.isDeleted);
				if (ours) resolve(ours.registrationId);
			})
		);
		await cdp.send('ServiceWorker.enable');
		await cdp.send('ServiceWorker.deliverPushMessage', {
			origin: APP_ORIGIN,
			registrationId: await registration,
			data: JSON.stringify(pushed)
		});
		const [worker] = context.serviceWorkers();
		await expect
			.poll(() =>
				worker!.evaluate(async () => {
					const scope = self as unknown as { registration: ServiceWorkerRegistration };
					const shown = await scope.registration.getNotifications();
					return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data }));
				})
			)
			.toEqual([
				{
					title: 'Stadtidee',
					body: `„${idea.title}“: Der Status ist jetzt „In Prüfung“ (vorher „Veröffentlicht“).`,
					tag: `idea-${idea.id}`,
					data: { url: `/ideen/${idea.id}` }
				}
			]);

		// A tap on it opens the idea, here in the tab that is open.
		await worker!.evaluate(async () => {
			// The worker's globals, which the project's DOM typings do not know.
			const scope = self as unknown as {
				registration: ServiceWorkerRegistration;
				NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
			};
			const [shown] = await scope.registration.getNotifications();
			self.dispatchEvent(
				new scope.NotificationEvent('notificationclick', { notification: shown! })
			);
		});
		await expect(page).toHaveURL(`${APP_ORIGIN}/ideen/${idea.id}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(idea.title);
		await page.goto('/konto/benachrichtigungen/geraete');

		// Off again: the device is removed.
		await page.getByRole('button', { name: 'Auf diesem Gerät ausschalten' }).click();
		await expect(page.getByRole('status').first()).toHaveText(
			'Push-Mitteilungen sind auf diesem Gerät aus.'
		);
		await expect(page.getByText('Auf keinem Gerät eingeschaltet.')).toBeVisible();
		expect(await sql`select 1 from public.push_subscriptions where user_id = ${me}`).toHaveLength(
			0
		);
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
});

test('push is offered in context after supporting, and “no, thanks” is remembered', async ({
	page,
	sql,
	freshUser
}) => {
	const idea = await insertIdea(sql);
	try {
		await signIn(page, freshUser);
		await page.goto('/');
		await controlled(page);
		await page.goto(`/ideen/${idea.id}`);
		const offer = page.getByText('Sofort erfahren, wenn sich hier etwas tut?');
		await expect(page.getByRole('button', { name: 'Unterstützen' })).toBeVisible();
		await expect(offer).toBeHidden();
		await page.getByRole('button', { name: 'Unterstützen' }).click();
		await expect(page.getByRole('button', { name: 'Push-Mitteilungen einschalten' })).toBeVisible();
		await expectNoViolations(page);
		await page.getByRole('button', { name: 'Nein, danke' }).click();
		await expect(offer).toBeHidden();
		await page.reload();
		await expect(page.getByRole('button', { name: 'Unterstützung zurücknehmen' })).toBeVisible();
		await expect(offer).toBeHidden();
	} finally {
		await sql`delete from public.ideas where id = ${idea.id}`;
	}
});
