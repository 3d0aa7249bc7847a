import { z } from './zod';
import { issue } from './issues';

/** Radii offered (metres): what the database allows is 250–3,000. */
export const ALERT_RADII = [250, 500, 1000, 2000, 3000] as const;

/** `where` for a point picked on the map (else a district's slug, or `town`). */
export const MAP_POINT = 'point';

/**
 * A new place alert from the form: a point picked on the map, a district (its centre) or the whole
 * town, by fields if wanted.
 */
export const placeAlertSchema = z
	.object({
		label: z
			.string(issue('notifications.places.errors.label'))
			.trim()
			.min(1, issue('notifications.places.errors.label'))
			.max(80, issue('notifications.places.errors.label')),
		where: z
			.string(issue('notifications.places.errors.where'))
			.min(1, issue('notifications.places.errors.where')),
		radius: z.coerce
			.number(issue('notifications.places.errors.radius'))
			.refine(
				(value) => (ALERT_RADII as readonly number[]).includes(value),
				issue('notifications.places.errors.radius')
			),
		fields: z.array(z.string()).max(20),
		lat: z.coerce.number().min(-90).max(90).optional(),
		lng: z.coerce.number().min(-180).max(180).optional()
	})
	.refine(
		(alert) => alert.where !== MAP_POINT || (alert.lat !== undefined && alert.lng !== undefined),
		{
			...issue('notifications.places.errors.point'),
			path: ['where']
		}
	)
	.refine((alert) => alert.where !== 'town' || alert.fields.length > 0, {
		...issue('notifications.places.errors.townNeedsFields'),
		path: ['fields']
	});

export type PlaceAlertForm = z.infer<typeof placeAlertSchema>;
