import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE } from '$lib/server/db/settings';
import { defaultText, renderMarkdown } from '$lib/server/legal/render';

describe('legal texts', () => {
	it('escapes raw HTML and drops javascript: links', () => {
		const html = renderMarkdown('<script>alert(1)</script>\n\n[x](javascript:alert(1))');
		expect(html).not.toContain('<script>');
		expect(html).toContain('&lt;script&gt;');
		expect(html).not.toContain('href="javascript');
	});

	it('drops a leading title, keeps one h1 on the page and keeps line breaks', () => {
		const html = renderMarkdown('# Impressum\n\n# Mehr\n\nZeile 1\nZeile 2');
		expect(html).not.toContain('Impressum');
		expect(html).not.toContain('<h1>');
		expect(html).toContain('<h2>Mehr</h2>');
		expect(html).toContain('Zeile 1<br />');
	});

	it('fills the defaults with the municipality and its addresses', () => {
		const site = { ...DEFAULT_SITE, municipalityName: 'Beispielheim', contactEmail: 'a@b.example' };
		for (const page of [
			'impressum',
			'datenschutz',
			'barrierefreiheit',
			'leichteSprache'
		] as const) {
			for (const locale of ['de', 'en'] as const) {
				const text = defaultText(page, locale, site, '(none)');
				expect(text).toContain('Beispielheim');
				expect(text).not.toMatch(/{{\w+}}/);
			}
		}
		const html = renderMarkdown(defaultText('barrierefreiheit', 'de', site, '(none)'));
		expect(html).toContain('href="mailto:a@b.example"');
		expect(html).toContain('Schlichtungsstelle');
	});
});
