import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * V8's explicit compile hint (Chrome and Edge 136+; other engines read a comment). A file that
 * starts with it has all its functions compiled while it downloads, on a background thread,
 * instead of one by one on the main thread the first time each runs - which is what the client
 * chunks do on load: they start SvelteKit and hydrate the page. The idea page's blocking time in
 * Lighthouse: median 221 -> 111 ms (ADR 003, docs/benchmarks.md).
 *
 * Added last (after Vite's own prefix for dynamic imports), so it is the file's first line, and to
 * the client build only. Nothing maps these files to sources (no source maps are built).
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

function compileHint(): Plugin {
	let client = false;
	return {
		name: 'stadtidee:compile-hint',
		apply: 'build',
		configResolved(config) {
			client = !config.build.ssr;
		},
		generateBundle: {
			order: 'post',
			handler(_options, bundle) {
				if (!client) return;
				for (const file of Object.values(bundle)) {
					if (file.type === 'chunk') file.code = `${COMPILE_HINT}\n${file.code}`;
				}
			}
		}
	};
}

export default defineConfig({
	plugins: [
		compileHint(),
		sveltekit(),
		SvelteKitPWA({
			// Our own service worker (src/service-worker.js, code in $lib/offline/worker.ts); the
			// plugin injects the precache list.
			strategies: 'injectManifest',
			srcDir: 'src',
			filename: 'service-worker.js',
			// Registered by ReloadPrompt through workbox-window; the manifest is a route (settings).
			injectRegister: false,
			manifest: false,
			injectManifest: {
				// Nothing is prerendered and the manifest is a route: only the client build is precached.
				// (A set modifyURLPrefix keeps the plugin from adding its default patterns for those.)
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,woff2}'],
				modifyURLPrefix: {}
			},
			devOptions: { enabled: false }
		})
	],
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'db',
					include: ['tests/db/**/*.test.ts', 'tests/stack/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/setup/stack.ts'],
					testTimeout: 30_000,
					hookTimeout: 120_000,
					// One shared stack; test files run one after another so rate limits and counts stay predictable.
					fileParallelism: false
				}
			}
		]
	}
});
