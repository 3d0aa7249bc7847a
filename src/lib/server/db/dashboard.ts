import type { DensityCell } from '$lib/components/dashboard/density';
import { refused } from './errors';
import type { Supabase } from '../supabase';

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
	median_days_to_answer: number | null;
	density: DensityCell[];
}

/** dashboard_stats(): one call, staff only (the function checks the role itself). */
export async function getDashboardStats(supabase: Supabase): Promise<DashboardStats> {
	const { data, error } = await supabase.rpc('dashboard_stats');
	if (error) throw refused('dashboard_stats', error);
	return data as unknown as DashboardStats;
}
