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

export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec): Chart {
	return new Chart(canvas, {
		type: spec.type,
		data: {
			labels: spec.labels,
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
			scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
		}
	});
}
