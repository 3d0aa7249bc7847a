import { gzipSync } from 'node:zlib';
import { expect, test } from './support/fixtures.ts';

const FIELDS_HEADING = 'Handlungsfelder der digitalen Agenda';

test('the start page lists the fields of action and the browser confirms them live', async ({
	page,
	stack
}) => {
	const browserRead = page.waitForRequest(
		(request) => request.url().startsWith(`${stack.apiUrl}/rest/v1/fields_of_action`),
		{ timeout: 10_000 }
	);
	await page.goto('/');
	await expect(page).toHaveTitle('Start – Stadtidee Musterstadt');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Gemeinsam die digitale Stadt gestalten'
	);
	const fields = page.getByRole('region', { name: FIELDS_HEADING }).getByRole('listitem');
	await expect(fields).toHaveCount(12);
	const names = fields.getByRole('heading', { level: 3 });
	await expect(names.first()).toHaveText('Bürgerservice & Verwaltung');
	await expect(names.last()).toHaveText('Stadtentwicklung, Bauen & Wohnen');

	await browserRead;
	await expect(page.getByRole('status')).toHaveText(
		'Live geprüft: 12 Handlungsfelder direkt aus der Datenbank bestätigt.'
	);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the list is server-rendered', async ({ page }) => {
		await page.goto('/');
		const fields = page.getByRole('region', { name: FIELDS_HEADING }).getByRole('listitem');
		await expect(fields).toHaveCount(12);
		await expect(fields.nth(4).getByRole('heading')).toHaveText(
			'Netze & digitale Infrastruktur (Breitband, Mobilfunk, WLAN)'
		);
		await expect(page.getByRole('status')).toBeEmpty();
	});
});

test('first-load JavaScript stays small and leaves supabase-js and the map out', async ({
	request
}) => {
	// SvelteKit announces the page's static module graph as modulepreload links in the Link header;
	// modules imported dynamically later (supabase-js) are not part of it.
	const page = await request.get('/');
	const modules = [
		...(page.headers()['link'] ?? '').matchAll(/<([^>]+)>;\s*rel="modulepreload"/g)
	].map(([, href]) => new URL(href!, page.url()).href);
	expect(modules.length).toBeGreaterThan(0);
	let gzipBytes = 0;
	for (const url of modules) {
		const body = await (await request.get(url)).body();
		const text = body.toString('utf8');
		expect(text, url).not.toContain('@supabase/');
		// Leaflet announces itself in its bundle; the map loads after first paint, in the map view.
		expect(text, url).not.toMatch(/Leaflet|leaflet-container/);
		gzipBytes += gzipSync(body, { level: 9 }).length;
	}
	test.info().annotations.push({ type: 'first-load JS (gzip)', description: `${gzipBytes} bytes` });
	// Issue 4's budget (docs/benchmarks.md has the measured number).
	expect(gzipBytes).toBeLessThanOrEqual(120 * 1024);
});
