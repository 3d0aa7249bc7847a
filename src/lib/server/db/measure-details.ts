import type { MeasureDetail, MEASURE_DETAIL_KINDS } from '$lib/schemas/agenda';
import { DatabaseProblem, refused } from './errors';
import type { Supabase } from '../supabase';

/** An indicator with its target (Soll) and its dated actual values (Ist), newest first. */
export interface MeasureIndicator {
	id: string;
	name: string;
	unit: string;
	targetValue: number;
	values: { id: string; value: number; measuredOn: string }[];
}

export interface MeasureMilestone {
	id: string;
	title: string;
	plannedOn: string;
	doneOn: string | null;
}

export interface MeasureDetails {
	indicators: MeasureIndicator[];
	milestones: MeasureMilestone[];
	/** The Sachstand log, newest first. */
	updates: { id: string; body: string; reportedOn: string }[];
	stakeholders: { id: string; name: string; role: string }[];
	services: { id: string; leikaKey: string; label: string }[];
}

/** What a council report needs of a measure beyond its own row (ADR 014); all of it public. */
export async function loadMeasureDetails(supabase: Supabase, id: string): Promise<MeasureDetails> {
	const [indicators, milestones, updates, stakeholders, services] = await Promise.all([
		supabase
			.from('measure_indicators')
			.select(
				'id, name, unit, target_value, values:measure_indicator_values(id, value, measured_on, created_at)'
			)
			.eq('measure_id', id)
			.order('created_at'),
		supabase
			.from('measure_milestones')
			.select('id, title, planned_on, done_on')
			.eq('measure_id', id)
			.order('planned_on'),
		supabase
			.from('measure_updates')
			.select('id, body, reported_on')
			.eq('measure_id', id)
			.order('reported_on', { ascending: false })
			.order('created_at', { ascending: false }),
		supabase
			.from('measure_stakeholders')
			.select('id, name, role')
			.eq('measure_id', id)
			.order('name'),
		supabase
			.from('measure_ozg_services')
			.select('id, leika_key, label')
			.eq('measure_id', id)
			.order('leika_key')
	]);
	for (const [what, result] of Object.entries({
		indicators,
		milestones,
		updates,
		stakeholders,
		services
	})) {
		if (result.error) throw refused(`measure ${what}`, result.error);
	}
	return {
		indicators: (indicators.data ?? []).map((row) => ({
			id: row.id,
			name: row.name,
			unit: row.unit,
			targetValue: Number(row.target_value),
			values: row.values
				.toSorted(
					(a, b) =>
						b.measured_on.localeCompare(a.measured_on) || b.created_at.localeCompare(a.created_at)
				)
				.map((v) => ({ id: v.id, value: Number(v.value), measuredOn: v.measured_on }))
		})),
		milestones: (milestones.data ?? []).map((row) => ({
			id: row.id,
			title: row.title,
			plannedOn: row.planned_on,
			doneOn: row.done_on
		})),
		updates: (updates.data ?? []).map((row) => ({
			id: row.id,
			body: row.body,
			reportedOn: row.reported_on
		})),
		stakeholders: stakeholders.data ?? [],
		services: (services.data ?? []).map((row) => ({
			id: row.id,
			leikaKey: row.leika_key,
			label: row.label
		}))
	};
}

const TABLES = {
	indicator: 'measure_indicators',
	value: 'measure_indicator_values',
	milestone: 'measure_milestones',
	update: 'measure_updates',
	stakeholder: 'measure_stakeholders',
	service: 'measure_ozg_services'
} as const satisfies Record<(typeof MEASURE_DETAIL_KINDS)[number], string>;

/** Adds one entry to a measure's details, or marks a milestone reached. Staff (RLS). */
export async function addMeasureDetail(supabase: Supabase, measure: string, detail: MeasureDetail) {
	const write = async () => {
		switch (detail.kind) {
			case 'indicator':
				return supabase.from('measure_indicators').insert({
					measure_id: measure,
					name: detail.name,
					unit: detail.unit,
					target_value: detail.target_value
				});
			case 'value': {
				// Only an indicator of this measure.
				const { data, error } = await supabase
					.from('measure_indicators')
					.select('id')
					.eq('id', detail.indicator)
					.eq('measure_id', measure)
					.maybeSingle();
				if (error) return { error };
				if (!data) throw new DatabaseProblem('detail_not_found', 404);
				return supabase.from('measure_indicator_values').insert({
					indicator_id: detail.indicator,
					value: detail.value,
					measured_on: detail.measured_on
				});
			}
			case 'milestone':
				return supabase.from('measure_milestones').insert({
					measure_id: measure,
					title: detail.title,
					planned_on: detail.planned_on,
					done_on: detail.done_on
				});
			case 'milestoneDone':
				return supabase
					.from('measure_milestones')
					.update({ done_on: detail.done_on })
					.eq('id', detail.id)
					.eq('measure_id', measure);
			case 'update':
				return supabase.from('measure_updates').insert({
					measure_id: measure,
					body: detail.body,
					reported_on: detail.reported_on
				});
			case 'stakeholder':
				return supabase
					.from('measure_stakeholders')
					.insert({ measure_id: measure, name: detail.name, role: detail.role });
			case 'service':
				return supabase
					.from('measure_ozg_services')
					.insert({ measure_id: measure, leika_key: detail.leika_key, label: detail.label });
		}
	};
	const { error } = await write();
	if (error) throw refused(`measure detail ${detail.kind}`, error);
}

/** Removes one entry of a measure's details. Staff (RLS). */
export async function removeMeasureDetail(
	supabase: Supabase,
	kind: (typeof MEASURE_DETAIL_KINDS)[number],
	id: string
) {
	const { error, count } = await supabase
		.from(TABLES[kind])
		.delete({ count: 'exact' })
		.eq('id', id);
	if (error) throw refused(`${TABLES[kind]} delete`, error);
	if (!count) throw new DatabaseProblem('detail_not_found', 404);
}
