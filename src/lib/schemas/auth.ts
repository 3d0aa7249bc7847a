import { z } from './zod';
import { issue } from './issues';
import { displayNameSchema } from './profile';

/** supabase/config.toml: minimum_password_length = 8; bcrypt reads at most 72 bytes. */
export const PASSWORD = { min: 8, max: 72 } as const;

const email = z
	.string(issue('auth.errors.emailRequired'))
	.trim()
	.min(1, issue('auth.errors.emailRequired'))
	.pipe(z.email(issue('auth.errors.emailInvalid')));

const newPassword = z
	.string(issue('auth.errors.passwordTooShort'))
	.min(PASSWORD.min, issue('auth.errors.passwordTooShort'))
	.refine(
		(value) => new TextEncoder().encode(value).length <= PASSWORD.max,
		issue('auth.errors.passwordTooLong')
	);

export const signInSchema = z.object({
	email,
	// No length rules on sign-in: the password is checked by the auth server, not described here.
	password: z
		.string(issue('auth.errors.passwordRequired'))
		.min(1, issue('auth.errors.passwordRequired'))
});

/** Magic link (sign-in), "forgot password" and a new address for the account: just the address. */
export const emailSchema = z.object({ email });

// profiles: organization 2–120 and sector 2–80 characters, plain text (the sign-up trigger
// silently makes a resident of anyone whose business details do not fit, so check them here).
const plain = (min: number, max: number, tooShort: 'organization' | 'sector') =>
	z
		.string()
		.trim()
		.refine((value) => [...value].length >= min, issue(`auth.errors.${tooShort}Required`))
		.refine((value) => [...value].length <= max, issue(`auth.errors.${tooShort}TooLong`))
		.refine((value) => !/<\s*[A-Za-z!/?]|javascript\s*:/i.test(value), issue('auth.errors.markup'));

/**
 * Sign-up: name, address, persona and how to sign in (a password, or a link by mail). The
 * persona travels as user metadata; the database's sign-up trigger makes the profile from it.
 */
export const signUpSchema = z
	.object({
		displayName: displayNameSchema.shape.displayName,
		email,
		kind: z.enum(['resident', 'business']).catch('resident'),
		organization: z.string().default(''),
		sector: z.string().default(''),
		method: z.enum(['password', 'link']).catch('password'),
		password: z.string().default('')
	})
	.superRefine((value, context) => {
		const check = (path: string, schema: z.ZodType, input: string) => {
			const result = schema.safeParse(input);
			if (!result.success) {
				context.addIssue({
					code: 'custom',
					path: [path],
					message: result.error.issues[0]!.message
				});
			}
		};
		if (value.kind === 'business') {
			check('organization', plain(2, 120, 'organization'), value.organization);
			check('sector', plain(2, 80, 'sector'), value.sector);
		}
		if (value.method === 'password') check('password', newPassword, value.password);
	})
	.transform((value) => ({
		...value,
		organization: value.kind === 'business' ? value.organization.trim() : '',
		sector: value.kind === 'business' ? value.sector.trim() : ''
	}));
export type SignUp = z.infer<typeof signUpSchema>;

export const newPasswordSchema = z
	.object({ password: newPassword, confirm: z.string().default('') })
	.refine((value) => value.password === value.confirm, {
		path: ['confirm'],
		...issue('auth.errors.passwordMismatch')
	});
