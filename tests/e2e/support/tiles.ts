import type { BrowserContext } from '@playwright/test';

/** The host of the seeded settings.tile_url (basemap.de): tests never fetch real tiles. */
const TILE_HOST = 'sgx.geodatenzentrum.de';

/** A 1×1 transparent PNG. */
const BLANK_TILE = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=',
	'base64'
);

/** What Chromium itself logs for each tile that failed to load (not the app's doing). */
export const TILE_FAILURE = /^Failed to load resource: net::ERR_FAILED$/;

/**
 * Answers map tile requests on this machine, before the `localOnly` fixture would record them as
 * foreign: `blank` serves empty tiles (a map without a background; the fixture does this for
 * every test), `fail` aborts them like a dead tile server (pass TILE_FAILURE in
 * `expectedConsoleErrors` then). Routes registered later run first, so a test's call wins.
 */
export async function blockTiles(context: BrowserContext, how: 'blank' | 'fail' = 'blank') {
	await context.route(
		(url) => url.hostname === TILE_HOST,
		(route) =>
			how === 'fail'
				? route.abort('failed')
				: route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_TILE })
	);
}
