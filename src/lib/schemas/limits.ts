// Zod-free on purpose: forms import these without pulling zod into the browser bundle.
import type { Database } from '$lib/types/database';

/** ideas: title 5–120, body ≤ 5,000, place hint ≤ 200 code points (ideas_validate says the same). */
export const TITLE = { min: 5, max: 120 } as const;
export const BODY_MAX = 5000;
export const PLACE_HINT_MAX = 200;

/** profiles.display_name: `check (char_length(display_name) between 2 and 60)`. */
export const DISPLAY_NAME = { min: 2, max: 60 } as const;

export const REPORT_REASONS = [
	'spam',
	'offensive',
	'personal_data',
	'illegal',
	'off_topic',
	'other'
] as const satisfies readonly Database['public']['Enums']['report_reason'][];

/** reports.note: `check (char_length(note) <= 1000)`. */
export const REPORT_NOTE_MAX = 1000;
