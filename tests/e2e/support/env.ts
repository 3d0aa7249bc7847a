import { fileURLToPath } from 'node:url';

/** Fixed (overridable) so the config, the server script and every worker agree on it. */
export const E2E_PORT = Number(process.env.E2E_PORT || 4317);

// localhost, not 127.0.0.1: SvelteKit only drops the Secure flag from cookies for http://localhost.
export const APP_ORIGIN = `http://localhost:${E2E_PORT}`;

/**
 * Written by scripts/e2e-server.ts once the stack runs; read by the fixtures. Named by the port,
 * so two runs on different ports (e.g. two worktrees) never read each other's stack.
 */
export const STACK_FILE = fileURLToPath(
	new URL(`../../../test-results/e2e-stack-${E2E_PORT}.json`, import.meta.url)
);
