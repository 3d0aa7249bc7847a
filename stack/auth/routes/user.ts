import { z } from 'zod';
import { isAdminRole, requireUser } from '../authenticate.ts';
import { changeEmailNow, verifyReauthentication } from '../verification.ts';
import { transaction, type Call, type Ctx } from '../context.ts';
import { AuthError, badRequest, emailExists, rateLimited, unprocessable } from '../errors.ts';
import { readJson, sendJson } from '../http.ts';
import { sendEmailChange, sendReauthentication } from '../mailer.ts';
import { checkPasswordStrength, hashPassword, verifyPassword } from '../password.ts';
import { createFlowState, pkceFlow } from '../pkce.ts';
import { resolveRedirect } from '../redirect.ts';
import { logout } from '../sessions.ts';
import {
	findUserByEmail,
	isConfirmed,
	loadUserJson,
	mergeMetadata,
	updateUser,
	clearOneTimeTokens
} from '../users.ts';
import { optionalMetadata, optionalString, pkceFields, validateEmail } from '../validate.ts';

const UpdateBody = z.object({
	email: optionalString,
	password: optionalString,
	phone: optionalString,
	nonce: optionalString,
	data: optionalMetadata,
	app_metadata: optionalMetadata,
	...pkceFields
});

/** GET /user: the caller's user. */
export async function getUser(ctx: Ctx, call: Call): Promise<void> {
	const { user } = await requireUser(ctx, call);
	sendJson(call.res, 200, await loadUserJson(ctx.sql, user));
}

/** GET /reauthenticate: mails the caller a nonce for a password change (GoTrue's Reauthenticate). */
export async function reauthenticate(ctx: Ctx, call: Call): Promise<void> {
	const { user } = await requireUser(ctx, call);
	if (!user.email) {
		throw badRequest(
			'validation_failed',
			'Reauthentication requires the user to have an email or a phone number'
		);
	}
	if (!isConfirmed(user)) {
		throw unprocessable('email_not_confirmed', 'Please verify your email first.');
	}
	await transaction(ctx, (tx, mails) => sendReauthentication(ctx, tx, mails, user));
	sendJson(call.res, 200, {});
}

/** GoTrue counts a session as a recent sign-in for this long after it was created. */
const RECENT_SESSION_MS = 24 * 60 * 60 * 1000;

async function isRecentSession(ctx: Ctx, sessionId: string | undefined): Promise<boolean> {
	if (!sessionId) return false;
	const [session] = await ctx.sql<{ created_at: Date | null }[]>`
		select created_at from auth.sessions where id = ${sessionId}`;
	const created = session?.created_at?.getTime();
	return created !== undefined && Date.now() <= created + RECENT_SESSION_MS;
}

/** PUT /user: metadata, password and email of the caller (GoTrue's UserUpdate, minus phone). */
export async function updateCurrentUser(ctx: Ctx, call: Call): Promise<void> {
	const caller = await requireUser(ctx, call);
	if (!ctx.limits.signInSignUps.take(call.ip)) throw rateLimited();
	const body = await readJson(call.req, UpdateBody);
	const email = body.email ? validateEmail(body.email) : undefined;
	if (body.phone) throw badRequest('phone_provider_disabled', 'Phone logins are disabled');
	const password = body.password ?? undefined;
	if (password !== undefined) checkPasswordStrength(ctx.config, password);
	if (body.app_metadata && !isAdminRole(caller.claims.role)) {
		throw new AuthError(403, 'not_admin', 'Updating app_metadata requires admin privileges');
	}
	const { user } = caller;
	if (user.is_anonymous && password && !email) {
		throw unprocessable(
			'validation_failed',
			'Updating password of an anonymous user without an email or phone is not allowed'
		);
	}
	const changingEmail = email !== undefined && email !== user.email;
	if (changingEmail) {
		const owner = await findUserByEmail(ctx.sql, email);
		if (owner && owner.id !== user.id) {
			throw emailExists();
		}
	}
	// secure_password_change: a session older than a day (or none) must show a mailed nonce.
	if (
		password !== undefined &&
		ctx.config.email.securePasswordChange &&
		!(await isRecentSession(ctx, caller.sessionId))
	) {
		if (!body.nonce) {
			throw badRequest('reauthentication_needed', 'Password update requires reauthentication');
		}
		await verifyReauthentication(ctx, user, body.nonce);
	}
	if (password && (await verifyPassword(password, user.encrypted_password))) {
		throw unprocessable('same_password', 'New password should be different from the old password.');
	}
	const flow = pkceFlow(body);
	const encryptedPassword = password !== undefined ? await hashPassword(password) : undefined;
	const redirectTo = resolveRedirect(
		ctx.config,
		call.url.searchParams.get('redirect_to'),
		call.req.headers.referer
	);

	const updated = await transaction(ctx, async (tx, mails) => {
		let current = user;
		if (encryptedPassword !== undefined) {
			// A new password voids pending links and the caller's other sessions (User.UpdatePassword).
			current = await updateUser(tx, current.id, {
				encrypted_password: encryptedPassword,
				confirmation_token: '',
				confirmation_sent_at: null,
				recovery_token: '',
				recovery_sent_at: null,
				email_change_token_current: '',
				email_change_token_new: '',
				email_change_sent_at: null
			});
			await clearOneTimeTokens(tx, current.id);
			await logout(tx, current.id, caller.sessionId, 'others');
		}
		if (body.data) {
			current = await updateUser(tx, current.id, {
				raw_user_meta_data: mergeMetadata(current.raw_user_meta_data, body.data)
			});
		}
		if (body.app_metadata) {
			current = await updateUser(tx, current.id, {
				raw_app_meta_data: mergeMetadata(current.raw_app_meta_data, body.app_metadata)
			});
		}
		if (changingEmail) {
			if (current.is_anonymous && !ctx.config.email.enableConfirmations) {
				// An anonymous user adding an address is like signing up; with confirmations off it
				// takes effect at once.
				current = await changeEmailNow(tx, current, email);
			} else {
				if (flow === 'pkce') await createFlowState(tx, current.id, 'email_change', body);
				current = await sendEmailChange(ctx, tx, mails, current, email, flow, redirectTo);
			}
		}
		return loadUserJson(tx, current);
	});
	sendJson(call.res, 200, updated);
}
