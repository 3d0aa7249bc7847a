import { createContext } from 'svelte';
import type { Locale, Messages, Translate } from './index';
import { createTranslator } from './translator';

export interface I18n {
	readonly locale: Locale;
	/** Stable function that reads the current catalogue: safe to destructure, stays reactive. */
	readonly t: Translate;
}

const [getI18n, setI18n] = createContext<I18n>();

/**
 * Called once by the root layout with its page data. Context (not a module singleton) keeps one
 * translator per server render; after a language switch the catalogue changes and every `t(...)`
 * re-renders with it.
 */
export function provideI18n(source: () => { locale: Locale; messages: Messages }): I18n {
	const translate = $derived(createTranslator(source().locale, source().messages));
	return setI18n({
		get locale() {
			return source().locale;
		},
		t: (key, values) => translate(key, values)
	});
}

export const useI18n = getI18n;
