import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
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
