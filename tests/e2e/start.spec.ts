import { gzipSync } from 'node:zlib';
import { expect, test } from './support/fixtures.ts';

const FIELDS_HEADING = 'Handlungsfelder der digitalen Agenda';

test('the start page lists the fields of action and asks nothing of Supabase from the browser', async ({
	page,
	stack
}) => {
	// The list view is the server's: supabase-js (about 50 KB gzip) stays off the start page.
	const browserReads: string[] = [];
	page.on('request', (request) => {
		if (request.url().startsWith(stack.apiUrl)) browserReads.push(request.url());
	});
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

	await page.waitForLoadState('networkidle');
	expect(browserReads).toEqual([]);
});

test.describe('without JavaScript', { tag: '@any-screen' }, () => {
	test.use({ javaScriptEnabled: false });

	test('the list is server-rendered', async ({ page }) => {
		await page.goto('/');
		const fields = page.getByRole('region', { name: FIELDS_HEADING }).getByRole('listitem');
		await expect(fields).toHaveCount(12);
		await expect(fields.nth(4).getByRole('heading')).toHaveText(
			'Netze & digitale Infrastruktur (Breitband, Mobilfunk, WLAN)'
		);
	});

	test('offers no "near me" button, which could do nothing without JavaScript', async ({
		page
	}) => {
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Ideen in meiner Nähe' })).toBeHidden();
	});
});

test('with JavaScript, the "near me" button is there from the first paint', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('button', { name: 'Ideen in meiner Nähe' })).toBeVisible();
});

test('first-load JavaScript: small, without supabase-js, zod or the map, compiled at once', async ({
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
		// V8 honours the compile hint only as the file's first line (vite.config.ts adds it last).
		expect(text.startsWith('//# allFunctionsCalledOnLoad\n'), url).toBe(true);
		expect(text, url).not.toContain('@supabase/');
		// Leaflet announces itself in its bundle; the map loads after first paint, in the map view.
		expect(text, url).not.toMatch(/Leaflet|leaflet-container/);
		// Zod (22 KB gzip, ~100 ms of script at Lighthouse's 4× CPU) is for pages that validate.
		expect(text, url).not.toContain('ZodError');
		gzipBytes += gzipSync(body, { level: 9 }).length;
	}
	test.info().annotations.push({ type: 'first-load JS (gzip)', description: `${gzipBytes} bytes` });
	// The first-load budget (docs/benchmarks.md has the measured number).
	expect(gzipBytes).toBeLessThanOrEqual(120 * 1024);
});

test('no stylesheet request stands before the first paint: the styles are in the page', async ({
	request
}) => {
	for (const path of [
		'/',
		'/ideen/00000000-0000-4000-b000-000000000001',
		'/ideen/neu',
		'/agenda'
	]) {
		const html = await (await request.get(path)).text();
		expect(html, path).toContain('<style');
		// SvelteKit also links the inlined files, disabled (for later client-side navigation): those
		// load nothing before the paint.
		const blocking = (html.match(/<link[^>]+rel="stylesheet"[^>]*>/g) ?? []).filter(
			(link) => !/\sdisabled[\s>]/.test(link)
		);
		expect(blocking, path).toEqual([]);
	}
});

test(
	'the browser logs no issues (a blocked eval, say) on the start page and an idea page',
	{ tag: '@any-screen' },
	async ({ page }) => {
		// Chromium's issue log (DevTools "Issues", Lighthouse's inspector-issues) sees what the
		// console may not: a library probing for eval under our CSP inside a try/catch, for one.
		const cdp = await page.context().newCDPSession(page);
		const issues: string[] = [];
		cdp.on('Audits.issueAdded', ({ issue }) => issues.push(JSON.stringify(issue)));
		await cdp.send('Audits.enable');
		for (const path of ['/', '/ideen/00000000-0000-4000-b000-000000000001']) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await page.waitForLoadState('networkidle');
		}
		expect(issues).toEqual([]);
	}
);

test('the start page and an idea page do not move while they start (no layout shift)', async ({
	page
}) => {
	// What only JavaScript can offer (the "near me" button) is drawn by the server and hidden by
	// CSS when scripting is off, so hydration never pushes the content down under a reader.
	for (const path of ['/', '/ideen/00000000-0000-4000-b000-000000000001']) {
		await page.goto(path);
		await page.waitForLoadState('networkidle');
		const shifts = await page.evaluate(
			() =>
				new Promise<string[]>((resolve) => {
					const found: string[] = [];
					const observer = new PerformanceObserver((list) => {
						for (const entry of list.getEntries() as (PerformanceEntry & {
							value: number;
							sources: { node?: Node | null }[];
						})[]) {
							const nodes = entry.sources.map((source) => source.node?.nodeName ?? '?');
							found.push(`${entry.value.toFixed(4)} ${nodes.join(', ')}`);
						}
					});
					observer.observe({ type: 'layout-shift', buffered: true });
					// Two frames on, every shift so far has been delivered.
					requestAnimationFrame(() =>
						requestAnimationFrame(() => {
							observer.disconnect();
							resolve(found);
						})
					);
				})
		);
		expect(shifts, path).toEqual([]);
	}
});

test('ideas come first: the first idea card is whole on the first screen; filters wait behind one button on a phone', async ({
	page
}) => {
	await page.goto('/');
	const first = page.locator('ul.ideas > li').first();
	const box = (await first.boundingBox())!;
	const { width, height } = page.viewportSize()!;
	if (width < 768) {
		// A phone: the whole first card on the first screen; the filters behind "Filtern".
		expect(box.y + box.height).toBeLessThanOrEqual(height);
		const form = page.getByRole('form', { name: 'Ideen filtern' });
		await expect(form).toBeHidden();
		await page.locator('summary', { hasText: /^Filtern$/ }).click();
		await expect(form).toBeVisible();
		// The links wait behind "Menü".
		const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
		await expect(nav).toBeHidden();
		await page.locator('summary', { hasText: /^Menü/ }).click();
		await nav.getByRole('link', { name: 'Agenda' }).click();
		await expect(page).toHaveURL(/\/agenda$/);
		await expect(nav).toBeHidden();
	} else {
		// Wider: the first card starts on the first screen, the filters and links are open.
		expect(box.y).toBeLessThan(height);
		await expect(page.getByRole('form', { name: 'Ideen filtern' })).toBeVisible();
		await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
	}
});
