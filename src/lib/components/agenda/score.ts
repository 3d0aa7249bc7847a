export interface ScoreWeights {
	support: number;
	strategicFit: number;
	effort: number;
	urgency: number;
	saturation: number;
}

export interface ScoreInput {
	supportCount: number;
	strategicFit: number;
	effort: number;
	urgency: number;
}

export type Criterion = 'support' | 'strategicFit' | 'effort' | 'urgency';
export const CRITERIA: readonly Criterion[] = ['support', 'strategicFit', 'effort', 'urgency'];

/**
 * Each criterion's share of the 0–100 score, the same formula as priority_score() in SQL
 * (supabase/migrations/, the agenda): weight × normalised value ÷ sum of weights. The
 * shares add up to the score the database reports (up to rounding), so the ranking can be
 * explained line by line.
 */
export function contributions(m: ScoreInput, w: ScoreWeights): Record<Criterion, number> {
	const total = w.support + w.strategicFit + w.effort + w.urgency;
	const support = Math.min(1, Math.log(1 + m.supportCount) / Math.log(1 + w.saturation));
	const share = (weight: number, normalised: number) => (100 * weight * normalised) / total;
	return {
		support: share(w.support, support),
		strategicFit: share(w.strategicFit, (m.strategicFit - 1) / 4),
		effort: share(w.effort, (5 - m.effort) / 4),
		urgency: share(w.urgency, (m.urgency - 1) / 4)
	};
}
