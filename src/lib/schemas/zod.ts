import { config, z } from 'zod';

// Zod 4 tries `Function('')` once to learn whether it may compile faster parsers. Our CSP has no
// 'unsafe-eval', so in the browser that probe is a blocked eval (a CSP issue in the browser's
// issue log, counted by Lighthouse): say up front that it may not. Configured here, where every
// schema gets its `z`, so zod is loaded only by pages that validate (not from a global hook).
config({ jitless: true });

export { z };
