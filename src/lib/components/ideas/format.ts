import type { Locale } from '$lib/i18n';

const TAGS: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

/** A date in the reader's language ("26. November 2026"); Intl, no library. */
export function formatDate(value: string, locale: Locale): string {
	return new Intl.DateTimeFormat(TAGS[locale], {
		dateStyle: 'long',
		timeZone: 'Europe/Berlin'
	}).format(new Date(value));
}

/** A date and time in the reader's language ("27. November 2026 um 06:40"). */
export function formatDateTime(value: string, locale: Locale): string {
	return new Intl.DateTimeFormat(TAGS[locale], {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone: 'Europe/Berlin'
	}).format(new Date(value));
}

export function formatNumber(value: number, locale: Locale): string {
	return new Intl.NumberFormat(TAGS[locale]).format(value);
}
