import type { ParamMatcher } from '@sveltejs/kit';

// Canonical (lowercase) form only, so every idea has exactly one URL.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const match = ((param: string): param is string => UUID.test(param)) satisfies ParamMatcher;
