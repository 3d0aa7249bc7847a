import { fail } from '@sveltejs/kit';
import {
	invitationIdSchema,
	invitationSchema,
	roleSchema,
	userDepartmentsSchema
} from '$lib/schemas/admin';
import { requireRole } from '$lib/server/hooks/auth-guard';
import { formFailure } from '$lib/server/db/errors';
import {
	departmentsOf,
	findUsers,
	inviteStaff,
	listInvitations,
	revokeInvitation,
	scopedUsers,
	setUserDepartments,
	setUserRole,
	setUserScope
} from '$lib/server/db/admin';
import { listDepartments } from '$lib/server/db/reference';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'admin');
	const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const [users, departments, invitations] = await Promise.all([
		findUsers(event.locals.supabase, q),
		listDepartments(event.locals.supabase),
		listInvitations(event.locals.supabase)
	]);
	const ids = users.map((user) => user.id);
	const [memberships, scoped] = await Promise.all([
		departmentsOf(event.locals.supabase, ids),
		scopedUsers(event.locals.supabase, ids)
	]);
	return {
		q,
		users,
		// Archived departments keep their members but take no new ones.
		departments: departments.map(({ id, name, archived_at }) => ({
			id,
			name,
			archived: archived_at !== null
		})),
		memberships,
		scoped,
		invitations,
		now: new Date().toISOString()
	};
};

export const actions: Actions = {
	setRole: async (event) => {
		await requireRole(event, 'admin');
		const parsed = roleSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { problem: 'admin.errors.invalid' as const });
		try {
			return {
				roleChanged: await setUserRole(event.locals.supabase, parsed.data.user_id, parsed.data.role)
			};
		} catch (problem) {
			return formFailure('admin', problem, { userId: parsed.data.user_id });
		}
	},

	setDepartments: async (event) => {
		await requireRole(event, 'admin');
		const form = await event.request.formData();
		const parsed = userDepartmentsSchema.safeParse({
			user_id: form.get('user_id'),
			departments: form.getAll('departments'),
			scoped: form.has('scoped')
		});
		if (!parsed.success) return fail(400, { problem: 'admin.errors.invalid' as const });
		const { user_id, departments, scoped } = parsed.data;
		try {
			// Lifting the limit first, setting it last: never limited to departments being changed.
			if (!scoped) await setUserScope(event.locals.supabase, user_id, false);
			await setUserDepartments(event.locals.supabase, user_id, departments);
			if (scoped) await setUserScope(event.locals.supabase, user_id, true);
		} catch (problem) {
			return formFailure('admin', problem, { userId: user_id });
		}
		return { departmentsChanged: { userId: user_id } };
	},

	invite: async (event) => {
		await requireRole(event, 'admin');
		const form = await event.request.formData();
		const values = { email: String(form.get('email') ?? ''), role: String(form.get('role') ?? '') };
		const parsed = invitationSchema.safeParse({
			...values,
			departments: form.getAll('departments'),
			scoped: form.has('scoped')
		});
		if (!parsed.success)
			return fail(400, { section: 'invite', values, problem: 'admin.errors.invalid' as const });
		try {
			await inviteStaff(event.locals.supabase, { ...parsed.data, locale: event.locals.locale });
		} catch (problem) {
			return formFailure('admin', problem, { section: 'invite', values });
		}
		return { invited: parsed.data.email };
	},

	revokeInvitation: async (event) => {
		await requireRole(event, 'admin');
		const parsed = invitationIdSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { problem: 'admin.errors.invalid' as const });
		try {
			await revokeInvitation(event.locals.supabase, parsed.data.id);
		} catch (problem) {
			return formFailure('admin', problem);
		}
		return { revoked: true };
	}
};
