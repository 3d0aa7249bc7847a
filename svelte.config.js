import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		adapter: adapter(),
		// workbox-window registers the worker (ReloadPrompt), so updates wait for the person's OK.
		serviceWorker: { register: false },
		// A page's stylesheets go into its <head>: no render-blocking request before the first
		// paint (slow mobile networks pay a round trip per file). Leaflet's styles stay files. The
		// root layout's (both colour schemes, 10.1 KB) is the largest; start.spec.ts checks that
		// no page of the main ones links a stylesheet.
		inlineStyleThreshold: 14 * 1024,
		// The CSRF check is ours (src/lib/server/hooks/csrf.ts): SvelteKit's, plus the one-click
		// unsubscribe a mail client posts without an Origin (RFC 8058).
		csrf: { trustedOrigins: ['*'] },
		// Absolute asset URLs: the service worker serves the offline page at any path.
		paths: { relative: false },
		// Only the nonce/hash-carrying inline scripts SvelteKit emits may run; no third-party origin.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
