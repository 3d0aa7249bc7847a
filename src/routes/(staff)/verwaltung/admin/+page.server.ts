import { fail } from '@sveltejs/kit';
import { roleSchema, userDepartmentsSchema } from '$lib/schemas/admin';
import { requireRole } from '$lib/server/hooks/auth-guard';
import { formFailure } from '$lib/server/db/errors';
import { departmentsOf, findUsers, setUserDepartments, setUserRole } from '$lib/server/db/admin';
import { listDepartments } from '$lib/server/db/reference';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'admin');
	const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const [users, departments] = await Promise.all([
		findUsers(event.locals.supabase, q),
		listDepartments(event.locals.supabase)
	]);
	return {
		q,
		users,
		departments: departments.map(({ id, name }) => ({ id, name })),
		memberships: await departmentsOf(
			event.locals.supabase,
			users.map((user) => user.id)
		)
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
			departments: form.getAll('departments')
		});
		if (!parsed.success) return fail(400, { problem: 'admin.errors.invalid' as const });
		try {
			await setUserDepartments(event.locals.supabase, parsed.data.user_id, parsed.data.departments);
		} catch (problem) {
			return formFailure('admin', problem, { userId: parsed.data.user_id });
		}
		return { departmentsChanged: { userId: parsed.data.user_id } };
	}
};
