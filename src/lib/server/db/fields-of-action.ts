import type { Locale } from '$lib/i18n';
import type { Supabase } from '../supabase';

export interface FieldOfAction {
	slug: string;
	name: string;
	description: string;
	colour: string;
}

/** The taxonomy in display order, in the reader's language (the table holds de and en). */
export async function listFieldsOfAction(
	supabase: Supabase,
	locale: Locale
): Promise<FieldOfAction[]> {
	const { data, error } = await supabase
		.from('fields_of_action')
		.select('slug, name_de, name_en, description_de, description_en, colour')
		.order('position')
		.order('slug');
	if (error) throw new Error(`fields_of_action: ${error.message}`);
	return data.map((row) => ({
		slug: row.slug,
		name: locale === 'en' ? row.name_en : row.name_de,
		description: locale === 'en' ? row.description_en : row.description_de,
		colour: row.colour
	}));
}
