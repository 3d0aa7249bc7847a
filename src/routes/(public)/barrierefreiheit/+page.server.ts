import { loadLegalPage } from '$lib/server/legal/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadLegalPage(event, 'barrierefreiheit');
