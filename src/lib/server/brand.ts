// The municipality's colours become CSS custom properties. A configured colour that would break
// WCAG 2.1 AA contrast is not used: the default takes its place (the admin sees why in the docs).
// The dark colour scheme gets a lighter shade of the same colours, computed here, so a town
// configures one primary colour and both schemes keep their contrast.

const WHITE = '#ffffff';
/** The header and cards: brand text sits on this as well as on white. */
const SURFACE = '#f3f5f7';
/** The dark scheme's page and surface (src/app.css keeps the same values). */
export const DARK_BG = '#121619';
export const DARK_SURFACE = '#1e2429';

export const DEFAULT_PRIMARY = '#005a8c';
export const DEFAULT_ACCENT = '#b3541e';

function channels(hex: string): [number, number, number] {
	const value = Number.parseInt(hex.slice(1), 16);
	return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
	const [r, g, b] = channels(hex).map((c) => {
		const s = c / 255;
		return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	}) as [number, number, number];
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio (1–21) of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
	return (light + 0.05) / (dark + 0.05);
}

const isHex = (value: string) => /^#[0-9a-f]{6}$/i.test(value);

/** Mixes a colour with black (towards 0) or white (towards 255) by `amount` (0–1). */
function mix(hex: string, toward: 0 | 255, amount: number): string {
	return `#${channels(hex)
		.map((c) =>
			Math.round(c + (toward - c) * amount)
				.toString(16)
				.padStart(2, '0')
		)
		.join('')}`;
}

/** The hover shade on a light page: always darker, so never less contrast. */
const darken = (hex: string, amount: number) => mix(hex, 0, amount);

/** The least lighter shade of `hex` with at least `ratio` against every one of `backgrounds`. */
function lightenUntil(hex: string, ratio: number, backgrounds: string[]): string {
	for (let step = 0; step <= 20; step++) {
		const shade = mix(hex, 255, step / 20);
		if (backgrounds.every((bg) => contrast(shade, bg) >= ratio)) return shade;
	}
	return WHITE;
}

/**
 * The primary colour is link text on white and on the surface, and the background of white
 * button text: it needs 4.5:1 against both. The accent is a decorative stripe: 3:1 (non-text).
 */
export function brandColours(primary: string, accent: string) {
	const brand =
		isHex(primary) && Math.min(contrast(primary, WHITE), contrast(primary, SURFACE)) >= 4.5
			? primary.toLowerCase()
			: DEFAULT_PRIMARY;
	const stripe =
		isHex(accent) && contrast(accent, WHITE) >= 3 ? accent.toLowerCase() : DEFAULT_ACCENT;
	// Dark scheme: link text on the dark page and surface, and the background of dark button text.
	const brandDark = lightenUntil(brand, 4.5, [DARK_BG, DARK_SURFACE]);
	return {
		brand,
		brandStrong: darken(brand, 0.22),
		accent: stripe,
		brandDark,
		brandStrongDark: mix(brandDark, 255, 0.3),
		accentDark: lightenUntil(stripe, 3, [DARK_BG])
	};
}

/**
 * The style attribute that sets the custom properties for the whole page: src/app.css picks the
 * light or the dark ones by the person's colour scheme.
 */
export function brandStyle(primary: string, accent: string): string {
	const c = brandColours(primary, accent);
	return (
		`--brand-light: ${c.brand}; --brand-strong-light: ${c.brandStrong}; --accent-light: ${c.accent}; ` +
		`--brand-dark: ${c.brandDark}; --brand-strong-dark: ${c.brandStrongDark}; --accent-dark: ${c.accentDark};`
	);
}
