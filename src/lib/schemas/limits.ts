// Zod-free on purpose: forms import these without pulling zod into the browser bundle.

/** profiles.display_name: `check (char_length(display_name) between 2 and 60)`. */
export const DISPLAY_NAME = { min: 2, max: 60 } as const;
