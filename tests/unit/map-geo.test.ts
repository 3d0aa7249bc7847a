import { describe, expect, it } from 'vitest';
import {
	asBoundary,
	bboxContains,
	boundaryBbox,
	insideBoundary,
	snapBbox,
	type Boundary
} from '$lib/map/geo';
import { markerHtml, safeColour } from '$lib/map/icons';

// A square town with a square hole (a neighbouring enclave), RFC 7946 order [lng, lat].
const TOWN: Boundary = {
	type: 'Polygon',
	coordinates: [
		[
			[9, 50],
			[10, 50],
			[10, 51],
			[9, 51],
			[9, 50]
		],
		[
			[9.4, 50.4],
			[9.6, 50.4],
			[9.6, 50.6],
			[9.4, 50.6],
			[9.4, 50.4]
		]
	]
};

describe('insideBoundary', () => {
	it('accepts a point inside and refuses one outside or in a hole', () => {
		expect(insideBoundary({ lat: 50.2, lng: 9.2 }, TOWN)).toBe(true);
		expect(insideBoundary({ lat: 51.2, lng: 9.2 }, TOWN)).toBe(false);
		expect(insideBoundary({ lat: 50.5, lng: 9.5 }, TOWN)).toBe(false);
	});

	it('handles multipolygons and the absence of a boundary', () => {
		const two: Boundary = {
			type: 'MultiPolygon',
			coordinates: [
				[
					[
						[0, 0],
						[1, 0],
						[1, 1],
						[0, 0]
					]
				],
				TOWN.coordinates as number[][][]
			]
		};
		expect(insideBoundary({ lat: 50.2, lng: 9.2 }, two)).toBe(true);
		expect(insideBoundary({ lat: 5, lng: 5 }, two)).toBe(false);
		expect(insideBoundary({ lat: 5, lng: 5 }, null)).toBe(true);
	});
});

describe('asBoundary', () => {
	it('keeps polygons and drops anything else', () => {
		expect(asBoundary(TOWN)).toBe(TOWN);
		expect(asBoundary({ type: 'Point', coordinates: [1, 2] })).toBeNull();
		expect(asBoundary(null)).toBeNull();
		expect(asBoundary('x')).toBeNull();
	});
});

describe('bbox helpers', () => {
	it('finds the bounding box of the boundary', () => {
		expect(boundaryBbox(TOWN)).toEqual({ minLat: 50, minLng: 9, maxLat: 51, maxLng: 10 });
		expect(boundaryBbox(null)).toBeNull();
	});

	it('snaps outwards to a grid, so small pans ask for the same area', () => {
		const a = snapBbox({ minLat: 50.5512, minLng: 9.6781, maxLat: 50.5588, maxLng: 9.6899 });
		const b = snapBbox({ minLat: 50.5514, minLng: 9.6784, maxLat: 50.5587, maxLng: 9.6897 });
		expect(a).toEqual({ minLat: 50.55, minLng: 9.675, maxLat: 50.56, maxLng: 9.69 });
		expect(b).toEqual(a);
		expect(
			bboxContains(a, { minLat: 50.5512, minLng: 9.6781, maxLat: 50.5588, maxLng: 9.6899 })
		).toBe(true);
	});

	it('clamps to valid coordinates', () => {
		expect(snapBbox({ minLat: -90, minLng: -180, maxLat: 90, maxLng: 180 })).toEqual({
			minLat: -90,
			minLng: -180,
			maxLat: 90,
			maxLng: 180
		});
	});
});

describe('markers', () => {
	it('shows kind as shape and field as colour and number', () => {
		const html = markerHtml({ colour: '#00796b', symbol: '11', kind: 'location_need' });
		expect(html).toContain('si-marker--need');
		expect(html).toContain('--marker-colour:#00796b');
		expect(html).toContain('>11<');
		expect(markerHtml({ colour: '#00796b', symbol: '3', kind: 'idea' })).toContain(
			'si-marker--idea'
		);
	});

	it('never puts markup or odd colours from the database into the HTML', () => {
		expect(safeColour('red;background:url(x)')).toBe('#4a535c');
		expect(markerHtml({ colour: '#000000', symbol: '<b>', kind: 'idea' })).not.toContain('<b>');
	});
});
