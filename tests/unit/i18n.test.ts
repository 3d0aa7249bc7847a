import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'svelte/compiler';
import { describe, expect, it, vi } from 'vitest';
import i18next from 'i18next';
import { type MessageKey, negotiateLocale, STAFF_AREAS } from '$lib/i18n';
import { messagesFor, publicMessagesFor, staffMessagesFor } from '$lib/server/i18n';
import de from '$lib/i18n/locales/de/index';
import en from '$lib/i18n/locales/en/index';
import { createTranslator } from '$lib/i18n/translator';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/** "a.b.c" → its string, for every leaf of a catalogue. */
function flatten(tree: object, prefix = ''): Map<string, string> {
	const leaves = new Map<string, string>();
	for (const [key, value] of Object.entries(tree)) {
		if (typeof value === 'string') leaves.set(prefix + key, value);
		else for (const entry of flatten(value as object, `${prefix}${key}.`)) leaves.set(...entry);
	}
	return leaves;
}

const placeholders = (text: string) =>
	[...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('locale catalogues', () => {
	const german = flatten(de);
	const english = flatten(en);

	it('have the same keys', () => {
		expect([...english.keys()].sort()).toEqual([...german.keys()].sort());
	});

	it('use the same placeholders in every message', () => {
		const differing = [...german].filter(
			([key, text]) => placeholders(text).join() !== placeholders(english.get(key) ?? '').join()
		);
		expect(differing).toEqual([]);
	});

	it('have no empty messages', () => {
		const empty = [...german, ...english].filter(([, text]) => text.trim() === '');
		expect(empty).toEqual([]);
	});
});

describe('createTranslator', () => {
	it('interpolates without HTML-escaping (Svelte escapes) and picks plural forms', () => {
		const t = createTranslator('de', de);
		expect(t('account.signedInAs', { email: 'a&b@example.org' })).toBe(
			'Angemeldet als a&b@example.org'
		);
		expect(t('agenda.ideasBehind', { count: 1 })).toBe('1 Idee dahinter:');
		expect(t('agenda.ideasBehind', { count: 12 })).toBe('12 Ideen dahinter:');
		expect(createTranslator('en', en)('nav.signIn')).toBe('Sign in');
	});

	it('gives every key the text i18next gives it (its plain forms skip i18next)', () => {
		for (const [locale, messages] of [
			['de', de],
			['en', en]
		] as const) {
			const t = createTranslator(locale, messages);
			const engine = i18next.createInstance();
			void engine.init({
				lng: locale,
				resources: { [locale]: { translation: messages } },
				initAsync: false,
				interpolation: { escapeValue: false }
			});
			for (const [key, text] of flatten(messages)) {
				const base = key.replace(/_(zero|one|two|few|many|other)$/, '') as MessageKey;
				// Every placeholder given (the direct path), or some missing (i18next's).
				const all = Object.fromEntries(placeholders(text).map((name) => [name, `<${name}>`]));
				const cases: (Record<string, string | number> | undefined)[] = [
					{ count: 0 },
					{ count: 1 },
					{ count: 7, name: 'X' },
					{ ...all, count: 1 },
					{ ...all, count: 2 },
					{ ...all, count: 1.5 }
				];
				// A plural key without a count is a missing key (i18next reports it).
				if (base === key) cases.push(undefined, all);
				for (const values of cases) {
					expect(t(base, values), `${locale} ${base} ${JSON.stringify(values)}`).toBe(
						engine.t(base, values)
					);
				}
			}
		}
	});
});

describe('what pages are given', () => {
	it("public pages go without the staff areas; with the console layout's they are whole", () => {
		const published = publicMessagesFor('en');
		for (const area of STAFF_AREAS) expect(published).not.toHaveProperty(area);
		expect(Object.keys(published).length).toBe(Object.keys(en).length - STAFF_AREAS.length);
		expect({ ...published, ...staffMessagesFor('en') }).toEqual(messagesFor('en'));
	});

	it('a key without text is reported', () => {
		const report = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			const t = createTranslator('de', { ...publicMessagesFor('de') } as typeof de);
			expect(t('staff.title')).toBe('staff.title');
			expect(report).toHaveBeenCalledWith('i18n: no de text for "staff.title"');
		} finally {
			report.mockRestore();
		}
	});
});

describe('negotiateLocale', () => {
	it.each([
		['en', 'de-DE,de;q=0.9', 'en'],
		['fr', 'en-GB,en;q=0.9', 'en'],
		[undefined, 'fr-FR,fr;q=0.9,en;q=0.8,de;q=0.7', 'en'],
		[undefined, 'de;q=0.5,en;q=0.8', 'en'],
		[undefined, 'en;q=0,de;q=0.1', 'de'],
		[undefined, 'fr, *;q=0.5', 'de'],
		[undefined, null, 'de']
	] as const)('cookie %s, Accept-Language %s → %s', (cookie, header, expected) => {
		expect(negotiateLocale(cookie, header)).toBe(expected);
	});
});

const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'title', 'placeholder', 'alt']);
const hasLetters = (text: string) => /\p{L}/u.test(text);

/**
 * User-visible literals in a component: text nodes with letters, and literal values of the
 * attributes a reader hears or sees. Everything else (expressions, comments, styles) is skipped.
 */
function literalTexts(source: string): string[] {
	const found: string[] = [];
	const visit = (node: unknown): void => {
		if (Array.isArray(node)) return node.forEach(visit);
		if (!node || typeof node !== 'object') return;
		const { type } = node as { type?: string };
		if (type === 'Text') {
			const { data } = node as { data: string };
			if (hasLetters(data)) found.push(data.trim());
			return;
		}
		if (type === 'Attribute') {
			const { name, value } = node as { name: string; value: unknown };
			if (TEXT_ATTRIBUTES.has(name) && Array.isArray(value)) {
				for (const part of value as { type: string; data?: string }[]) {
					if (part.type === 'Text' && hasLetters(part.data ?? ''))
						found.push(`${name}="${part.data}"`);
				}
			}
			return;
		}
		if (type === 'StyleDirective' || type === 'Comment') return;
		for (const [key, child] of Object.entries(node)) if (key !== 'metadata') visit(child);
	};
	visit(parse(source, { modern: true }).fragment);
	return found;
}

describe('components', () => {
	it('the literal-text check finds what it should, and nothing else', () => {
		const source = `
			<script lang="ts">const label = 'Hallo';</script>
			<h1>Willkommen</h1>
			<img src="/a.png" alt="Stadtplan" />
			<button aria-label={t('nav.home')} class="link-button" type="button">{t('nav.home')}</button>
			<!-- Kommentar -->
			<p>{label} · 12</p>
			<style>p { color: red; }</style>`;
		expect(literalTexts(source)).toEqual(['Willkommen', 'alt="Stadtplan"']);
	});

	// Parses every component of the app: seconds on a busy 2-core machine.
	it('show no user-visible text outside t(...)', { timeout: 60_000 }, () => {
		const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((file) =>
			file.endsWith('.svelte')
		);
		expect(files.length).toBeGreaterThan(0);
		const offenders = files.flatMap((file) =>
			literalTexts(readFileSync(join(SRC, file), 'utf8')).map((text) => `${file}: ${text}`)
		);
		expect(offenders).toEqual([]);
	});
});
