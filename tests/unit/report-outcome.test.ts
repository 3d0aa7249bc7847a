import { describe, expect, it } from 'vitest';
import de from '$lib/i18n/locales/de/index';
import en from '$lib/i18n/locales/en/index';
import { createTranslator } from '$lib/i18n/translator';
import { describe as describeNotification } from '$lib/notifications/describe';

const tDe = createTranslator('de', de);
const tEn = createTranslator('en', en);

describe('a closed report, told to its reporter', () => {
	it('says what was reported and whether it was hidden or stays visible, in German first', () => {
		const told = (target: 'idea' | 'comment' | 'photo', outcome: 'hidden' | 'visible') =>
			describeNotification(
				{ kind: 'report_resolved', title: 'Freies WLAN', details: { target, outcome } },
				tDe
			);
		expect(told('comment', 'hidden')).toBe(
			'Ihre Meldung zu einem Kommentar bei „Freies WLAN“ wurde geprüft: Der Kommentar wurde ausgeblendet.'
		);
		expect(told('comment', 'visible')).toBe(
			'Ihre Meldung zu einem Kommentar bei „Freies WLAN“ wurde geprüft: Der Kommentar bleibt sichtbar.'
		);
		expect(told('idea', 'hidden')).toBe(
			'Ihre Meldung zur Idee „Freies WLAN“ wurde geprüft: Die Idee wurde ausgeblendet.'
		);
		expect(told('idea', 'visible')).toBe(
			'Ihre Meldung zur Idee „Freies WLAN“ wurde geprüft: Die Idee bleibt sichtbar.'
		);
		expect(told('photo', 'hidden')).toBe(
			'Ihre Meldung zu einem Foto bei „Freies WLAN“ wurde geprüft: Das Foto wurde ausgeblendet.'
		);
		expect(told('photo', 'visible')).toBe(
			'Ihre Meldung zu einem Foto bei „Freies WLAN“ wurde geprüft: Das Foto bleibt sichtbar.'
		);
	});

	it('reads in English, and an idea no longer public is named as such', () => {
		expect(
			describeNotification(
				{ kind: 'report_resolved', title: null, details: { target: 'idea', outcome: 'hidden' } },
				tEn
			)
		).toBe(
			'Your report of the idea “an idea that is no longer public” was reviewed: the idea was hidden.'
		);
		expect(
			describeNotification(
				{
					kind: 'report_resolved',
					title: 'Free Wi-Fi',
					details: { target: 'comment', outcome: 'visible' }
				},
				tEn
			)
		).toBe('Your report of a comment on “Free Wi-Fi” was reviewed: the comment stays visible.');
		expect(
			describeNotification(
				{
					kind: 'report_resolved',
					title: 'Free Wi-Fi',
					details: { target: 'photo', outcome: 'hidden' }
				},
				tEn
			)
		).toBe('Your report of a photo on “Free Wi-Fi” was reviewed: the photo was hidden.');
	});
});
