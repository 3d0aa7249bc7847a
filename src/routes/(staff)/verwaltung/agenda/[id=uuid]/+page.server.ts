import { error, fail, redirect } from '@sveltejs/kit';
import {
	linkSchema,
	measureDetailSchema,
	measureSchema,
	removeDetailSchema,
	versionSchema
} from '$lib/schemas/agenda';
import { QUERY_MAX } from '$lib/schemas/idea';
import { fieldIssues } from '$lib/schemas/issues';
import { loadAgenda } from '$lib/server/db/agenda';
import { requireRole } from '$lib/server/hooks/auth-guard';
import { formFailure } from '$lib/server/db/errors';
import { linkIdea, removeMeasure, updateMeasure } from '$lib/server/db/agenda-write';
import {
	addMeasureDetail,
	loadMeasureDetails,
	removeMeasureDetail
} from '$lib/server/db/measure-details';
import { listDepartments } from '$lib/server/db/reference';
import { searchIdeas } from '$lib/server/db/ideas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireRole(event, 'staff');
	const { locals, params, url } = event;
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, QUERY_MAX);
	const [fields, departments, details, found] = await Promise.all([
		loadAgenda(locals.supabase, locals.locale),
		listDepartments(locals.supabase),
		loadMeasureDetails(locals.supabase, params.id),
		q
			? searchIdeas(locals.supabase, { q, sort: 'relevance', page: 1 })
			: Promise.resolve({ ideas: [], hasMore: false })
	]);
	const measure = fields
		.flatMap((f) => [...f.looseMeasures, ...f.goals.flatMap((g) => g.measures)])
		.find((m) => m.id === params.id);
	if (!measure) error(404, 'measure_not_found');
	const linked = new Set(measure.ideas.map((i) => i.id));
	return {
		measure,
		details,
		fields,
		departments,
		q,
		results: found.ideas
			.filter((idea) => idea.status !== 'declined')
			.map((idea) => ({
				id: idea.id,
				title: idea.title,
				status: idea.status,
				linked: linked.has(idea.id)
			}))
	};
};

export const actions: Actions = {
	update: async (event) => {
		await requireRole(event, 'staff');
		const form = Object.fromEntries(await event.request.formData());
		const version = versionSchema.safeParse(form.version);
		const parsed = measureSchema.safeParse(form);
		if (!parsed.success || !version.success)
			return fail(400, {
				values: form,
				issues: parsed.success ? {} : fieldIssues(parsed.error)
			});
		try {
			await updateMeasure(event.locals.supabase, event.params.id, parsed.data, version.data);
		} catch (problem) {
			return formFailure('agenda', problem, { values: form });
		}
		return { saved: true };
	},

	link: async (event) => {
		await requireRole(event, 'staff');
		const parsed = linkSchema.safeParse({
			...Object.fromEntries(await event.request.formData()),
			measure: event.params.id
		});
		if (!parsed.success) return fail(400, { problem: 'agenda.errors.invalid' as const });
		try {
			await linkIdea(
				event.locals.supabase,
				parsed.data.measure,
				parsed.data.idea,
				parsed.data.linked
			);
		} catch (problem) {
			return formFailure('agenda', problem);
		}
		return { linkChanged: parsed.data.linked };
	},

	addDetail: async (event) => {
		await requireRole(event, 'staff');
		const form = Object.fromEntries(await event.request.formData());
		const parsed = measureDetailSchema.safeParse(form);
		if (!parsed.success)
			return fail(400, {
				detailForm: form,
				detailIssues: fieldIssues(parsed.error)
			});
		try {
			await addMeasureDetail(event.locals.supabase, event.params.id, parsed.data);
		} catch (problem) {
			return formFailure('agenda', problem, { detailForm: form });
		}
		return { detailAdded: parsed.data.kind };
	},

	removeDetail: async (event) => {
		await requireRole(event, 'staff');
		const parsed = removeDetailSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { problem: 'agenda.errors.invalid' as const });
		try {
			await removeMeasureDetail(event.locals.supabase, parsed.data.kind, parsed.data.id);
		} catch (problem) {
			return formFailure('agenda', problem);
		}
		return { detailRemoved: parsed.data.kind };
	},

	/** First the impact (nothing changes), then, confirmed, archive or delete (remove_measure()). */
	delete: async (event) => {
		await requireRole(event, 'staff');
		const confirmed = (await event.request.formData()).get('confirm') === 'yes';
		if (!confirmed) return { confirmDelete: true };
		let outcome: 'dropped' | 'deleted';
		try {
			outcome = await removeMeasure(event.locals.supabase, event.params.id);
		} catch (problem) {
			return formFailure('agenda', problem);
		}
		if (outcome === 'dropped') return { archived: true };
		redirect(303, '/verwaltung/agenda');
	}
};
