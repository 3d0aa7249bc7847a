import { describe, expect, it } from 'vitest';
import { contributions } from '$lib/components/agenda/score';

const WEIGHTS = { support: 0.4, strategicFit: 0.3, effort: 0.1, urgency: 0.2, saturation: 100 };

describe('score contributions', () => {
	it('add up to 100 for a perfect measure and 0 for the worst', () => {
		const best = contributions(
			{ supportCount: 100, strategicFit: 5, effort: 1, urgency: 5 },
			WEIGHTS
		);
		expect(Object.values(best).reduce((a, b) => a + b)).toBeCloseTo(100);
		const worst = contributions(
			{ supportCount: 0, strategicFit: 1, effort: 5, urgency: 1 },
			WEIGHTS
		);
		expect(Object.values(worst).reduce((a, b) => a + b)).toBe(0);
	});

	it('saturate support and weigh effort against a measure', () => {
		const a = contributions(
			{ supportCount: 1000, strategicFit: 3, effort: 3, urgency: 3 },
			WEIGHTS
		);
		expect(a.support).toBeCloseTo(40);
		const easy = contributions(
			{ supportCount: 0, strategicFit: 3, effort: 1, urgency: 3 },
			WEIGHTS
		);
		const hard = contributions(
			{ supportCount: 0, strategicFit: 3, effort: 5, urgency: 3 },
			WEIGHTS
		);
		expect(easy.effort).toBeGreaterThan(hard.effort);
	});
});
