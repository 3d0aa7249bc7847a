import { describe, expect, it } from 'vitest';
import { TILE_SIZE, tileAddress, tilesAround, worldPixel } from '../../src/lib/map/tiles';

const TEMPLATE = 'https://tiles.example/{z}/{x}/{y}.png';
// Berlin's Alexanderplatz: tile 17604/10746 at zoom 15 (the OSM wiki's formula, worked by hand).
const POINT = { lat: 52.52, lng: 13.405 };

describe('worldPixel', () => {
	it('puts the null island in the middle of the world', () => {
		expect(worldPixel({ lat: 0, lng: 0 }, 1)).toEqual({ x: 256, y: 256 });
	});

	it('agrees with the slippy-map tile numbers', () => {
		const { x, y } = worldPixel(POINT, 15);
		expect(Math.floor(x / TILE_SIZE)).toBe(17604);
		expect(Math.floor(y / TILE_SIZE)).toBe(10746);
		expect(x / TILE_SIZE).toBeCloseTo(17604.1529, 3);
		expect(y / TILE_SIZE).toBeCloseTo(10746.4347, 3);
	});
});

describe('tileAddress', () => {
	it('fills zoom, column, row, subdomain and drops the retina suffix', () => {
		expect(tileAddress('https://{s}.tiles.example/{z}/{x}/{y}{r}.png', 3, 4, 5)).toBe(
			'https://a.tiles.example/3/4/5.png'
		);
	});
});

describe('tilesAround', () => {
	it('covers the picture with the tiles around the point, placed relative to it', () => {
		const tiles = tilesAround(POINT, 15, TEMPLATE, 100, 100);
		// The point sits 39 px into its tile's width and 111 px into its height: ±100 px spans
		// two columns (17603, 17604) and one row (10746).
		expect(tiles.map((tile) => tile.url)).toEqual([
			'https://tiles.example/15/17603/10746.png',
			'https://tiles.example/15/17604/10746.png'
		]);
		expect(tiles[1]).toMatchObject({ left: -39, top: -111 });
		expect(tiles[0]).toMatchObject({ left: -39 - TILE_SIZE, top: -111 });
	});

	it('stays inside the world at its edges', () => {
		const tiles = tilesAround({ lat: 0, lng: -180 }, 0, TEMPLATE, 300, 300);
		expect(tiles.map((tile) => tile.url)).toEqual(['https://tiles.example/0/0/0.png']);
	});
});
