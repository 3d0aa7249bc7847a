import { z } from 'zod';
import { issue } from './issues';

export const signInSchema = z.object({
	email: z
		.string(issue('auth.errors.emailRequired'))
		.trim()
		.min(1, issue('auth.errors.emailRequired'))
		.pipe(z.email(issue('auth.errors.emailInvalid'))),
	// No length rules on sign-in: the password is checked by the auth server, not described here.
	password: z
		.string(issue('auth.errors.passwordRequired'))
		.min(1, issue('auth.errors.passwordRequired'))
});
