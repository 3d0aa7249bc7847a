import { z } from 'zod';
import { isAdminRole, requireUser } from '../authenticate.ts';
import { changeEmailNow } from '../verification.ts';
import { transaction, type Call, type Ctx } from '../context.ts';
import { AuthError, badRequest, emailExists, rateLimited, unprocessable } from '../errors.ts';
import { readJson, sendJson } from '../http.ts';
import { sendEmailChange } from '../mailer.ts';
import { checkPasswordStrength, hashPassword, verifyPassword } from '../password.ts';
import { createFlowState, pkceFlow } from '../pkce.ts';
import { resolveRedirect } from '../redirect.ts';
import { logout } from '../sessions.ts';
import {
	findUserByEmail,
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
