import { messagesFor } from '$lib/server/i18n';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const { user } = await locals.safeGetSession();
	return {
		locale: locals.locale,
		messages: messagesFor(locals.locale),
		signedIn: user !== null
	};
};
