import { fail } from '@sveltejs/kit';
import {
	departmentSchema,
	districtSchema,
	fieldSchema,
	fieldUpdateSchema,
	MAX_UPLOAD_BYTES,
	parseDistrictGeometry,
	referenceActionSchema
} from '$lib/schemas/admin';
import { fieldIssues } from '$lib/schemas/issues';
import { requireRole } from '$lib/server/hooks/auth-guard';
import { formFailure } from '$lib/server/db/errors';
import {
	addDepartment,
	addField,
	updateField,
	deleteRow,
	listFields,
	referenceUsage,
	saveDistrict,
	setArchived,
	type ReferenceTable
} from '$lib/server/db/admin';
import { listDepartments, listDistrictAreas } from '$lib/server/db/reference';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'admin');
	const { supabase } = event.locals;
	const [fields, departments, districts] = await Promise.all([
		listFields(supabase),
		listDepartments(supabase),
		listDistrictAreas(supabase)
	]);
	return {
		fields,
		departments,
		// The editor lists districts with the size of their outline, not the outline itself.
		districts: districts.map(({ id, slug, name, area, archived_at }) => ({
			id,
			slug,
			name,
			archived_at,
			points: area?.coordinates[0]?.length ?? 0
		}))
	};
};

/** Text fields of a form as an object (uploads left out: they are read separately). */
async function formText(event: RequestEvent) {
	const data = await event.request.formData();
	const text: Record<string, string> = {};
	for (const [key, value] of data) if (typeof value === 'string') text[key] = value;
	return { data, text };
}

/** A row's name as the confirmation shows it. */
async function nameOf(event: RequestEvent, table: ReferenceTable, id: number): Promise<string> {
	const { supabase } = event.locals;
	if (table === 'fields_of_action') {
		const field = (await listFields(supabase)).find((f) => f.id === id);
		return field ? `${field.name_de} / ${field.name_en}` : String(id);
	}
	const rows =
		table === 'departments' ? await listDepartments(supabase) : await listDistrictAreas(supabase);
	return rows.find((row) => row.id === id)?.name ?? String(id);
}

/**
 * Deleting master data confirms first: without `confirm` the action answers with what uses the
 * row (ideas, measures, goals, staff), and the page asks; with it the row goes (the database
 * writes each affected idea's history entry). Works the same with and without JavaScript.
 */
function deleter(table: ReferenceTable) {
	return async (event: RequestEvent) => {
		await requireRole(event, 'admin');
		const { text } = await formText(event);
		const parsed = referenceActionSchema.safeParse(text);
		if (!parsed.success) return fail(400, { problem: 'admin.errors.invalid' as const });
		const { id, confirm } = parsed.data;
		try {
			if (!confirm) {
				const [usage, name] = await Promise.all([
					referenceUsage(event.locals.supabase, table, id),
					nameOf(event, table, id)
				]);
				return { confirm: { table, id, name, usage } };
			}
			await deleteRow(event.locals.supabase, table, id);
		} catch (problem) {
			return formFailure('admin', problem, { section: table });
		}
		return { deleted: table };
	};
}

/** Archives a row (or brings it back): it stays for what uses it but is offered for nothing new. */
function archiver(table: ReferenceTable, archived: boolean) {
	return async (event: RequestEvent) => {
		await requireRole(event, 'admin');
		const { text } = await formText(event);
		const parsed = referenceActionSchema.safeParse(text);
		if (!parsed.success) return fail(400, { problem: 'admin.errors.invalid' as const });
		try {
			await setArchived(event.locals.supabase, table, parsed.data.id, archived);
		} catch (problem) {
			return formFailure('admin', problem, { section: table });
		}
		return { archived };
	};
}

export const actions: Actions = {
	addField: async (event) => {
		await requireRole(event, 'admin');
		const { text } = await formText(event);
		const parsed = fieldSchema.safeParse(text);
		if (!parsed.success)
			return fail(400, { section: 'fields', values: text, issues: fieldIssues(parsed.error) });
		try {
			await addField(event.locals.supabase, parsed.data);
		} catch (problem) {
			return formFailure('admin', problem, { section: 'fields', values: text });
		}
		return { added: 'fields' };
	},

	updateField: async (event) => {
		await requireRole(event, 'admin');
		const { text } = await formText(event);
		const section = `field-${text.id}`;
		const parsed = fieldUpdateSchema.safeParse(text);
		if (!parsed.success)
			return fail(400, { section, values: text, issues: fieldIssues(parsed.error) });
		try {
			await updateField(event.locals.supabase, parsed.data);
		} catch (problem) {
			return formFailure('admin', problem, { section, values: text });
		}
		return { added: 'fields' };
	},

	addDepartment: async (event) => {
		await requireRole(event, 'admin');
		const { text } = await formText(event);
		const parsed = departmentSchema.safeParse(text);
		if (!parsed.success)
			return fail(400, { section: 'departments', values: text, issues: fieldIssues(parsed.error) });
		try {
			await addDepartment(event.locals.supabase, parsed.data);
		} catch (problem) {
			return formFailure('admin', problem, { section: 'departments', values: text });
		}
		return { added: 'departments' };
	},

	saveDistrict: async (event) => {
		await requireRole(event, 'admin');
		const { data, text } = await formText(event);
		const parsed = districtSchema.safeParse(text);
		if (!parsed.success)
			return fail(400, { section: 'districts', values: text, issues: fieldIssues(parsed.error) });
		const file = data.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, {
				section: 'districts',
				values: text,
				issues: { file: 'admin.errors.fileMissing' as const }
			});
		if (file.size > MAX_UPLOAD_BYTES)
			return fail(400, {
				section: 'districts',
				values: text,
				issues: { file: 'admin.errors.geojsonTooLarge' as const }
			});
		const geometry = parseDistrictGeometry(await file.text());
		if (!geometry.ok)
			return fail(400, { section: 'districts', values: text, issues: { file: geometry.problem } });
		try {
			await saveDistrict(
				event.locals.supabase,
				parsed.data.slug,
				parsed.data.name,
				geometry.geometry
			);
		} catch (problem) {
			return formFailure('admin', problem, { section: 'districts', values: text });
		}
		return { added: 'districts' };
	},

	deleteField: deleter('fields_of_action'),
	deleteDepartment: deleter('departments'),
	deleteDistrict: deleter('districts'),
	archiveField: archiver('fields_of_action', true),
	archiveDepartment: archiver('departments', true),
	archiveDistrict: archiver('districts', true),
	unarchiveField: archiver('fields_of_action', false),
	unarchiveDepartment: archiver('departments', false),
	unarchiveDistrict: archiver('districts', false)
};
