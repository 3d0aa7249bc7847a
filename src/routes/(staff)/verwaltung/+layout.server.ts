import { requireConsoleRole } from '$lib/server/hooks/auth-guard';
import { staffMessagesFor } from '$lib/server/i18n';
import type { LayoutServerLoad } from './$types';

// The hook sends signed-out visitors to the sign-in page; here a signed-in visitor without the
// role gets the 403 page, rendered by src/routes/(staff)/+error.svelte.
// The console's texts come with its layout: public pages never carry them.
export const load: LayoutServerLoad = async (event) => ({
	consoleRole: await requireConsoleRole(event),
	staffMessages: staffMessagesFor(event.locals.locale)
});
