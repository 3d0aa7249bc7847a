import type { z } from 'zod';
import type { ScoreWeights } from '$lib/components/agenda/score';
import { asBoundary, type MapSettings } from '$lib/map/geo';
import type { settingsSchema } from '$lib/schemas/admin';
import type { Database } from '$lib/types/database';
import { log } from '../log';
import type { Supabase } from '../supabase';
import { DatabaseProblem, refused } from './errors';

/**
 * The municipality's settings: one public row (`settings`), read and written only here. Each
 * reader selects the columns its pages need (the boundary and the legal texts can be long).
 */
type Row = Database['public']['Tables']['settings']['Row'];

async function read<const C extends keyof Row>(
	supabase: Supabase,
	columns: readonly C[]
): Promise<Pick<Row, C>> {
	const { data, error } = await supabase.from('settings').select(columns.join(', ')).single();
	if (error) throw refused('settings', error);
	return data as unknown as Pick<Row, C>;
}

/** What every page needs: name, colours, logo, contact addresses, whether ideas are checked first. */
export interface SiteSettings {
	municipalityName: string;
	primaryColour: string;
	accentColour: string;
	logoUrl: string | null;
	contactEmail: string | null;
	accessibilityContactEmail: string | null;
	moderationMode: Row['moderation_mode'];
}

/** The migration's defaults: the site still renders if the row cannot be read. */
export const DEFAULT_SITE: SiteSettings = {
	municipalityName: 'Musterstadt',
	primaryColour: '#005a8c',
	accentColour: '#b3541e',
	logoUrl: null,
	contactEmail: null,
	accessibilityContactEmail: null,
	moderationMode: 'pre'
};

export async function getSiteSettings(supabase: Supabase): Promise<SiteSettings> {
	try {
		const row = await read(supabase, [
			'municipality_name',
			'primary_colour',
			'accent_colour',
			'logo_url',
			'contact_email',
			'accessibility_contact_email',
			'moderation_mode'
		]);
		return {
			municipalityName: row.municipality_name,
			primaryColour: row.primary_colour,
			accentColour: row.accent_colour,
			logoUrl: row.logo_url,
			contactEmail: row.contact_email,
			accessibilityContactEmail: row.accessibility_contact_email,
			moderationMode: row.moderation_mode
		};
	} catch (problem) {
		log.error('settings unreadable', { error: String(problem) });
		return DEFAULT_SITE;
	}
}

/** The map settings for a page's maps (LocationPicker, IdeaLocationMap, the explore map). */
export async function getMapSettings(supabase: Supabase): Promise<MapSettings> {
	const row = await read(supabase, [
		'map_center_lat',
		'map_center_lng',
		'map_zoom',
		'map_min_zoom',
		'tile_url',
		'tile_attribution',
		'boundary_geojson',
		'map_cluster_threshold'
	]);
	tileUrlCache = { url: row.tile_url, at: Date.now() };
	return {
		center: { lat: row.map_center_lat, lng: row.map_center_lng },
		zoom: row.map_zoom,
		minZoom: row.map_min_zoom,
		tileUrl: row.tile_url,
		tileAttribution: row.tile_attribution,
		boundary: asBoundary(row.boundary_geojson),
		clusterThreshold: row.map_cluster_threshold
	};
}

/** Settings change rarely; a minute's delay before the CSP follows a new tile server is fine. */
const TILE_URL_TTL_MS = 60_000;
let tileUrlCache: { url: string; at: number } | undefined;

/**
 * The configured tile URL for the Content-Security-Policy of every page, cached per server
 * process so most responses cost no query. Null when it cannot be read (then no tiles allowed).
 */
export async function cachedTileUrl(supabase: Supabase): Promise<string | null> {
	if (tileUrlCache && Date.now() - tileUrlCache.at < TILE_URL_TTL_MS) return tileUrlCache.url;
	try {
		const { tile_url: url } = await read(supabase, ['tile_url']);
		tileUrlCache = { url, at: Date.now() };
		return url;
	} catch {
		return tileUrlCache?.url ?? null;
	}
}

/** The weights of the agenda's priority score (the same ones priority_score() uses in SQL). */
export async function getScoreWeights(supabase: Supabase): Promise<ScoreWeights> {
	const row = await read(supabase, [
		'weight_support',
		'weight_strategic_fit',
		'weight_effort',
		'weight_urgency',
		'support_saturation'
	]);
	return {
		support: Number(row.weight_support),
		strategicFit: Number(row.weight_strategic_fit),
		effort: Number(row.weight_effort),
		urgency: Number(row.weight_urgency),
		saturation: row.support_saturation
	};
}

export const LEGAL_PAGES = {
	impressum: 'impressum_md',
	datenschutz: 'datenschutz_md',
	barrierefreiheit: 'barrierefreiheit_md',
	leichteSprache: 'leichte_sprache_md'
} as const;
export type LegalPage = keyof typeof LEGAL_PAGES;

/** The municipality's own Markdown for a legal page; '' when it has not written one. */
export async function getLegalText(supabase: Supabase, page: LegalPage): Promise<string> {
	const column = LEGAL_PAGES[page];
	const row = await read(supabase, [column]);
	return (row[column] ?? '').trim();
}

/** The settings an admin edits, as the form names them (its columns). */
export type EditableSettings = z.output<typeof settingsSchema>;

const EDITABLE = [
	'municipality_name',
	'primary_colour',
	'accent_colour',
	'logo_url',
	'open_data_licence',
	'moderation_mode',
	'voting_rule',
	'contribution_rule',
	'submissions_only_in_rounds',
	'map_center_lat',
	'map_center_lng',
	'map_zoom',
	'map_min_zoom',
	'tile_url',
	'tile_attribution',
	'weight_support',
	'weight_strategic_fit',
	'weight_effort',
	'weight_urgency',
	'support_saturation',
	'answer_target_days',
	'impressum_md',
	'datenschutz_md',
	'barrierefreiheit_md',
	'leichte_sprache_md'
] as const satisfies readonly (keyof EditableSettings)[];

export async function getEditableSettings(supabase: Supabase): Promise<EditableSettings> {
	const row = await read(supabase, EDITABLE);
	return {
		...row,
		weight_support: Number(row.weight_support),
		weight_strategic_fit: Number(row.weight_strategic_fit),
		weight_effort: Number(row.weight_effort),
		weight_urgency: Number(row.weight_urgency)
	};
}

/** Admins only (RLS); the audit trigger on settings records exactly the columns that changed. */
export async function saveSettings(supabase: Supabase, settings: EditableSettings) {
	const { error, count } = await supabase
		.from('settings')
		.update(settings, { count: 'exact' })
		.eq('id', true);
	if (error) throw refused('settings update', error);
	if (!count) throw new DatabaseProblem('forbidden', 403);
}

/** Days within which an idea should get an official answer (ADR 017). */
export async function getAnswerTargetDays(supabase: Supabase): Promise<number> {
	const row = await read(supabase, ['answer_target_days']);
	return row.answer_target_days;
}

/** The licence the open-data files name (dl-de/by-2-0 unless an admin chose another). */
export async function getOpenDataLicence(supabase: Supabase): Promise<string> {
	return (await read(supabase, ['open_data_licence'])).open_data_licence;
}
