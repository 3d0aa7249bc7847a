import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			// Our own service worker (src/service-worker.ts); the plugin injects the precache list.
			strategies: 'injectManifest',
			srcDir: 'src',
			filename: 'service-worker.ts',
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
