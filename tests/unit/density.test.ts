import { describe, expect, test } from 'vitest';
import { densityClasses } from '$lib/components/dashboard/density';

const cells = (...counts: number[]) => counts.map((ideas, i) => ({ lat: 50 + i, lng: 9, ideas }));

describe('densityClasses', () => {
	test('five ranges of whole counts from 1 to the busiest cell, without gaps', () => {
		const { levels, levelOf } = densityClasses(cells(12, 3, 1));
		expect(levels.map((l) => [l.from, l.to])).toEqual([
			[1, 2],
			[3, 4],
			[5, 7],
			[8, 9],
			[10, 12]
		]);
		expect(levelOf(1)).toBe(levels[0]);
		expect(levelOf(7)).toBe(levels[2]);
		expect(levelOf(12)).toBe(levels[4]);
		expect(new Set(levels.map((l) => l.colour)).size).toBe(5);
	});

	test('few ideas: one class per count, the darkest for the busiest cell', () => {
		const { levels, levelOf } = densityClasses(cells(2, 1));
		expect(levels.map((l) => [l.from, l.to])).toEqual([
			[1, 1],
			[2, 2]
		]);
		expect(levelOf(2).colour).toBe(densityClasses(cells(100)).levelOf(100).colour);
	});

	test('no cells: one class, nothing breaks', () => {
		expect(densityClasses([]).levels).toHaveLength(1);
	});
});
