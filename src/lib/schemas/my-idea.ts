import { z } from './zod';
import { issue } from './issues';

/** ideas: title 5–120, body ≤ 5,000 (the validation trigger says the same). */
export const IDEA_TITLE = { min: 5, max: 120 } as const;
export const IDEA_BODY_MAX = 5000;

/** An author's correction while the idea awaits moderation. */
export const ideaEditSchema = z.object({
	title: z
		.string(issue('account.edit.errors.titleLength'))
		.trim()
		.min(IDEA_TITLE.min, issue('account.edit.errors.titleLength'))
		.max(IDEA_TITLE.max, issue('account.edit.errors.titleLength')),
	body: z
		.string(issue('account.edit.errors.bodyTooLong'))
		.trim()
		.max(IDEA_BODY_MAX, issue('account.edit.errors.bodyTooLong'))
});
