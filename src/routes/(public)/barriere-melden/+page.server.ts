import { localPath } from '$lib/server/redirect';
import type { PageServerLoad } from './$types';

// The footer link passes the page the reader was on, so the report says where the barrier is.
export const load: PageServerLoad = async ({ parent, url }) => {
	const { site } = await parent();
	const page = localPath(url.searchParams.get('seite'), '/');
	return {
		address: site.accessibilityContactEmail ?? site.contactEmail,
		pageUrl: new URL(page, url.origin).href
	};
};
