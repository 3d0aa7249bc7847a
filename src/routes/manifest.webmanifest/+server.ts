import { createTranslator } from '$lib/i18n/translator';
import { messagesFor } from '$lib/server/i18n';
import type { RequestHandler } from './$types';

const ICONS = [
	{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
	{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
	{ src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
	{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
];

/**
 * The web app manifest, served rather than static so the installed app carries the town's name
 * and colour from `settings` (anyone may read that row).
 */
export const GET: RequestHandler = async ({ locals }) => {
	const { data } = await locals.supabase
		.from('settings')
		.select('municipality_name, primary_colour')
		.maybeSingle();
	const town = data?.municipality_name ?? 'Musterstadt';
	// The installed app is German like the town's own site; the pages follow the visitor's choice.
	const t = createTranslator('de', messagesFor('de'));
	const manifest = {
		id: '/',
		name: `Stadtidee ${town}`,
		short_name: `Stadtidee ${town}`,
		description: t('offline.manifestDescription', { town }),
		lang: 'de',
		dir: 'ltr',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		theme_color: data?.primary_colour ?? '#005a8c',
		background_color: '#ffffff',
		icons: ICONS
	};
	return new Response(JSON.stringify(manifest), {
		headers: {
			'content-type': 'application/manifest+json',
			'cache-control': 'public, max-age=3600'
		}
	});
};
