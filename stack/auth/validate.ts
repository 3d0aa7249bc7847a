import { z } from 'zod';
import { badRequest } from './errors.ts';

/**
 * Request fields as Go decodes them: absent and null both mean "not given" (auth-js sends e.g.
 * `code_challenge: null`), unknown fields are ignored, a wrong type is a bad_json error.
 */
export const optionalString = z.string().nullish();
export const optionalBoolean = z.boolean().nullish();
export const metadata = z.record(z.string(), z.unknown());
export const optionalMetadata = metadata.nullish();

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const pkceFields = {
	code_challenge: optionalString,
	code_challenge_method: optionalString
};

/** The address format checkmail.ValidateFormat accepts (used by GoTrue's validateEmail). */
const EMAIL_FORMAT =
	/^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** GoTrue's validateEmail: required, at most 255 characters, well-formed; lower-cased. */
export function validateEmail(email: string | null | undefined): string {
	if (!email) throw badRequest('validation_failed', 'An email address is required');
	if (email.length > 255) throw badRequest('validation_failed', 'An email address is too long');
	if (!EMAIL_FORMAT.test(email)) {
		throw badRequest('validation_failed', 'Unable to validate email address: invalid format');
	}
	return email.toLowerCase();
}
