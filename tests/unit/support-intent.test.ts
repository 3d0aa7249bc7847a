import { describe, expect, it } from 'vitest';
import { supportIntent, supportIntentPath } from '$lib/ideas/support-intent';

const IDEA = '00000000-0000-4000-b000-000000000001';

describe('the support intent through sign-in', () => {
	it('is read back from the path it makes', () => {
		expect(supportIntentPath(IDEA)).toBe(`/ideen/${IDEA}?unterstuetzen#unterstuetzung`);
		expect(supportIntent(supportIntentPath(IDEA))).toBe(IDEA);
	});

	it('is nothing on any other path', () => {
		expect(supportIntent(`/ideen/${IDEA}`)).toBeNull();
		expect(supportIntent('/konto?unterstuetzen')).toBeNull();
		expect(supportIntent(`/ideen/${IDEA}/x?unterstuetzen`)).toBeNull();
		expect(supportIntent('/ideen/not-a-uuid?unterstuetzen')).toBeNull();
	});
});
