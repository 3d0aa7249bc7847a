import type { MeasureStatus } from '$lib/schemas/agenda';
import type { Locale } from '$lib/i18n';
import { listFieldsOfAction, type FieldOfAction } from './reference';
import { refused } from './errors';
import type { Supabase } from '../supabase';

export interface AgendaIdea {
	id: string;
	title: string;
}

export interface AgendaMeasure {
	id: string;
	goalId: string | null;
	fieldSlug: string;
	title: string;
	description: string;
	status: MeasureStatus;
	progress: number;
	departmentId: number | null;
	department: string | null;
	targetDate: string | null;
	strategicFit: number;
	effort: number;
	urgency: number;
	budgetPlanned: number | null;
	budgetSpent: number | null;
	councilNumber: string | null;
	councilDate: string | null;
	councilUrl: string | null;
	ideasFollowStatus: boolean;
	version: number;
	supportCount: number;
	priorityScore: number;
	ideas: AgendaIdea[];
}

export interface AgendaGoal {
	id: string;
	fieldSlug: string;
	title: string;
	description: string;
	position: number;
}

export interface AgendaField extends FieldOfAction {
	goals: (AgendaGoal & { measures: AgendaMeasure[] })[];
	/** Measures not (or no longer) under a goal. */
	looseMeasures: AgendaMeasure[];
}

const MEASURE_COLUMNS = `id, goal_id, field_slug, title, description, status, progress, department_id,
	target_date, strategic_fit, effort, urgency, budget_planned, budget_spent, council_number,
	council_date, council_url, ideas_follow_status, version, support_count, priority_score,
	department:departments(name),
	links:measure_ideas(idea:ideas(id, title))`;

/** Every measure with its linked ideas (only those the visitor may see: RLS on measure_ideas). */
export async function listAgendaMeasures(supabase: Supabase): Promise<AgendaMeasure[]> {
	const { data, error } = await supabase.from('measures').select(MEASURE_COLUMNS).order('title');
	if (error) throw refused('measures', error);
	return data.map((row) => ({
		id: row.id,
		goalId: row.goal_id,
		fieldSlug: row.field_slug,
		title: row.title,
		description: row.description,
		status: row.status,
		progress: row.progress,
		departmentId: row.department_id,
		department: row.department?.name ?? null,
		targetDate: row.target_date,
		strategicFit: row.strategic_fit,
		effort: row.effort,
		urgency: row.urgency,
		budgetPlanned: row.budget_planned,
		budgetSpent: row.budget_spent,
		councilNumber: row.council_number,
		councilDate: row.council_date,
		councilUrl: row.council_url,
		ideasFollowStatus: row.ideas_follow_status,
		version: row.version,
		supportCount: Number(row.support_count ?? 0),
		priorityScore: Number(row.priority_score ?? 0),
		ideas: row.links.flatMap(({ idea }) => (idea ? [{ id: idea.id, title: idea.title }] : []))
	}));
}

export async function listGoals(supabase: Supabase): Promise<AgendaGoal[]> {
	const { data, error } = await supabase
		.from('goals')
		.select('id, field_slug, title, description, position')
		.order('position')
		.order('title');
	if (error) throw refused('goals', error);
	return data.map((row) => ({
		id: row.id,
		fieldSlug: row.field_slug,
		title: row.title,
		description: row.description,
		position: row.position
	}));
}

/** Fields of action → goals → measures, the shape of the public agenda and the backlog. */
export async function loadAgenda(supabase: Supabase, locale: Locale): Promise<AgendaField[]> {
	const [fields, goals, measures] = await Promise.all([
		listFieldsOfAction(supabase, locale),
		listGoals(supabase),
		listAgendaMeasures(supabase)
	]);
	const goalIds = new Set(goals.map((g) => g.id));
	return fields.map((field) => ({
		...field,
		goals: goals
			.filter((g) => g.fieldSlug === field.slug)
			.map((g) => ({ ...g, measures: measures.filter((m) => m.goalId === g.id) })),
		looseMeasures: measures.filter(
			(m) => m.fieldSlug === field.slug && !(m.goalId && goalIds.has(m.goalId))
		)
	}));
}

export interface ResponseFigures {
	received: number;
	answered: number;
	shareAnswered: number | null;
	medianDaysToAnswer: number | null;
}

/** The public accountability figures (aggregates only, response_figures()). */
export async function getResponseFigures(supabase: Supabase): Promise<ResponseFigures> {
	const { data, error } = await supabase.rpc('response_figures');
	if (error) throw refused('response_figures', error);
	const figures = data as Record<string, number | null>;
	return {
		received: figures.received ?? 0,
		answered: figures.answered ?? 0,
		shareAnswered: figures.share_answered ?? null,
		medianDaysToAnswer: figures.median_days_to_answer ?? null
	};
}

export interface IdeaMeasureLink {
	id: string;
	title: string;
	status: MeasureStatus;
	progress: number;
	ideasFollowStatus: boolean;
	linked: boolean;
}

/** Every measure, marked whether the idea is linked to it (the staff idea page's measure picker). */
export async function listIdeaMeasureLinks(
	supabase: Supabase,
	idea: string
): Promise<IdeaMeasureLink[]> {
	const { data, error } = await supabase
		.from('measures')
		.select('id, title, status, progress, ideas_follow_status, measure_ideas(idea_id)')
		.eq('measure_ideas.idea_id', idea)
		.order('title');
	if (error) throw refused('measures', error);
	return data.map((row) => ({
		id: row.id,
		title: row.title,
		status: row.status,
		progress: row.progress,
		ideasFollowStatus: row.ideas_follow_status,
		linked: row.measure_ideas.length > 0
	}));
}
