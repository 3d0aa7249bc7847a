import { createContext } from 'svelte';
import type { Locale, Messages, PublicMessages, StaffMessages, Translate } from './index';
import { createTranslator } from './translator';

export interface I18n {
	readonly locale: Locale;
	/** Stable function that reads the current catalogue: safe to destructure, stays reactive. */
	readonly t: Translate;
}

const [getI18n, setI18n] = createContext<I18n>();

export interface I18nSource {
	locale: Locale;
	/** The root layout's areas … */
	messages: PublicMessages;
	/** … and, inside the staff console, its layout's. */
	staffMessages?: StaffMessages;
}

/**
 * Called once by the root layout with the page's data. Context (not a module singleton) keeps one
 * translator per server render; after a language switch or on entering the staff console the
 * catalogue changes and every `t(...)` re-renders with it.
 */
export function provideI18n(source: () => I18nSource): I18n {
	const translate = $derived.by(() => {
		const { locale, messages, staffMessages } = source();
		// Outside the console its areas are absent: a key from them is reported as missing.
		return createTranslator(locale, { ...messages, ...staffMessages } as Messages);
	});
	return setI18n({
		get locale() {
			return source().locale;
		},
		t: (key, values) => translate(key, values)
	});
}

export const useI18n = getI18n;
