/**
 * Renders the app icons (PNG) from the favicon's light bulb with Debian's Chromium, so no image
 * package is needed. Run after changing the design: `node --import tsx scripts/make-icons.ts`;
 * the PNGs under static/icons/ are committed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const BRAND = '#005a8c';
const BULB = 'M16 6a7 7 0 0 0-4 12.7V22h8v-3.3A7 7 0 0 0 16 6Zm-3 18h6v2h-6z';
const OUT = join(import.meta.dirname, '..', 'static', 'icons');

/** `any` icons: the rounded tile as in the favicon. Maskable: full bleed, bulb inside the 80 % safe zone. */
function svg(maskable: boolean): string {
	const scale = maskable ? 0.6 : 1;
	const offset = (32 - 32 * scale) / 2;
	const tile = maskable
		? `<rect width="32" height="32" fill="${BRAND}"/>`
		: `<rect width="32" height="32" rx="6" fill="${BRAND}"/>`;
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="100%" height="100%">${tile}<path transform="translate(${offset} ${offset}) scale(${scale})" d="${BULB}" fill="#fff"/></svg>`;
}

const ICONS = [
	{ file: 'icon-192.png', size: 192, maskable: false },
	{ file: 'icon-512.png', size: 512, maskable: false },
	{ file: 'maskable-192.png', size: 192, maskable: true },
	{ file: 'maskable-512.png', size: 512, maskable: true },
	// iOS rounds the corners itself and dislikes transparency.
	{ file: 'apple-touch-icon.png', size: 180, maskable: true }
];

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox']
});
try {
	for (const { file, size, maskable } of ICONS) {
		const page = await browser.newPage({ viewport: { width: size, height: size } });
		await page.setContent(
			`<html><body style="margin:0;background:transparent">${svg(maskable)}</body></html>`
		);
		await page.screenshot({ path: join(OUT, file), omitBackground: true });
		await page.close();
	}
} finally {
	await browser.close();
}
console.log(`icons written to ${OUT}`);
