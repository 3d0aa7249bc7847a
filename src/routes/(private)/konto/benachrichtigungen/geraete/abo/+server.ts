import { json } from '@sveltejs/kit';
import { pushDeviceSchema, pushEndpointSchema } from '$lib/schemas/push-device';
import { explain } from '$lib/server/db/errors';
import { removeDevice, saveDevice } from '$lib/server/db/notifications';
import type { RequestHandler } from './$types';

/**
 * This device's push subscription (JSON, from $lib/notifications/push-client): POST saves it for
 * the signed-in person (the guard requires one), DELETE removes it. A browser cannot post JSON
 * here from another site without CORS, which this endpoint does not allow.
 */
async function body(request: Request): Promise<unknown> {
	return request.json().catch(() => null);
}

function refusal(problem: unknown): Response {
	const { status, message } = explain('account', problem);
	return json({ problem: message }, { status });
}

export const POST: RequestHandler = async ({ request, locals }) => {
	const parsed = pushDeviceSchema.safeParse(await body(request));
	if (!parsed.success) return json({ problem: 'invalid_push_subscription' }, { status: 400 });
	try {
		await saveDevice(locals.supabase, parsed.data);
	} catch (problem) {
		return refusal(problem);
	}
	return new Response(null, { status: 204 });
};

export const DELETE: RequestHandler = async ({ request, locals }) => {
	const parsed = pushEndpointSchema.safeParse(await body(request));
	if (!parsed.success) return json({ problem: 'invalid_push_subscription' }, { status: 400 });
	try {
		await removeDevice(locals.supabase, { endpoint: parsed.data.endpoint });
	} catch (problem) {
		return refusal(problem);
	}
	return new Response(null, { status: 204 });
};
