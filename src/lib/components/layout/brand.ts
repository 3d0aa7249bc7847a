// The municipality's colours become CSS custom properties. A configured colour that would break
// WCAG 2.1 AA contrast is not used: the default takes its place (the admin sees why in the docs).

const WHITE = '#ffffff';
/** The header and cards: brand text sits on this as well as on white. */
const SURFACE = '#f3f5f7';

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

/** Mixes a colour with black: the hover shade, always darker, so never less contrast. */
function darken(hex: string, amount: number): string {
	return `#${channels(hex)
		.map((c) =>
			Math.round(c * (1 - amount))
				.toString(16)
				.padStart(2, '0')
		)
		.join('')}`;
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
	return { brand, brandStrong: darken(brand, 0.22), accent: stripe };
}

/** The style attribute that sets the custom properties for the whole page. */
export function brandStyle(primary: string, accent: string): string {
	const { brand, brandStrong, accent: stripe } = brandColours(primary, accent);
	return `--color-brand: ${brand}; --color-brand-strong: ${brandStrong}; --color-accent: ${stripe};`;
}
