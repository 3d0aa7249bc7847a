import { randomUUID } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';
import type postgres from 'postgres';

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
			status: string;
			field_slug: string;
			district_id: number;
		}[]
	>`select id, lat, lng, body, status, field_slug, district_id from public.ideas
		where title = ${title}`;
}

/** The heading of the wizard's current step. */
export function stepHeading(page: Page) {
	return page.getByRole('heading', { level: 2 }).first();
}

/**
 * Chooses a district on the place step and waits until the wizard has taken it. A choice made in
 * the server-drawn form before the wizard has started is reset when it starts (a slow start under
 * load): choose again until the wizard says which place it has.
 */
export async function chooseDistrict(page: Page, name: string) {
	await expect(async () => {
		await page.getByLabel('Stadtteil').selectOption({ label: name });
		await expect(page.getByText(`Gewählter Ort: Mitte des Stadtteils ${name}.`)).toBeVisible({
			timeout: 1_000
		});
	}).toPass();
}

export async function next(page: Page) {
	await page.getByRole('button', { name: 'Weiter', exact: true }).click();
}

/** Presses Tab until `target` has focus, as a keyboard user would (no clicks, no focus()). */
export async function tabTo(page: Page, target: Locator) {
	for (let presses = 0; presses < 40; presses++) {
		if (await target.evaluate((element) => element === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error('never reached the element with Tab');
}
