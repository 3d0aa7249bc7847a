import { log } from '../log';
import type { Supabase } from '../supabase';

/** What every page needs from the settings row: name, colours, logo, feedback address. */
export interface SiteSettings {
	municipalityName: string;
	primaryColour: string;
	accentColour: string;
	logoUrl: string | null;
	contactEmail: string | null;
	accessibilityContactEmail: string | null;
}

/** The migration's defaults: the site still renders if the row cannot be read. */
export const DEFAULT_SITE: SiteSettings = {
	municipalityName: 'Musterstadt',
	primaryColour: '#005a8c',
	accentColour: '#b3541e',
	logoUrl: null,
	contactEmail: null,
	accessibilityContactEmail: null
};

/** A cheap select of the few columns the layout needs (settings is one public row). */
export async function getSiteSettings(supabase: Supabase): Promise<SiteSettings> {
	const { data, error } = await supabase
		.from('settings')
		.select(
			'municipality_name, primary_colour, accent_colour, logo_url, contact_email, accessibility_contact_email'
		)
		.maybeSingle();
	if (error || !data) {
		log.error('settings unreadable', { error: error?.message ?? 'no row' });
		return DEFAULT_SITE;
	}
	return {
		municipalityName: data.municipality_name,
		primaryColour: data.primary_colour,
		accentColour: data.accent_colour,
		logoUrl: data.logo_url,
		contactEmail: data.contact_email,
		accessibilityContactEmail: data.accessibility_contact_email
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
	const { data, error } = await supabase.from('settings').select(column).maybeSingle();
	if (error) throw new Error(`settings: ${error.message}`);
	return ((data as Record<string, string> | null)?.[column] ?? '').trim();
}
