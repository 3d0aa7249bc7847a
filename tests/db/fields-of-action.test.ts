import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Actor, createUser, sql } from './helpers.ts';

let admin: Actor;
const tag = randomUUID().slice(0, 8);
const made: string[] = [];

beforeAll(async () => {
	admin = await createUser({ role: 'admin' });
});

afterAll(async () => {
	await sql`delete from public.fields_of_action where slug in ${sql(made)}`;
});

function field(slug: string) {
	made.push(slug);
	return { slug, name_de: 'E-Government', name_en: 'E-government', colour: '#1d70b8' };
}

describe('fields_of_action_slug_check', () => {
	test('an admin adds a field of action whose code has a hyphen, as the admin form allows', async () => {
		const slug = `e-gov-${tag}`;
		const { error } = await admin.client.from('fields_of_action').insert(field(slug));
		expect(error).toBeNull();
		const [row] = await sql`select slug from public.fields_of_action where slug = ${slug}`;
		expect(row).toEqual({ slug });
	});

	test('the check still refuses what the form refuses', async () => {
		for (const slug of [`-egov${tag}`, `E-gov${tag}`, `e gov${tag}`, `1egov${tag}`]) {
			const { error } = await admin.client.from('fields_of_action').insert(field(slug));
			expect(error?.code, slug).toBe('23514');
			expect(error?.message, slug).toContain('fields_of_action_slug_check');
		}
	});
});
