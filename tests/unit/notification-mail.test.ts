import { describe, expect, it } from 'vitest';
import de from '$lib/i18n/locales/de/index';
import en from '$lib/i18n/locales/en/index';
import { createTranslator } from '$lib/i18n/translator';
import { describe as describeNotification } from '$lib/notifications/describe';
import { composeNotificationMail, groupByIdea, type MailItem } from '$lib/notifications/mail';
import { atLocalHour, digestWindows } from '$lib/notifications/schedule';

const IDEA_A = '00000000-0000-4000-b000-00000000000a';
const IDEA_B = '00000000-0000-4000-b000-00000000000b';

function item(ideaId: string, createdAt: string, overrides: Partial<MailItem> = {}): MailItem {
	return { kind: 'answered', title: 'Freies WLAN', details: {}, ideaId, createdAt, ...overrides };
}

describe('digest windows (07:00 in Berlin)', () => {
	it('is today 07:00 once it has passed, else yesterday 07:00, in winter (UTC+1)', () => {
		expect(digestWindows(new Date('2026-12-07T06:00:01Z')).daily.toISOString()).toBe(
			'2026-12-07T06:00:00.000Z'
		);
		expect(digestWindows(new Date('2026-12-07T05:59:59Z')).daily.toISOString()).toBe(
			'2026-12-06T06:00:00.000Z'
		);
	});

	it('follows summer time (UTC+2) and the days the clocks change', () => {
		expect(digestWindows(new Date('2026-07-01T12:00:00Z')).daily.toISOString()).toBe(
			'2026-07-01T05:00:00.000Z'
		);
		// 29 March 2026: clocks go from 02:00 to 03:00; 07:00 is already summer time.
		expect(atLocalHour({ year: 2026, month: 3, day: 29 }, 7).toISOString()).toBe(
			'2026-03-29T05:00:00.000Z'
		);
		// 25 October 2026: back from 03:00 to 02:00; 07:00 is winter time again.
		expect(atLocalHour({ year: 2026, month: 10, day: 25 }, 7).toISOString()).toBe(
			'2026-10-25T06:00:00.000Z'
		);
		// Local midnight just after the change, across the UTC date line.
		expect(digestWindows(new Date('2026-10-24T23:30:00Z')).daily.toISOString()).toBe(
			'2026-10-24T05:00:00.000Z'
		);
	});

	it('ends the weekly window on the latest Monday 07:00', () => {
		// Monday 7 December 2026, 07:00:01 local: this Monday.
		expect(digestWindows(new Date('2026-12-07T06:00:01Z')).weekly.toISOString()).toBe(
			'2026-12-07T06:00:00.000Z'
		);
		// Monday 06:59 local: the Monday before.
		expect(digestWindows(new Date('2026-12-07T05:59:00Z')).weekly.toISOString()).toBe(
			'2026-11-30T06:00:00.000Z'
		);
		// Sunday evening.
		expect(digestWindows(new Date('2026-12-13T20:00:00Z')).weekly.toISOString()).toBe(
			'2026-12-07T06:00:00.000Z'
		);
	});
});

describe('a digest groups news per idea', () => {
	it('keeps ideas in the order of their first news and news oldest first', () => {
		const groups = groupByIdea([
			item(IDEA_B, '2026-12-07T10:00:00Z', { kind: 'comment_added' }),
			item(IDEA_A, '2026-12-07T11:00:00Z'),
			item(IDEA_B, '2026-12-07T09:00:00Z', {
				kind: 'status_changed',
				details: { from: 'published', to: 'planned' }
			})
		]);
		expect(groups.map((group) => [group.path, group.items.map((i) => i.kind)])).toEqual([
			[`/ideen/${IDEA_B}`, ['status_changed', 'comment_added']],
			[`/ideen/${IDEA_A}`, ['answered']]
		]);
	});

	it('sends staff to the console for an assignment, apart from the public news', () => {
		const groups = groupByIdea([
			item(IDEA_A, '2026-12-07T09:00:00Z', { kind: 'assigned' }),
			item(IDEA_A, '2026-12-07T10:00:00Z')
		]);
		expect(groups.map((group) => group.path)).toEqual([
			`/verwaltung/ideen/${IDEA_A}`,
			`/ideen/${IDEA_A}`
		]);
	});
});

describe('a notification mail', () => {
	const input = {
		appUrl: 'https://stadtidee.example',
		unsubscribeUrl: 'https://stadtidee.example/e-mail/abbestellen/token'
	};

	it('says what happened in the language of its reader, with the links', () => {
		const mail = composeNotificationMail(
			{ ...input, frequency: 'instant', items: [item(IDEA_A, '2026-12-07T10:00:00Z')] },
			createTranslator('en', en),
			'en'
		);
		expect(mail.subject).toBe('Stadtidee: “Freies WLAN”: the town has answered.');
		expect(mail.text).toContain(`https://stadtidee.example/ideen/${IDEA_A}`);
		expect(mail.text).toContain(input.unsubscribeUrl);
		expect(mail.text).toContain('https://stadtidee.example/konto/benachrichtigungen/einstellungen');
		expect(mail.html).toContain('<html lang="en">');
	});

	it('counts a digest in its subject and escapes what people wrote', () => {
		const mail = composeNotificationMail(
			{
				...input,
				frequency: 'daily',
				items: [
					item(IDEA_A, '2026-12-07T10:00:00Z', { title: '<script>alert(1)</script>' }),
					item(IDEA_B, '2026-12-07T11:00:00Z', { title: null, kind: 'merged' })
				]
			},
			createTranslator('de', de),
			'de'
		);
		expect(mail.subject).toBe('Stadtidee: Ihre tägliche Zusammenfassung (2 Neuigkeiten)');
		expect(mail.html).not.toContain('<script>');
		expect(mail.html).toContain('&lt;script&gt;');
		expect(mail.text).toContain('eine Idee, die nicht mehr öffentlich ist');
	});

	it('tells how a measure moved on, with its status in words', () => {
		const mail = composeNotificationMail(
			{
				...input,
				frequency: 'instant',
				items: [
					item(IDEA_A, '2026-12-07T10:00:00Z', {
						kind: 'measure_changed',
						details: { measure_title: 'Glasfaser', measure_status: 'in_progress', progress: 50 }
					})
				]
			},
			createTranslator('de', de),
			'de'
		);
		expect(mail.subject).toBe(
			'Stadtidee: „Freies WLAN“: Die Maßnahme „Glasfaser“ ist jetzt „In Umsetzung“ (50 % erledigt).'
		);
	});

	it('tells a merge on both ideas in their own words', () => {
		const t = createTranslator('de', de);
		expect(
			describeNotification({ kind: 'merged', title: 'Alt', details: { into: IDEA_B } }, t)
		).toBe('„Alt“ wurde mit einer ähnlichen Idee zusammengeführt.');
		expect(describeNotification({ kind: 'merged', title: 'Neu', details: {} }, t)).toBe(
			'Eine ähnliche Idee wurde in „Neu“ übernommen; ihre Unterstützung zählt jetzt hier.'
		);
	});

	it('loads nothing from anywhere: no images, no styles or scripts from elsewhere', () => {
		const mail = composeNotificationMail(
			{ ...input, frequency: 'weekly', items: [item(IDEA_A, '2026-12-07T10:00:00Z')] },
			createTranslator('de', de),
			'de'
		);
		expect(mail.html).not.toMatch(/<img|<link|<script|src=|url\(/i);
		const links = [...mail.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]);
		expect(links.every((link) => link!.startsWith('https://stadtidee.example/'))).toBe(true);
	});
});
