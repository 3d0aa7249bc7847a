import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	brandColours,
	brandStyle,
	contrast,
	DARK_BG,
	DARK_SURFACE,
	DEFAULT_ACCENT,
	DEFAULT_PRIMARY
} from '$lib/server/brand';

describe('brand colours', () => {
	it('computes WCAG contrast ratios', () => {
		expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrast('#ffffff', '#ffffff')).toBe(1);
		// #767676 is the classic lightest grey that passes 4.5:1 on white.
		expect(contrast('#767676', '#ffffff')).toBeGreaterThan(4.5);
	});

	it('keeps a configured colour with enough contrast', () => {
		expect(brandColours('#1d5e20', '#aa3300')).toMatchObject({
			brand: '#1d5e20',
			accent: '#aa3300'
		});
	});

	it('falls back to the defaults when a colour fails contrast', () => {
		// Light yellow on white: about 1.1:1.
		expect(brandColours('#ffee88', '#fffacd')).toMatchObject({
			brand: DEFAULT_PRIMARY,
			accent: DEFAULT_ACCENT
		});
	});

	it('falls back for malformed values', () => {
		expect(brandColours('red; background: url(x)', 'nope').brand).toBe(DEFAULT_PRIMARY);
	});

	it('makes a darker hover shade and a style attribute', () => {
		const { brand, brandStrong } = brandColours(DEFAULT_PRIMARY, DEFAULT_ACCENT);
		expect(contrast(brandStrong, '#ffffff')).toBeGreaterThan(contrast(brand, '#ffffff'));
		expect(brandStyle(DEFAULT_PRIMARY, DEFAULT_ACCENT)).toContain(
			`--brand-light: ${DEFAULT_PRIMARY};`
		);
	});

	it('makes a lighter shade for the dark scheme with the same contrast rules', () => {
		// A dark green and a very dark blue: both need lightening on a dark page.
		for (const primary of [DEFAULT_PRIMARY, '#1d5e20', '#0a1a40']) {
			const { brandDark, brandStrongDark, accentDark } = brandColours(primary, DEFAULT_ACCENT);
			expect(contrast(brandDark, DARK_BG)).toBeGreaterThanOrEqual(4.5);
			expect(contrast(brandDark, DARK_SURFACE)).toBeGreaterThanOrEqual(4.5);
			expect(contrast(brandStrongDark, DARK_BG)).toBeGreaterThan(contrast(brandDark, DARK_BG));
			expect(contrast(accentDark, DARK_BG)).toBeGreaterThanOrEqual(3);
			expect(brandStyle(primary, DEFAULT_ACCENT)).toContain(`--brand-dark: ${brandDark};`);
		}
	});
});

describe('the colour schemes in app.css', () => {
	const css = readFileSync('src/app.css', 'utf8');
	/** The custom properties of the first block after `marker`. */
	function palette(marker: string): Record<string, string> {
		const start = css.indexOf(marker);
		const block = css.slice(start, css.indexOf('}', start));
		return Object.fromEntries(
			[...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map(([, name, value]) => [
				name!,
				value!
			])
		);
	}
	const light = palette(':root {');
	const dark = { ...light, ...palette('@media (prefers-color-scheme: dark)') };
	const defaults = brandColours(DEFAULT_PRIMARY, DEFAULT_ACCENT);

	it('keeps the dark page colours brand.ts computes against', () => {
		expect(dark['color-bg']).toBe(DARK_BG);
		expect(dark['color-surface']).toBe(DARK_SURFACE);
		expect(dark['brand-dark']).toBe(defaults.brandDark);
		expect(dark['brand-strong-dark']).toBe(defaults.brandStrongDark);
	});

	for (const [scheme, colours, brand] of [
		['light', light, defaults.brand],
		['dark', dark, defaults.brandDark]
	] as const) {
		it(`has 4.5:1 for every text pair and 3:1 for borders and focus (${scheme})`, () => {
			const text = { ...colours, brand } as Record<string, string>;
			const pairs: [string, string, number][] = [
				['color-text', 'color-bg', 4.5],
				['color-text', 'color-surface', 4.5],
				['color-text', 'color-warning-bg', 4.5],
				['color-muted', 'color-bg', 4.5],
				['color-muted', 'color-surface', 4.5],
				['brand', 'color-bg', 4.5],
				['brand', 'color-surface', 4.5],
				['color-on-brand', 'brand', 4.5],
				['color-error', 'color-error-bg', 4.5],
				['color-error', 'color-bg', 4.5],
				['color-success', 'color-success-bg', 4.5],
				['color-text', 'color-error-bg', 4.5],
				['color-text', 'color-success-bg', 4.5],
				['color-border', 'color-bg', 3],
				['color-focus', 'color-bg', 3],
				['color-focus', 'color-surface', 3]
			];
			for (const [fg, bg, ratio] of pairs) {
				expect(contrast(text[fg]!, text[bg]!), `${fg} on ${bg}`).toBeGreaterThanOrEqual(ratio);
			}
		});
	}
});
