import i18next from 'i18next';
import type { Locale, Messages, Translate } from './index';

/**
 * An i18next instance of its own per locale and catalogue, so nothing is shared between requests
 * on the server. Only the active locale's messages are passed in: the browser never downloads the
 * other catalogue.
 */
export function createTranslator(locale: Locale, messages: Messages): Translate {
	const instance = i18next.createInstance();
	// With in-memory resources and initAsync: false, init completes synchronously; its promise
	// only repeats the `t` we take from the instance below.
	void instance.init({
		lng: locale,
		resources: { [locale]: { translation: messages } },
		initAsync: false,
		// Svelte escapes every interpolated value already.
		interpolation: { escapeValue: false },
		// A key without text (a typo, or an area this page was not given) shows as the key: say so,
		// loudly enough for the end-to-end tests, which fail on console errors.
		saveMissing: true,
		missingKeyHandler: (_languages, _namespace, key) => {
			console.error(`i18n: no ${locale} text for "${key}"`);
		}
	});
	return (key, values) => instance.t(key, values);
}
