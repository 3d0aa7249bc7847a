import type { Locale, Messages } from '$lib/i18n';
import de from '$lib/i18n/locales/de/index';
import en from '$lib/i18n/locales/en/index';

// Typed as Messages: a key missing from an English area file fails type checking, not just the unit test.
const catalogues: Record<Locale, Messages> = { de, en };

/** The one catalogue a page needs; the root layout hands it to the browser with the page data. */
export function messagesFor(locale: Locale): Messages {
	return catalogues[locale];
}
