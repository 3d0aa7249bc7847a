/**
 * Web push on this device (ADR 011), in the browser: whether it can, turning it on (the browser
 * asks the person, the push service makes a subscription, the app saves it for the signed-in
 * person) and off. Push is only ever turned on by the person's own click.
 */
import { env } from '$env/dynamic/public';
import { deviceLabel } from './push';

/** Where the app saves and removes this device's subscription (JSON). */
export const DEVICE_ENDPOINT = '/konto/benachrichtigungen/geraete/abo';

/**
 * What this device can do: `unsupported` (no service worker or push, or the site has no VAPID
 * key), `denied` (the person blocked notifications for the site), `off` or `on`.
 */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

function vapidKey(): string | undefined {
	return env.PUBLIC_VAPID_KEY || undefined;
}

/** How long to wait for the service worker on a first visit (it registers after the page loads). */
const REGISTRATION_WAIT_MS = 10_000;

/** The app's service worker, once registered; none in a browser without push (or `vite dev`). */
async function registration(): Promise<ServiceWorkerRegistration | undefined> {
	if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window))
		return undefined;
	return (
		(await navigator.serviceWorker.getRegistration()) ??
		Promise.race([
			navigator.serviceWorker.ready,
			new Promise<undefined>((resolve) => setTimeout(resolve, REGISTRATION_WAIT_MS))
		])
	);
}

export async function pushState(): Promise<PushState> {
	const reg = vapidKey() ? await registration() : undefined;
	if (!reg?.pushManager) return 'unsupported';
	if (Notification.permission === 'denied') return 'denied';
	const subscription = await reg.pushManager.getSubscription();
	return subscription && Notification.permission === 'granted' ? 'on' : 'off';
}

function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
	const raw = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
	const bytes = new Uint8Array(new ArrayBuffer(raw.length));
	for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
	return bytes;
}

/**
 * Asks the person (the browser's own prompt), subscribes and saves the subscription. Resolves to
 * the new state; throws when the push service or the app refused.
 */
export async function turnPushOn(): Promise<PushState> {
	const key = vapidKey();
	const reg = key ? await registration() : undefined;
	if (!key || !reg?.pushManager) return 'unsupported';
	const permission = await Notification.requestPermission();
	if (permission === 'denied') return 'denied';
	if (permission !== 'granted') return 'off';
	let subscription = await reg.pushManager.getSubscription();
	subscription ??= await reg.pushManager.subscribe({
		userVisibleOnly: true,
		applicationServerKey: applicationServerKey(key)
	});
	const { endpoint, keys } = subscription.toJSON();
	const response = await fetch(DEVICE_ENDPOINT, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ endpoint, keys, label: deviceLabel(navigator.userAgent) })
	});
	if (!response.ok) throw new Error(`saving the device: ${response.status}`);
	return 'on';
}

/** Unsubscribes this device and removes it from the person's devices. */
export async function turnPushOff(): Promise<PushState> {
	const reg = await registration();
	const subscription = await reg?.pushManager?.getSubscription();
	if (subscription) {
		const response = await fetch(DEVICE_ENDPOINT, {
			method: 'DELETE',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ endpoint: subscription.endpoint })
		});
		if (!response.ok) throw new Error(`removing the device: ${response.status}`);
		await subscription.unsubscribe();
	}
	return pushState();
}
