import { z } from './zod';

/** A device's push subscription as `PushSubscription.toJSON()` gives it (RFC 8291 keys, base64url). */
export const pushDeviceSchema = z.object({
	endpoint: z
		.string()
		.max(1000)
		.regex(/^https:\/\/\S+$/),
	keys: z.object({
		p256dh: z.string().regex(/^[A-Za-z0-9_-]{86,88}={0,2}$/),
		auth: z.string().regex(/^[A-Za-z0-9_-]{21,24}={0,2}$/)
	}),
	label: z.string().trim().max(100).default('')
});

export type PushDevice = z.infer<typeof pushDeviceSchema>;

/** Which device to remove: its endpoint (the browser knows only that). */
export const pushEndpointSchema = pushDeviceSchema.pick({ endpoint: true });
