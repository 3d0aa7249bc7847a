import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { confirmEmail, createEmailUser } from '../accounts.ts';
import { requireAdmin } from '../authenticate.ts';
import { parseDuration } from '../config.ts';
import { transaction, type Call, type Ctx } from '../context.ts';
import { AuthError, badRequest, emailExists } from '../errors.ts';
import { readJson, sendJson } from '../http.ts';
import { checkPasswordLength, checkPasswordStrength, hashPassword } from '../password.ts';
import { tokenHash } from '../secrets.ts';
import {
	findIdentities,
	findUserByEmail,
	findUserById,
	insertIdentity,
	isDuplicateEmail,
	loadUserJson,
	mergeMetadata,
	updateIdentityData,
	updateUser,
	type Db,
	type UserRow
} from '../users.ts';
import {
	optionalBoolean,
	optionalMetadata,
	optionalString,
	UUID,
	validateEmail
} from '../validate.ts';
import { generateLink } from './admin-links.ts';

const AdminUserBody = z.object({
	id: optionalString,
	role: optionalString,
	email: optionalString,
	phone: optionalString,
	password: optionalString,
	email_confirm: optionalBoolean,
	user_metadata: optionalMetadata,
	app_metadata: optionalMetadata,
	ban_duration: optionalString
});
type AdminUserParams = z.infer<typeof AdminUserBody>;

const DeleteBody = z.object({ should_soft_delete: optionalBoolean });

/** Go's time.ParseDuration as GoTrue reads ban_duration; "none" lifts a ban. */
function banUntil(duration: string | null | undefined): Date | null | undefined {
	if (!duration) return undefined;
	if (duration === 'none') return null;
	if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(duration)) {
		throw badRequest('validation_failed', `invalid format for ban duration: ${duration}`);
	}
	const seconds = parseDuration(duration);
	return seconds === 0 ? null : new Date(Date.now() + seconds * 1000);
}

function rejectPhone(params: { phone?: string | null }): void {
	if (params.phone) throw badRequest('validation_failed', 'Phone numbers are not supported here');
}

async function listUsers(ctx: Ctx, call: Call): Promise<void> {
	const query = call.url.searchParams;
	const page = query.get('page') || '1';
	const perPage = query.get('per_page') || '50';
	if (!/^\d+$/.test(page) || !/^\d+$/.test(perPage) || Number(perPage) === 0) {
		throw badRequest('validation_failed', 'Bad Pagination Parameters');
	}
	const [pageNumber, size] = [Math.max(Number(page), 1), Math.min(Number(perPage), 1000)];
	const [total] = await ctx.sql<{ count: number }[]>`
		select count(*)::int as count from auth.users where aud = 'authenticated'
	`;
	const count = total?.count ?? 0;
	const users = await ctx.sql<UserRow[]>`
		select * from auth.users where aud = 'authenticated'
		order by created_at desc, id limit ${size} offset ${(pageNumber - 1) * size}
	`;
	const json = await Promise.all(users.map((user) => loadUserJson(ctx.sql, user)));

	// GoTrue's pagination headers; auth-js reads the page numbers out of `Link`.
	const totalPages = Math.ceil(count / size);
	const link = (n: number) => {
		const url = new URL(call.url.toString());
		url.searchParams.set('page', String(n));
		url.searchParams.set('per_page', String(size));
		url.searchParams.sort();
		return `<${url.pathname}${url.search}>`;
	};
	const links = totalPages > pageNumber ? [`${link(pageNumber + 1)}; rel="next"`] : [];
	links.push(`${link(totalPages)}; rel="last"`);
	call.res.setHeader('link', links.join(', '));
	call.res.setHeader('x-total-count', String(count));
	sendJson(call.res, 200, { users: json, aud: 'authenticated' });
}

async function createUser(ctx: Ctx, call: Call): Promise<void> {
	const params = await readJson(call.req, AdminUserBody);
	rejectPhone(params);
	if (!params.email) {
		throw badRequest('validation_failed', 'Cannot create a user without either an email or phone');
	}
	const email = validateEmail(params.email);
	if (await findUserByEmail(ctx.sql, email)) throw emailExists();
	if (params.id && !UUID.test(params.id)) {
		throw badRequest('validation_failed', 'ID must conform to the uuid v4 format');
	}
	const bannedUntil = banUntil(params.ban_duration);
	// Without a password the user can only sign in by mail; a random one keeps the column filled.
	const password = params.password || randomBytes(32).toString('base64url');
	checkPasswordLength(password);
	const encryptedPassword = await hashPassword(password);
	const created = await transaction(ctx, async (tx) => {
		let user = await createEmailUser(tx, {
			id: params.id ?? undefined,
			email,
			encryptedPassword,
			userMetadata: params.user_metadata ?? {},
			appMetadata: mergeMetadata(
				{ provider: 'email', providers: ['email'] },
				params.app_metadata ?? {}
			),
			role: params.role ?? undefined
		});
		if (params.email_confirm) user = await confirmEmail(tx, user);
		if (bannedUntil !== undefined)
			user = await updateUser(tx, user.id, { banned_until: bannedUntil });
		return loadUserJson(tx, user);
	}).catch((error: unknown) => {
		if (isDuplicateEmail(error)) throw emailExists();
		throw error;
	});
	sendJson(call.res, 200, created);
}

async function loadTarget(ctx: Ctx, id: string): Promise<UserRow> {
	if (!UUID.test(id)) throw new AuthError(404, 'validation_failed', 'user_id must be an UUID');
	const user = await findUserById(ctx.sql, id);
	if (!user) throw new AuthError(404, 'user_not_found', 'User not found');
	return user;
}

async function applyAdminUpdate(
	tx: Db,
	target: UserRow,
	params: AdminUserParams,
	encryptedPassword: string | undefined
): Promise<UserRow> {
	let user = target;
	if (params.role) user = await updateUser(tx, user.id, { role: params.role });
	if (params.email_confirm) user = await confirmEmail(tx, user);
	if (encryptedPassword !== undefined) {
		user = await updateUser(tx, user.id, {
			encrypted_password: encryptedPassword,
			confirmation_token: '',
			recovery_token: '',
			email_change_token_current: '',
			email_change_token_new: ''
		});
		// As GoTrue: a password set by an admin signs the user out everywhere.
		await tx`delete from auth.sessions where user_id = ${user.id}`;
	}
	if (params.email && params.email !== user.email) {
		const identities = await findIdentities(tx, user.id);
		const verified = params.email_confirm ?? false;
		if (identities.some((identity) => identity.provider === 'email')) {
			await updateIdentityData(tx, user.id, 'email', {
				email: params.email,
				email_verified: verified
			});
		} else {
			await insertIdentity(tx, user, 'email', {
				sub: user.id,
				email: params.email,
				email_verified: verified,
				phone_verified: false
			});
		}
		user = await updateUser(tx, user.id, {
			email: params.email,
			...(user.is_anonymous && verified ? { is_anonymous: false } : {})
		});
	}
	if (params.app_metadata) {
		user = await updateUser(tx, user.id, {
			raw_app_meta_data: mergeMetadata(user.raw_app_meta_data, params.app_metadata)
		});
	}
	if (params.user_metadata) {
		user = await updateUser(tx, user.id, {
			raw_user_meta_data: mergeMetadata(user.raw_user_meta_data, params.user_metadata)
		});
	}
	const bannedUntil = banUntil(params.ban_duration);
	if (bannedUntil !== undefined)
		user = await updateUser(tx, user.id, { banned_until: bannedUntil });
	return user;
}

async function updateUserById(ctx: Ctx, call: Call, id: string): Promise<void> {
	const target = await loadTarget(ctx, id);
	const params = await readJson(call.req, AdminUserBody);
	rejectPhone(params);
	const email = params.email ? validateEmail(params.email) : undefined;
	if (email && email !== target.email) {
		const owner = await findUserByEmail(ctx.sql, email);
		if (owner && owner.id !== target.id) throw emailExists();
	}
	banUntil(params.ban_duration);
	let encryptedPassword: string | undefined;
	if (params.password !== undefined && params.password !== null) {
		checkPasswordStrength(ctx.config, params.password);
		encryptedPassword = await hashPassword(params.password);
	}
	const updated = await transaction(ctx, async (tx) =>
		loadUserJson(tx, await applyAdminUpdate(tx, target, { ...params, email }, encryptedPassword))
	);
	sendJson(call.res, 200, updated);
}

async function deleteUserById(ctx: Ctx, call: Call, id: string): Promise<void> {
	const target = await loadTarget(ctx, id);
	const { should_soft_delete: soft } = await readJson(call.req, DeleteBody);
	await transaction(ctx, async (tx) => {
		if (!soft) {
			await tx`delete from auth.users where id = ${target.id}`;
			return;
		}
		if (target.deleted_at) return;
		// GoTrue's SoftDeleteUser: the row stays for foreign keys, everything personal goes.
		const obfuscated = tokenHash(target.id, target.email ?? '');
		await updateUser(tx, target.id, {
			email: obfuscated,
			phone: null,
			encrypted_password: '',
			email_change: '',
			confirmation_token: '',
			recovery_token: '',
			email_change_token_current: '',
			email_change_token_new: '',
			deleted_at: new Date(),
			raw_user_meta_data: {},
			raw_app_meta_data: {}
		});
		await tx`
			update auth.identities set provider_id = ${obfuscated}, identity_data = '{}'::jsonb
			where user_id = ${target.id}
		`;
		await tx`delete from auth.sessions where user_id = ${target.id}`;
		await tx`delete from auth.one_time_tokens where user_id = ${target.id}`;
	});
	sendJson(call.res, 200, {});
}

/** /admin/*: everything here needs the service_role key as bearer token. */
export async function admin(ctx: Ctx, call: Call): Promise<void> {
	await requireAdmin(ctx, call);
	const method = call.req.method;
	const path = call.url.pathname.replace(/\/+$/, '');
	if (path === '/admin/users' && method === 'GET') return listUsers(ctx, call);
	if (path === '/admin/users' && method === 'POST') return createUser(ctx, call);
	if (path === '/admin/generate_link' && method === 'POST') return generateLink(ctx, call);
	const match = /^\/admin\/users\/([^/]+)$/.exec(path);
	if (match) {
		const id = decodeURIComponent(match[1]!);
		if (method === 'GET') {
			sendJson(call.res, 200, await loadUserJson(ctx.sql, await loadTarget(ctx, id)));
			return;
		}
		if (method === 'PUT') return updateUserById(ctx, call, id);
		if (method === 'DELETE') return deleteUserById(ctx, call, id);
	}
	throw new AuthError(404, 'unknown', 'Not found');
}
