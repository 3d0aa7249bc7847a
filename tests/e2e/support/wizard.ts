import { randomUUID } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { centroid, type GeoPolygon } from '../../../src/lib/map/polygon.ts';

/** Where the submission wizard keeps its draft (src/lib/state/draft.ts). */
export const DRAFT_KEY = 'stadtidee.submission-draft.v1';

/** A word no seed idea has, so each test finds its own rows. */
export const uniqueWord = () => `Probe${randomUUID().replaceAll('-', '').slice(0, 10)}`;

export async function ideasTitled(sql: postgres.Sql, title: string) {
	return sql<
		{
			id: string;
			lat: number;
			lng: number;
			body: string;
			place_hint: string;
			status: string;
			field_slug: string;
			district_id: number;
		}[]
	>`select id, lat, lng, body, place_hint, status, field_slug, district_id from public.ideas
		where title = ${title}`;
}

/** A district's id and centre, where an idea placed "in this district" lands. */
export async function districtCentre(sql: postgres.Sql, slug: string) {
	const [row] = await sql<{ area: GeoPolygon; id: number }[]>`
		select id, area_geojson as area from public.districts where slug = ${slug}`;
	return { id: row!.id, ...centroid(row!.area) };
}

/** The heading of the wizard's current step. */
export function stepHeading(page: Page) {
	return page.getByRole('heading', { level: 2 }).first();
}

/**
 * Chooses a district on the place step and waits until the wizard has taken it (it names the
 * place). A choice made before the wizard has started counts too (submit-plain.spec.ts).
 */
export async function chooseDistrict(page: Page, name: string) {
	await page.getByLabel('Stadtteil').selectOption({ label: name });
	await expect(page.getByText(`Gewählter Ort: Mitte des Stadtteils ${name}.`)).toBeVisible();
}

export async function next(page: Page) {
	await page.getByRole('button', { name: 'Weiter', exact: true }).click();
}

/**
 * Fills the wizard from its first step to the review step: the title and text, a district's
 * centre as the place, the field of action. Returns at the review step, before "Idee einreichen".
 */
export async function fillWizard(
	page: Page,
	idea: { district: string; title: string; body: string; field: string }
) {
	await page.goto('/ideen/neu');
	await page.getByLabel('Titel').fill(idea.title);
	await page.getByLabel('Beschreibung').fill(idea.body);
	await next(page);
	await chooseDistrict(page, idea.district);
	await next(page);
	await page.getByLabel('Handlungsfeld').selectOption(idea.field);
	await next(page);
	await expect(page).toHaveURL('/ideen/neu?schritt=pruefen');
}

/** Opens the wizard and says what the idea is, so that it asks where (the second step). */
export async function startAtPlace(page: Page, title = 'Eine Idee für die ganze Stadt') {
	await page.goto('/ideen/neu');
	await page.getByLabel('Titel').fill(title);
	await next(page);
	await expect(stepHeading(page)).toHaveText('Wo soll Ihre Idee wirken?');
}

/** Presses Tab until `target` has focus, as a keyboard user would (no clicks, no focus()). */
export async function tabTo(page: Page, target: Locator) {
	for (let presses = 0; presses < 40; presses++) {
		if (await target.evaluate((element) => element === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error('never reached the element with Tab');
}
