/** One grid cell of dashboard_stats().density: its centre and how many ideas lie in it. */
export interface DensityCell {
	lat: number;
	lng: number;
	ideas: number;
}

export interface DensityLevel {
	from: number;
	to: number;
	colour: string;
}

/** Light to dark (ColorBrewer "Blues"): more ideas, darker cell. */
const COLOURS = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];

/**
 * Up to five classes of equal width from 1 to the busiest cell, each a range of whole counts
 * without gaps or overlaps, so the legend reads "1–4, 5–8, …".
 */
export function densityClasses(cells: DensityCell[]): {
	levels: DensityLevel[];
	levelOf: (ideas: number) => DensityLevel;
} {
	const max = Math.max(1, ...cells.map((c) => c.ideas));
	const count = Math.min(COLOURS.length, max);
	const width = max / count;
	const levels = Array.from({ length: count }, (_, i) => ({
		from: i === 0 ? 1 : Math.floor(i * width) + 1,
		to: i === count - 1 ? max : Math.floor((i + 1) * width),
		colour: COLOURS[i + COLOURS.length - count]!
	}));
	const levelOf = (ideas: number) =>
		levels.find((level) => ideas <= level.to) ?? levels[levels.length - 1]!;
	return { levels, levelOf };
}
