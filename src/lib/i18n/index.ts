import type de from './locales/de/index';

export const locales = ['de', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'de';
export const LOCALE_COOKIE = 'locale';

/** Each language named in itself, so readers find theirs whatever language the page is in. */
export const localeNames: Record<Locale, string> = { de: 'Deutsch', en: 'English' };

/**
 * The `lang` of text the town's staff wrote (answers, reasons): German. On a page in another
 * language it says so to screen readers; on a German page it needs nothing.
 */
export function staffTextLang(locale: Locale): Locale | undefined {
	return locale === defaultLocale ? undefined : defaultLocale;
}

/** German is the source catalogue; every other locale must have the same shape. */
export type Messages = typeof de;

/**
 * Areas only the staff console reads. Public pages go without them (a fifth less text in every
 * page); the console's layout adds them (see provideI18n).
 */
export const STAFF_AREAS = ['staff', 'admin', 'dashboard'] as const satisfies (keyof Messages)[];
export type StaffArea = (typeof STAFF_AREAS)[number];
export type PublicMessages = Omit<Messages, StaffArea>;
export type StaffMessages = Pick<Messages, StaffArea>;

type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type Leaves<T, Prefix extends string = ''> = {
	[K in keyof T & string]: T[K] extends string
		? `${Prefix}${K extends `${infer Base}_${PluralSuffix}` ? Base : K}`
		: Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every key `t()` accepts; plural forms (`x_one`, `x_other`) collapse to `x`, as i18next resolves them. */
export type MessageKey = Leaves<Messages>;
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The saved choice (cookie) wins; else the browser's preference (Accept-Language); else German. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
	if (isLocale(cookie)) return cookie;
	return fromAcceptLanguage(acceptLanguage) ?? defaultLocale;
}

function fromAcceptLanguage(header: string | null): Locale | undefined {
	if (!header) return undefined;
	const ranked = header
		.split(',')
		.map((entry, index) => {
			const [tag = '', ...params] = entry.split(';').map((part) => part.trim());
			const q = params.find((param) => param.startsWith('q='));
			return {
				language: tag.toLowerCase().split('-')[0],
				quality: q ? Number(q.slice(2)) : 1,
				index
			};
		})
		.filter(({ quality }) => quality > 0)
		.sort((a, b) => b.quality - a.quality || a.index - b.index);
	return ranked.map(({ language }) => language).find(isLocale);
}
