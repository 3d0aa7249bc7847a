import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import de from '$lib/i18n/locales/de/index';
import en from '$lib/i18n/locales/en/index';
import { createTranslator } from '$lib/i18n/translator';
import { problemFor } from '$lib/problems';
import { COMMENT_MAX, commentSchema } from '$lib/schemas/idea';
import { BODY_MAX, PLACE_HINT_MAX, TITLE } from '$lib/schemas/limits';
import { placeHintSchema, textSchema } from '$lib/schemas/submission';
import { type Actor, createUser, expectCode, INSIDE, insertIdea, sql } from './helpers.ts';

/**
 * The length limits of what people write live in SQL (the validation trigger, the row invariants,
 * the comments table) and are repeated where a person meets them first: the zod schemas and the
 * messages. These tests read the limits from the database and fail when any copy drifts.
 */

let citizen: Actor;
beforeAll(async () => {
	citizen = await createUser();
});

const text = (length: number) => 'x'.repeat(length);
const title = (length: number) => 'T'.repeat(length);
const submit = (fields: { title: string; body?: string; place_hint?: string }) =>
	citizen.client.rpc('submit_idea', {
		id: randomUUID(),
		body: '',
		field_slug: 'verwaltung',
		...INSIDE,
		...fields
	});

const languages = { de: createTranslator('de', de), en: createTranslator('en', en) };
/** The message for a database code names the limit, written as each language writes numbers. */
function expectMessagesName(area: 'submit' | 'idea', code: string, limit: number) {
	for (const [language, t] of Object.entries(languages)) {
		const number = new Intl.NumberFormat(language).format(limit);
		expect(t(problemFor(area, code)), `${language}: ${code}`).toContain(number);
	}
}

/** A number from a function's source, by a pattern with one group (the row invariants). */
async function fromSource(fn: string, pattern: RegExp): Promise<number[]> {
	const [row] = await sql<{ source: string }[]>`
		select pg_get_functiondef(${fn}::regproc) as source`;
	const match = pattern.exec(row?.source ?? '');
	expect(match, `${fn} no longer matches ${pattern}`).not.toBeNull();
	return match!.slice(1).map(Number);
}

describe('an idea’s title and text', () => {
	test('the database accepts exactly what the form accepts', async () => {
		for (const [length, code] of [
			[TITLE.min - 1, 'title_too_short'],
			[TITLE.max + 1, 'title_too_long']
		] as const) {
			expect(textSchema.safeParse({ title: title(length) }).success).toBe(false);
			expectCode((await submit({ title: title(length) })).error, code);
		}
		expect(textSchema.safeParse({ title: title(TITLE.min), body: text(BODY_MAX) }).success).toBe(
			true
		);
		const atLimits = await submit({ title: title(TITLE.min), body: text(BODY_MAX) });
		expect(atLimits.error).toBeNull();
		expect((await submit({ title: title(TITLE.max) })).error).toBeNull();

		expect(
			textSchema.safeParse({ title: title(TITLE.min), body: text(BODY_MAX + 1) }).success
		).toBe(false);
		expectCode(
			(await submit({ title: title(TITLE.min), body: text(BODY_MAX + 1) })).error,
			'body_too_long'
		);
	});

	test('the place hint: the database accepts exactly what the form accepts', async () => {
		const hint = (length: number) => 'h'.repeat(length);
		expect(placeHintSchema.safeParse(hint(PLACE_HINT_MAX)).success).toBe(true);
		expect(
			(await submit({ title: title(TITLE.min), place_hint: hint(PLACE_HINT_MAX) })).error
		).toBeNull();
		expect(placeHintSchema.safeParse(hint(PLACE_HINT_MAX + 1)).success).toBe(false);
		expectCode(
			(await submit({ title: title(TITLE.min), place_hint: hint(PLACE_HINT_MAX + 1) })).error,
			'place_hint_too_long'
		);
	});

	test('the row invariants hold the same limits', async () => {
		expect(
			await fromSource(
				'private.ideas_invariants',
				/char_length\(new\.title\) between (\d+) and (\d+)/
			)
		).toEqual([TITLE.min, TITLE.max]);
		expect(
			await fromSource('private.ideas_invariants', /char_length\(new\.body\) <= (\d+)/)
		).toEqual([BODY_MAX]);
		expect(
			await fromSource('private.ideas_invariants', /char_length\(new\.place_hint\) <= (\d+)/)
		).toEqual([PLACE_HINT_MAX]);
	});

	test('the messages name the limits', () => {
		expectMessagesName('submit', 'title_too_short', TITLE.min);
		expectMessagesName('submit', 'title_too_long', TITLE.max);
		expectMessagesName('submit', 'body_too_long', BODY_MAX);
		expectMessagesName('submit', 'place_hint_too_long', PLACE_HINT_MAX);
	});
});

describe('a comment', () => {
	test('the database accepts exactly what the form accepts, and the message names the limit', async () => {
		const idea = await insertIdea({ author: null });
		const comment = (body: string) =>
			citizen.client.rpc('add_comment', { id: randomUUID(), idea_id: idea, body });

		expect(commentSchema.safeParse({ id: randomUUID(), body: text(COMMENT_MAX) }).success).toBe(
			true
		);
		expect((await comment(text(COMMENT_MAX))).error).toBeNull();
		expect(commentSchema.safeParse({ id: randomUUID(), body: text(COMMENT_MAX + 1) }).success).toBe(
			false
		);
		expectCode((await comment(text(COMMENT_MAX + 1))).error, 'comment_too_long');
		expectMessagesName('idea', 'comment_too_long', COMMENT_MAX);
	});
});
