// SvelteKit builds this file as the service worker. The code lives in $lib/offline/worker.ts,
// where the type checker and linter see it (SvelteKit's tsconfig leaves this file out).
import '$lib/offline/worker';
