import { describe, expect, it } from 'vitest';
import de from '$lib/i18n/locales/de/index';
import en from '$lib/i18n/locales/en/index';
import { createTranslator } from '$lib/i18n/translator';
import { appPath, composePush, deviceLabel, readPushMessage } from '$lib/notifications/push';

const IDEA = '00000000-0000-4000-b000-00000000000a';

describe('a notification as a push', () => {
	it('says what the centre says, in the reader’s language, and opens the idea', () => {
		const item = {
			kind: 'answered' as const,
			title: 'Freies WLAN',
			details: {},
			ideaId: IDEA
		};
		expect(composePush(item, createTranslator('de', de), 'de')).toEqual({
			title: 'Stadtidee',
			body: '„Freies WLAN“: Die Stadt hat geantwortet.',
			url: `/ideen/${IDEA}`,
			tag: `idea-${IDEA}`,
			lang: 'de'
		});
		expect(composePush(item, createTranslator('en', en), 'en').lang).toBe('en');
	});

	it('leads staff to the console for an assignment', () => {
		const push = composePush(
			{ kind: 'assigned', title: 'X', details: {}, ideaId: IDEA },
			createTranslator('de', de),
			'de'
		);
		expect(push.url).toBe(`/verwaltung/ideen/${IDEA}`);
	});
});

describe('reading a push in the service worker', () => {
	const good = { title: 'Stadtidee', body: 'b', url: '/ideen/x', tag: 't', lang: 'de' };

	it('takes our own message', () => {
		expect(readPushMessage(good)).toEqual(good);
	});

	it('shows nothing for anything else, and never opens another site', () => {
		expect(readPushMessage(null)).toBeNull();
		expect(readPushMessage('text')).toBeNull();
		expect(readPushMessage({ ...good, body: 3 })).toBeNull();
		expect(readPushMessage({ ...good, url: 'https://evil.example/' })).toBeNull();
		expect(readPushMessage({ ...good, url: '//evil.example/' })).toBeNull();
		expect(readPushMessage({ ...good, url: 'javascript:alert(1)' })).toBeNull();
		expect(appPath('/ideen/1')).toBe('/ideen/1');
		expect(appPath(undefined)).toBeNull();
	});
});

describe('a device’s label', () => {
	it('names the browser and the system', () => {
		expect(
			deviceLabel(
				'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Mobile Safari/537.36'
			)
		).toBe('Chrome · Android');
		expect(
			deviceLabel('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0')
		).toBe('Firefox · Linux');
		expect(
			deviceLabel(
				'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1'
			)
		).toBe('Safari · iOS');
		expect(
			deviceLabel(
				'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36 Edg/150.0.0.0'
			)
		).toBe('Edge · Windows');
		expect(deviceLabel('curl/8')).toBe('');
	});
});
