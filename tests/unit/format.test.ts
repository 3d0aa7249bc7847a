import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, numberFormat } from '$lib/format';
import { formatDistance } from '$lib/map/geo';

describe('formatting in the reader’s language', () => {
	it('numbers, dates and distances', () => {
		expect(formatNumber(1234.5, 'de')).toBe('1.234,5');
		expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
		expect(formatDate('2026-11-27T06:40:00Z', 'de')).toBe('27. November 2026');
		expect(formatDateTime('2026-11-27T06:40:00Z', 'en')).toBe('27 November 2026 at 07:40');
		expect(formatDistance(349, 'de')).toBe('350 m');
		expect(formatDistance(1234, 'en')).toBe('1.2 km');
		expect(formatDistance(12_345, 'de')).toBe('12 km');
	});

	it('writes counts exactly as Intl does, without Intl', () => {
		const counts = [0, 7, 999, 1000, 1234, 99_999, 100_000, 1_234_567, 2 ** 40];
		for (const locale of ['de', 'en'] as const) {
			const intl = numberFormat(locale);
			for (const count of counts) expect(formatNumber(count, locale)).toBe(intl.format(count));
		}
	});

	it('writes dates exactly as Intl does in Berlin, across years and clock changes', () => {
		const intl = {
			de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'Europe/Berlin' }),
			en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Berlin' })
		};
		// Every 37 minutes from 2024 to 2028: every month, both clock changes of each year, and
		// the hours around midnight in winter and summer time.
		const differing: string[] = [];
		for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 37 * 60_000) {
			const iso = new Date(t).toISOString();
			for (const locale of ['de', 'en'] as const) {
				if (formatDate(iso, locale) !== intl[locale].format(t)) differing.push(`${locale} ${iso}`);
			}
		}
		expect(differing).toEqual([]);
	});

	it('makes each formatter once (making one is the costly part)', () => {
		expect(numberFormat('de')).toBe(numberFormat('de'));
		expect(numberFormat('de', { maximumFractionDigits: 1 })).toBe(
			numberFormat('de', { maximumFractionDigits: 1 })
		);
		expect(numberFormat('de')).not.toBe(numberFormat('en'));
	});
});
