import { config } from 'zod';

// Zod 4 tries `Function('')` once to learn whether it may compile faster parsers. Our CSP has no
// 'unsafe-eval', so that probe is a blocked eval on every page that validates (a CSP issue in the
// browser's issue log, counted by Lighthouse): say up front that it may not, so it never tries.
config({ jitless: true });
