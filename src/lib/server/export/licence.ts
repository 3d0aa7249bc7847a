import { getOpenDataLicence, getSiteSettings } from '../db/settings';
import type { Supabase } from '../supabase';

/** Where the common open-data licences are written down; another identifier goes without a link. */
const LICENCE_URLS: Record<string, string> = {
	'dl-de/by-2-0': 'https://www.govdata.de/dl-de/by-2-0',
	'dl-de/zero-2-0': 'https://www.govdata.de/dl-de/zero-2-0',
	'cc-by-4.0': 'https://creativecommons.org/licenses/by/4.0/',
	'cc0-1.0': 'https://creativecommons.org/publicdomain/zero/1.0/'
};

/**
 * The licence member of the open-data files: the identifier from the settings (dl-de/by-2-0 by
 * default), where it is written down, and whom to name (Datenlizenz Deutschland asks for the
 * provider's name).
 */
export async function openDataLicence(supabase: Supabase) {
	const [id, site] = await Promise.all([getOpenDataLicence(supabase), getSiteSettings(supabase)]);
	return {
		id,
		url: LICENCE_URLS[id.toLowerCase()] ?? null,
		attribution: site.municipalityName
	};
}
