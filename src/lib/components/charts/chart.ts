import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip
} from 'chart.js';

// Only what the dashboard draws, so the bundle stays small (chart.js is tree-shakeable).
Chart.register(
	BarController,
	BarElement,
	CategoryScale,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip
);

export interface ChartSpec {
	type: 'bar' | 'line';
	labels: string[];
	series: { label: string; values: number[]; colour: string }[];
	locale: string;
	reducedMotion: boolean;
}

/**
 * A label broken into lines of at most `width` characters at spaces (a word longer than that
 * stays whole): chart.js draws an array as lines, so long names are never cut or slanted.
 */
export function wrapLabel(label: string, width = 22): string[] {
	const lines: string[] = [];
	for (const word of label.split(/\s+/).filter(Boolean)) {
		const last = lines.at(-1);
		if (last !== undefined && last.length + 1 + word.length <= width) {
			lines[lines.length - 1] = `${last} ${word}`;
		} else lines.push(word);
	}
	return lines.length > 0 ? lines : [label];
}

/**
 * Bars lie horizontally, their names on the left in full (wrapped), whatever the width of the
 * column; a line chart's days stay level and are thinned out instead of slanted.
 */
export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec): { destroy(): void } {
	const bars = spec.type === 'bar';
	return new Chart<'bar' | 'line', number[], string | string[]>(canvas, {
		type: spec.type,
		data: {
			labels: bars ? spec.labels.map((label) => wrapLabel(label)) : spec.labels,
			datasets: spec.series.map((s, i) => ({
				label: s.label,
				data: s.values,
				backgroundColor: s.colour,
				borderColor: s.colour,
				// A second line is dashed, so the two differ by more than colour.
				borderDash: i === 1 ? [6, 4] : [],
				pointStyle: i === 1 ? 'rect' : 'circle'
			}))
		},
		options: {
			animation: spec.reducedMotion ? false : { duration: 400 },
			maintainAspectRatio: false,
			locale: spec.locale,
			indexAxis: bars ? 'y' : 'x',
			scales: bars
				? {
						x: { beginAtZero: true, ticks: { precision: 0 } },
						y: { ticks: { autoSkip: false } }
					}
				: {
						x: { ticks: { maxRotation: 0, autoSkipPadding: 12 } },
						y: { beginAtZero: true, ticks: { precision: 0 } }
					}
		}
	});
}
