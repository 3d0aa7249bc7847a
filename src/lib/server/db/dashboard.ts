import type { DensityCell } from '$lib/components/dashboard/density';
import type { ReportFilters } from '$lib/schemas/council-report';
import type { Database } from '$lib/types/database';
import { refused } from './errors';
import type { Supabase } from '../supabase';

type Enums = Database['public']['Enums'];

export interface Breakdown {
	key: string;
	name?: string | null;
	ideas: number;
	supports: number;
}

export interface DashboardStats {
	weeks: { week: string; ideas: number; supports: number }[];
	by_field: Breakdown[];
	by_district: Breakdown[];
	by_kind: Breakdown[];
	by_status: Breakdown[];
	open_reports: number;
	density: DensityCell[];
}

/** The arguments both functions take: the period and the field and department filters. */
function args(filters: ReportFilters) {
	return {
		...(filters.feld ? { field: filters.feld } : {}),
		...(filters.fachbereich ? { department: filters.fachbereich } : {})
	};
}

/** dashboard_stats(): the charts under the filters, one call, staff only (checked by the function). */
export async function getDashboardStats(
	supabase: Supabase,
	filters: ReportFilters
): Promise<DashboardStats> {
	const { data, error } = await supabase.rpc('dashboard_stats', {
		...args(filters),
		...(filters.von ? { since: filters.von } : {}),
		...(filters.bis ? { until: filters.bis } : {})
	});
	if (error) throw refused('dashboard_stats', error);
	return data as unknown as DashboardStats;
}

export interface AnswerFigures {
	received: number;
	answered: number;
	share_answered: number | null;
	median_days_to_answer: number | null;
}

export interface ReportFigures {
	period: { from: string | null; to: string | null };
	ideas: AnswerFigures & { supports: number };
	awaiting_approval: number;
	hidden: number;
	by_field: { key: string; received: number; answered: number }[];
	by_department: (AnswerFigures & { id: number | null; name: string | null })[];
	measures: {
		total: number;
		done: number;
		dropped: number;
		on_track: number;
		overdue: number;
		items: {
			id: string;
			title: string;
			field_slug: string;
			department: string | null;
			status: Enums['measure_status'];
			progress: number;
			target_date: string | null;
			overdue: boolean;
		}[];
	};
	answered_ideas: {
		total: number;
		items: {
			id: string;
			title: string;
			status: Enums['idea_status'];
			field_slug: string;
			department: string | null;
			answered_at: string;
		}[];
	};
}

/**
 * report_figures(): the key figures of the dashboard and the status report, counted as /agenda
 * counts (response_figures), under the filters. Staff only (checked by the function).
 */
export async function getReportFigures(
	supabase: Supabase,
	filters: ReportFilters
): Promise<ReportFigures> {
	const { data, error } = await supabase.rpc('report_figures', {
		...args(filters),
		...(filters.von ? { von: filters.von } : {}),
		...(filters.bis ? { bis: filters.bis } : {})
	});
	if (error) throw refused('report_figures', error);
	return data as unknown as ReportFigures;
}
