import {
	STAFF_AREAS,
	type Locale,
	type Messages,
	type PublicMessages,
	type StaffMessages
} from '$lib/i18n';
import de from '$lib/i18n/locales/de/index';
import en from '$lib/i18n/locales/en/index';

// Typed as Messages: a key missing from an English area file fails type checking, not just the unit test.
const catalogues: Record<Locale, Messages> = { de, en };

/** The whole catalogue, for text the server writes itself (mails, exports). */
export function messagesFor(locale: Locale): Messages {
	return catalogues[locale];
}

/** What every page needs: the root layout hands it to the browser with the page data. */
export function publicMessagesFor(locale: Locale): PublicMessages {
	const messages: Partial<Messages> = { ...catalogues[locale] };
	for (const area of STAFF_AREAS) delete messages[area];
	return messages as PublicMessages;
}

/** The staff console's own areas, added by its layout. */
export function staffMessagesFor(locale: Locale): StaffMessages {
	const messages = catalogues[locale];
	return Object.fromEntries(STAFF_AREAS.map((area) => [area, messages[area]])) as StaffMessages;
}
