import { messagesFor } from '$lib/server/i18n';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const viewer = await locals.getProfile();
	return {
		locale: locals.locale,
		messages: messagesFor(locals.locale),
		signedIn: viewer !== null,
		viewer
	};
};
