import { describe, expect, it } from 'vitest';
import { commentSchema, parseListFilter, voteSchema } from '$lib/schemas/idea';
import { listFilterQuery, NO_FILTER } from '$lib/schemas/list-filter';

const parse = (query: string) => parseListFilter(new URLSearchParams(query));

describe('the list filter in the URL', () => {
	it('defaults to everything, best matches first, page 1', () => {
		expect(parse('')).toEqual({ sort: 'relevance', page: 1 });
		expect(parse('')).toEqual(NO_FILTER);
	});

	it('reads every filter', () => {
		expect(
			parse(
				'q=+WLAN+&field=infrastruktur&district=altstadt&kind=location_need&status=planned&sort=newest&page=3'
			)
		).toEqual({
			q: 'WLAN',
			field: 'infrastruktur',
			district: 'altstadt',
			kind: 'location_need',
			status: 'planned',
			sort: 'newest',
			page: 3
		});
	});

	it('drops what it does not know instead of failing (old links, hand-edited URLs)', () => {
		expect(
			parse('q=%20%20&field=Not+A+Slug&kind=rocket&status=hidden&sort=hottest&page=-2')
		).toEqual({ sort: 'relevance', page: 1 });
		expect(parse(`q=${'x'.repeat(201)}&page=9999&status=submitted`)).toEqual({
			sort: 'relevance',
			page: 1
		});
	});

	it('knows the trending and nearest orders', () => {
		expect(parse('sort=trending')).toEqual({ sort: 'trending', page: 1 });
		expect(parse('sort=nearest&near=50.55,9.68')).toEqual({
			sort: 'nearest',
			near: { lat: 50.55, lng: 9.68 },
			page: 1
		});
	});

	it('reads a point leniently and drops one that is not on Earth', () => {
		const near = (value: string) => parse(`near=${encodeURIComponent(value)}`).near;
		expect(near(' 50.551234567 , 9.68 ')).toEqual({ lat: 50.55123, lng: 9.68 });
		expect(near('50.55;9.68')).toEqual({ lat: 50.55, lng: 9.68 });
		expect(near('-33.9 151.2')).toEqual({ lat: -33.9, lng: 151.2 });
		for (const bad of [
			'91,9',
			'50,181',
			'50.55',
			'50.55,9.68,3',
			'NaN,9',
			'Infinity,1',
			'1e3,2',
			'x,y'
		]) {
			expect(near(bad), bad).toBeUndefined();
		}
	});

	it('falls back to the usual order when nearest has no point', () => {
		expect(parse('sort=nearest')).toEqual({ sort: 'relevance', page: 1 });
		expect(parse('sort=nearest&near=500,9')).toEqual({ sort: 'relevance', page: 1 });
	});

	it('keeps the point in the query string', () => {
		const filter = parse('sort=nearest&near=50.55,9.68&q=Bank');
		expect(listFilterQuery(filter)).toBe('q=Bank&near=50.55%2C9.68&sort=nearest');
		expect(parse(listFilterQuery(filter))).toEqual(filter);
	});

	it('writes a short query string, without defaults, that reads back the same', () => {
		const filter = parse('field=bildung&sort=supported&q=Tablets');
		expect(listFilterQuery(filter)).toBe('q=Tablets&field=bildung&sort=supported');
		expect(listFilterQuery(filter, 2)).toBe('q=Tablets&field=bildung&sort=supported&page=2');
		expect(parse(listFilterQuery(filter, 2))).toEqual({ ...filter, page: 2 });
		expect(listFilterQuery(parse(''))).toBe('');
	});
});

describe('idea forms', () => {
	it('take the desired support state', () => {
		expect(voteSchema.parse({ supported: 'true' })).toEqual({ supported: true });
		expect(voteSchema.parse({ supported: 'false' })).toEqual({ supported: false });
		expect(voteSchema.safeParse({ supported: 'yes' }).success).toBe(false);
	});

	it('need a comment with a client id, 1 to 2,000 characters', () => {
		const id = '00000000-0000-4000-8000-000000000001';
		expect(commentSchema.parse({ id, body: '  Gute Idee  ' })).toEqual({ id, body: 'Gute Idee' });
		const empty = commentSchema.safeParse({ id, body: '   ' });
		expect(empty.error?.issues[0]?.message).toBe('idea.errors.comment_empty');
		const long = commentSchema.safeParse({ id, body: 'x'.repeat(2001) });
		expect(long.error?.issues[0]?.message).toBe('idea.errors.comment_too_long');
		expect(commentSchema.safeParse({ id: 'nope', body: 'Hallo' }).success).toBe(false);
	});
});
