import i18next, { type i18n } from 'i18next';
import type { Locale, Messages, Translate } from './index';

/**
 * A translator for one locale and catalogue: its own i18next instance, so nothing is shared
 * between requests on the server. Only the active locale's messages are passed in: the browser
 * never downloads the other catalogue.
 *
 * The catalogue's plain forms — a label, `{{name}}` placeholders, `_one`/`_other` plurals picked
 * by `Intl.PluralRules` as i18next picks them — are read straight from the catalogue: i18next's
 * path for each call (options, key resolution, interpolation and nesting passes) was a fifth of
 * the idea page's script time at Lighthouse's 4× CPU slowdown. Everything else (a missing key, a
 * placeholder without its value, nesting) goes to i18next, whose instance is made only then. A
 * unit test holds both to the same answer for every key of both catalogues.
 */
export function createTranslator(locale: Locale, messages: Messages): Translate {
	let instance: i18n | undefined;
	let plurals: Intl.PluralRules | undefined;
	const engine = () => (instance ??= createInstance(locale, messages));
	return (key, values) => {
		const count = values?.count;
		const form =
			typeof count === 'number'
				? lookup(messages, `${key}_${(plurals ??= new Intl.PluralRules(locale)).select(count)}`)
				: undefined;
		const text = typeof form === 'string' ? form : lookup(messages, key);
		return (typeof text === 'string' && fill(text, values)) || engine().t(key, values);
	};
}

/** The text with its `{{name}}` placeholders filled; undefined when it needs more than that. */
function fill(
	text: string,
	values: Record<string, string | number> | undefined
): string | undefined {
	if (text.includes('$t(')) return undefined;
	let complete = true;
	const filled = text.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => {
		const value = values?.[name];
		if (value === undefined) complete = false;
		return String(value);
	});
	return complete && !filled.includes('{{') ? filled : undefined;
}

/** The value at a dotted key path, as i18next resolves it (keySeparator '.'). */
function lookup(messages: Messages, key: string): unknown {
	let node: unknown = messages;
	for (const part of key.split('.')) {
		if (typeof node !== 'object' || node === null) return undefined;
		node = (node as Record<string, unknown>)[part];
	}
	return node;
}

function createInstance(locale: Locale, messages: Messages): i18n {
	const instance = i18next.createInstance();
	// With in-memory resources and initAsync: false, init completes synchronously.
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
	return instance;
}
