import { describe, expect, it } from 'vitest';
import {
	brandColours,
	brandStyle,
	contrast,
	DEFAULT_ACCENT,
	DEFAULT_PRIMARY
} from '$lib/components/layout/brand';

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
			`--color-brand: ${DEFAULT_PRIMARY};`
		);
	});
});
