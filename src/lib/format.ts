import type { Locale } from '$lib/i18n';

const TAGS: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

// Making an Intl formatter is costly (a fresh one per call cost the start page's 20 cards about
// 40 ms of hydration on a phone-speed CPU); formatting with one is cheap. One per locale and options.
const numberFormats = new Map<string, Intl.NumberFormat>();

/** The reader's number format with these options, made once. */
export function numberFormat(
	locale: Locale,
	options: Intl.NumberFormatOptions = {}
): Intl.NumberFormat {
	const key = locale + JSON.stringify(options);
	let format = numberFormats.get(key);
	if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(TAGS[locale], options)));
	return format;
}

const MONTHS: Record<Locale, readonly string[]> = {
	de: [
		'Januar',
		'Februar',
		'März',
		'April',
		'Mai',
		'Juni',
		'Juli',
		'August',
		'September',
		'Oktober',
		'November',
		'Dezember'
	],
	en: [
		'January',
		'February',
		'March',
		'April',
		'May',
		'June',
		'July',
		'August',
		'September',
		'October',
		'November',
		'December'
	]
};

/** Last Sunday of a month (0-based) at 01:00 UTC: when the EU's summer time starts or ends. */
function lastSundayOneUtc(year: number, month: number): number {
	const last = new Date(Date.UTC(year, month + 1, 0, 1));
	return last.getTime() - last.getUTCDay() * 86_400_000;
}

/**
 * A date in the reader's language ("26. November 2026", "26 November 2026"), as in Berlin. Written
 * out rather than through Intl for the same reason as counts (a page's first Intl date formatter
 * costs a phone about 30 ms while hydrating); a unit test holds it to Intl's output across years
 * and clock changes.
 */
export function formatDate(value: string, locale: Locale): string {
	const instant = new Date(value).getTime();
	const year = new Date(instant).getUTCFullYear();
	const summer = instant >= lastSundayOneUtc(year, 2) && instant < lastSundayOneUtc(year, 9);
	const berlin = new Date(instant + (summer ? 2 : 1) * 3_600_000);
	const day = berlin.getUTCDate();
	const month = MONTHS[locale][berlin.getUTCMonth()];
	const inYear = berlin.getUTCFullYear();
	return locale === 'de' ? `${day}. ${month} ${inYear}` : `${day} ${month} ${inYear}`;
}

/** A date and time in the reader's language ("27. November 2026 um 06:40"); rare, so plain Intl. */
export function formatDateTime(value: string, locale: Locale): string {
	return new Intl.DateTimeFormat(TAGS[locale], {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone: 'Europe/Berlin'
	}).format(new Date(value));
}

/** Thousands separators of whole numbers, as Intl writes them in these locales ("1.234", "1,234"). */
const GROUPING: Record<Locale, string> = { de: '.', en: ',' };

/**
 * A number in the reader's format. Counts (whole, not negative) skip Intl: a page's first Intl
 * formatter loads the locale's data, about 40 ms on a phone, for strings the server already wrote
 * (hydration evaluates them again). A unit test holds both paths to the same output.
 */
export function formatNumber(value: number, locale: Locale): string {
	if (Number.isSafeInteger(value) && value >= 0) {
		return String(value).replace(/\B(?=(\d{3})+$)/g, GROUPING[locale]);
	}
	return numberFormat(locale).format(value);
}
