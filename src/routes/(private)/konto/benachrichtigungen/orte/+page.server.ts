import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { fieldIssues } from '$lib/schemas/issues';
import { MAP_POINT, placeAlertSchema, type PlaceAlertForm } from '$lib/schemas/place-alert';
import { formFailure } from '$lib/server/db/errors';
import { addPlaceAlert, listMyPlaceAlerts, removePlaceAlert } from '$lib/server/db/notifications';
import { listDistrictAreas, listFieldsOfAction } from '$lib/server/db/reference';
import { getMapSettings } from '$lib/server/db/settings';
import type { Actions, PageServerLoad } from './$types';

/** Districts with an outline, not archived: an alert goes around their centre. */
async function districts(supabase: App.Locals['supabase']) {
	return (await listDistrictAreas(supabase)).flatMap(({ slug, name, centre, archived_at }) =>
		centre && archived_at === null ? [{ slug, name, centre }] : []
	);
}

// The (private) guard has checked the session with the auth server.
export const load: PageServerLoad = async ({ locals }) => {
	const [alerts, places, fields, map] = await Promise.all([
		listMyPlaceAlerts(locals.supabase),
		districts(locals.supabase),
		listFieldsOfAction(locals.supabase, locals.locale),
		getMapSettings(locals.supabase)
	]);
	return {
		alerts,
		map,
		districts: places.map(({ slug, name }) => ({ slug, name })),
		fields: fields.map(({ slug, name }) => ({ slug, name }))
	};
};

export const actions: Actions = {
	add: async ({ request, locals }) => {
		const form = await request.formData();
		// An empty coordinate is no coordinate (not 0).
		const coordinate = (name: string) => form.get(name) || undefined;
		const values = {
			label: form.get('label'),
			where: form.get('where'),
			radius: form.get('radius') ?? '1000',
			fields: form.getAll('fields').map(String),
			lat: coordinate('lat'),
			lng: coordinate('lng')
		};
		const kept = {
			label: typeof values.label === 'string' ? values.label : '',
			where: typeof values.where === 'string' ? values.where : '',
			radius: String(values.radius),
			fields: values.fields,
			lat: typeof values.lat === 'string' ? values.lat : '',
			lng: typeof values.lng === 'string' ? values.lng : ''
		};
		const parsed = placeAlertSchema.safeParse(values);
		if (!parsed.success) return fail(400, { ...kept, issues: fieldIssues(parsed.error) });
		const alert = parsed.data;
		let place = null;
		if (alert.where === MAP_POINT) {
			// The database checks that the point lies in the town.
			place = { lat: alert.lat!, lng: alert.lng!, radiusM: alert.radius };
		} else if (alert.where !== 'town') {
			const district = (await districts(locals.supabase)).find((d) => d.slug === alert.where);
			if (!district) {
				const issues: ReturnType<typeof fieldIssues<PlaceAlertForm>> = {
					where: 'notifications.places.errors.where'
				};
				return fail(400, { ...kept, issues });
			}
			place = { ...district.centre, radiusM: alert.radius };
		}
		try {
			await addPlaceAlert(locals.supabase, { label: alert.label, place, fieldSlugs: alert.fields });
		} catch (problem) {
			return formFailure('account', problem, kept);
		}
		return { added: true };
	},

	remove: async ({ request, locals }) => {
		const parsed = z
			.object({ id: z.uuid() })
			.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success)
			return fail(400, { problem: 'notifications.places.errors.remove' as const });
		try {
			await removePlaceAlert(locals.supabase, parsed.data.id);
		} catch (problem) {
			return formFailure('account', problem);
		}
		return { removed: true };
	}
};
