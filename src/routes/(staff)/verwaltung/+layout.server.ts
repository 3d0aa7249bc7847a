import { overdueCount } from '$lib/server/db/staff';
import { hasRole, requireConsoleRole } from '$lib/server/hooks/auth-guard';
import { staffMessagesFor } from '$lib/server/i18n';
import type { LayoutServerLoad } from './$types';

// The hook sends signed-out visitors to the sign-in page; here a signed-in visitor without the
// role gets the 403 page, rendered by src/routes/(staff)/+error.svelte.
// The console's texts come with its layout: public pages never carry them.
// Staff see in the navigation how many ideas wait longer than the answer target (ADR 017).
export const load: LayoutServerLoad = async (event) => {
	const consoleRole = await requireConsoleRole(event);
	return {
		consoleRole,
		overdue: hasRole(consoleRole, 'staff') ? await overdueCount(event.locals.supabase) : 0,
		staffMessages: staffMessagesFor(event.locals.locale)
	};
};
