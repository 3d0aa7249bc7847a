import type postgres from 'postgres';
import { expect, test } from './support/fixtures.ts';

// The idea page shows a small map: its tiles are answered locally.

type LegalColumn = 'impressum_md' | 'datenschutz_md' | 'barrierefreiheit_md' | 'leichte_sprache_md';

/** Sets legal texts for the duration of `run`, then restores what was there. */
async function withLegalTexts(
	sql: postgres.Sql,
	texts: Partial<Record<LegalColumn, string>>,
	run: () => Promise<void>
) {
	const columns = Object.keys(texts) as LegalColumn[];
	const [before] = await sql<
		Record<LegalColumn, string>[]
	>`select ${sql(columns)} from public.settings`;
	await sql`update public.settings set ${sql(texts as Record<string, string>, columns)}`;
	try {
		await run();
	} finally {
		await sql`update public.settings set ${sql(before!, columns)}`;
	}
}

const EMPTY = {
	impressum_md: '',
	datenschutz_md: '',
	barrierefreiheit_md: '',
	leichte_sprache_md: ''
};

test('without texts of its own the municipality gets sensible defaults', async ({ page, sql }) => {
	await withLegalTexts(sql, EMPTY, async () => {
		await page.goto('/impressum');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Impressum');
		await expect(page.getByText('Angaben gemäß § 5 Digitale-Dienste-Gesetz (DDG)')).toBeVisible();
		await expect(page.getByRole('link', { name: 'digitales@musterstadt.example' })).toBeVisible();

		await page.goto('/datenschutz');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Datenschutzerklärung');
		await expect(page.getByRole('heading', { name: 'Cookies' })).toBeVisible();
		await expect(page.getByText(/nur zwei technisch notwendige Cookies/)).toBeVisible();

		await page.goto('/barrierefreiheit');
		await expect(page.getByRole('heading', { name: 'Schlichtungsverfahren' })).toBeVisible();
		await expect(
			page.getByRole('main').getByRole('link', { name: 'barrierefreiheit@musterstadt.example' })
		).toHaveAttribute('href', 'mailto:barrierefreiheit@musterstadt.example');

		await page.goto('/leichte-sprache');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Stadtidee in Leichter Sprache'
		);
		await expect(page.getByRole('heading', { name: 'Was ist Stadtidee?' })).toBeVisible();

		await page.getByRole('button', { name: 'English' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Stadtidee in Easy Language');
		await page.goto('/datenschutz');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy policy');
		await expect(page.getByText(/only set two technically necessary cookies/)).toBeVisible();
	});
});

test('a configured text wins, rendered as safe Markdown', async ({ page, sql }) => {
	await withLegalTexts(
		sql,
		{
			impressum_md:
				'# Impressum\n\nStadt Testhausen\nRathausplatz 2\n\n**Vertreten** durch den Bürgermeister.\n\n<script>window.injected = true</script>'
		},
		async () => {
			await page.goto('/impressum');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Impressum');
			await expect(page.getByRole('heading', { name: 'Impressum' })).toHaveCount(1);
			await expect(page.getByText('Stadt Testhausen')).toBeVisible();
			await expect(page.getByRole('main').locator('strong')).toHaveText('Vertreten');
			await expect(page.getByText('<script>window.injected = true</script>')).toBeVisible();
			expect(await page.evaluate(() => 'injected' in window)).toBe(false);
			await expect(page.getByText('§ 5 Digitale-Dienste-Gesetz')).toHaveCount(0);

			// In English the page says the town's text is German, and marks it so.
			await page.getByRole('button', { name: 'English' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Legal notice');
			await expect(page.getByText('The town wrote this text in German.')).toBeVisible();
			await expect(page.locator('[lang="de"]').getByText('Stadt Testhausen')).toBeVisible();
		}
	);
});

const FOOTER_LINKS = [
	['Impressum', '/impressum'],
	['Datenschutz', '/datenschutz'],
	['Barrierefreiheit', '/barrierefreiheit'],
	['Leichte Sprache', '/leichte-sprache']
] as const;

for (const path of [
	'/',
	'/ideen/00000000-0000-4000-b000-000000000001',
	'/anmelden',
	'/impressum',
	'/agenda'
]) {
	test(`the footer on ${path} links the legal pages and the barrier feedback`, async ({ page }) => {
		await page.goto(path);
		const footer = page.getByRole('navigation', { name: 'Rechtliches und Barrierefreiheit' });
		for (const [name, href] of FOOTER_LINKS) {
			await expect(footer.getByRole('link', { name, exact: true })).toHaveAttribute('href', href);
		}
		await expect(footer.getByRole('link', { name: 'Barriere melden' })).toHaveAttribute(
			'href',
			`/barriere-melden?seite=${encodeURIComponent(path)}`
		);
	});
}

test('the barrier feedback page prepares an e-mail naming the page', async ({ page, baseURL }) => {
	await page.goto('/leichte-sprache');
	await page.getByRole('link', { name: 'Barriere melden' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Barriere melden');
	await expect(page.getByText(`Betroffene Seite: ${baseURL}/leichte-sprache`)).toBeVisible();
	const mail = page.getByRole('link', {
		name: 'E-Mail an barrierefreiheit@musterstadt.example schreiben'
	});
	const href = new URL((await mail.getAttribute('href'))!);
	expect(href.protocol).toBe('mailto:');
	expect(href.pathname).toBe('barrierefreiheit@musterstadt.example');
	expect(href.searchParams.get('subject')).toBe('Barriere auf Stadtidee');
	expect(href.searchParams.get('body')).toContain(`${baseURL}/leichte-sprache`);
});

test('the municipality brands the site: name, logo, colours with a contrast fallback', async ({
	page,
	sql
}) => {
	await page.goto('/');
	const brand = page.getByRole('banner').getByRole('link', { name: /Stadtidee Musterstadt/ });
	await expect(brand).toBeVisible();
	await expect(brand.getByRole('img', { name: 'Wappen oder Logo von Musterstadt' })).toBeVisible();
	await expect(page).toHaveTitle(/– Stadtidee Musterstadt$/);

	const brandColour = () =>
		page.evaluate(() =>
			getComputedStyle(document.querySelector('.skip-link')!)
				.getPropertyValue('--color-brand')
				.trim()
		);
	const [before] = await sql<
		{ primary_colour: string }[]
	>`select primary_colour from public.settings`;
	try {
		await sql`update public.settings set primary_colour = '#1d5e20'`;
		await page.reload();
		expect(await brandColour()).toBe('#1d5e20');
		// Pale yellow on white fails AA: the default comes back.
		await sql`update public.settings set primary_colour = '#ffee88'`;
		await page.reload();
		expect(await brandColour()).toBe('#005a8c');
	} finally {
		await sql`update public.settings set primary_colour = ${before!.primary_colour}`;
	}
});
