import type { Translate } from '../i18n/index';
import { describe, notificationPath, type Told } from './describe';

/** What a push carries (encrypted for the device) and the service worker shows. */
export interface PushMessage {
	title: string;
	body: string;
	/** Same-origin path the notification opens. */
	url: string;
	/** One notification per idea in the tray: a newer one replaces the older. */
	tag: string;
	lang: string;
}

export interface PushItem extends Told {
	ideaId: string;
}

/** A notification as a push, in the translator's language: the same sentence as in the centre. */
export function composePush(item: PushItem, t: Translate, lang: string): PushMessage {
	return {
		title: t('app.name'),
		body: describe(item, t),
		url: notificationPath(item.kind, item.ideaId),
		tag: `idea-${item.ideaId}`,
		lang
	};
}

/** A path of this site, or null: a push never opens another site. */
export function appPath(value: unknown): string | null {
	return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')
		? value
		: null;
}

/** Reads a push's data in the service worker; anything else than a PushMessage is null. */
export function readPushMessage(data: unknown): PushMessage | null {
	if (typeof data !== 'object' || data === null) return null;
	const { title, body, url, tag, lang } = data as Record<string, unknown>;
	if (
		typeof title !== 'string' ||
		typeof body !== 'string' ||
		typeof tag !== 'string' ||
		typeof lang !== 'string' ||
		appPath(url) === null
	)
		return null;
	return { title, body, url: url as string, tag, lang };
}

/** The browser and system, for the person's list of devices: "Firefox · Android". */
export function deviceLabel(userAgent: string): string {
	const browser = /Edg\//.test(userAgent)
		? 'Edge'
		: /(OPR|Opera)\//.test(userAgent)
			? 'Opera'
			: /SamsungBrowser\//.test(userAgent)
				? 'Samsung Internet'
				: /Firefox\//.test(userAgent)
					? 'Firefox'
					: /Chrom(e|ium)\//.test(userAgent)
						? 'Chrome'
						: /Safari\//.test(userAgent)
							? 'Safari'
							: '';
	const system = /Android/.test(userAgent)
		? 'Android'
		: /iPhone|iPad|iPod/.test(userAgent)
			? 'iOS'
			: /Windows/.test(userAgent)
				? 'Windows'
				: /Mac OS X|Macintosh/.test(userAgent)
					? 'macOS'
					: /CrOS/.test(userAgent)
						? 'ChromeOS'
						: /Linux/.test(userAgent)
							? 'Linux'
							: '';
	return [browser, system].filter(Boolean).join(' · ');
}
