import { requireUser } from '../authenticate.ts';
import type { Call, Ctx } from '../context.ts';
import { badRequest } from '../errors.ts';
import { logout as endSessions, type LogoutScope } from '../sessions.ts';

const SCOPES: readonly string[] = ['global', 'local', 'others'];

/** POST /logout?scope=global|local|others: 204, and the affected refresh tokens stop working. */
export async function logout(ctx: Ctx, call: Call): Promise<void> {
	const { user, sessionId } = await requireUser(ctx, call);
	const scope = call.url.searchParams.get('scope') || 'global';
	if (!SCOPES.includes(scope)) {
		throw badRequest('validation_failed', `Unsupported logout scope "${scope}"`);
	}
	await endSessions(ctx.sql, user.id, sessionId, scope as LogoutScope);
	call.res.writeHead(204);
	call.res.end();
}
