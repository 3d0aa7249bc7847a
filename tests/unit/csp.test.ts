import { describe, expect, it } from 'vitest';
import { allowConnectTo } from '$lib/server/csp';

const API = 'https://abc.supabase.co';

describe('allowConnectTo', () => {
	it('appends the origin to connect-src and leaves the rest alone', () => {
		const policy =
			"default-src 'self'; script-src 'self' 'nonce-abc'; connect-src 'self'; frame-ancestors 'none'";
		expect(allowConnectTo(policy, API)).toBe(
			`default-src 'self'; script-src 'self' 'nonce-abc'; connect-src 'self' ${API}; frame-ancestors 'none'`
		);
	});

	it('does not repeat an origin already allowed', () => {
		expect(allowConnectTo(`connect-src 'self' ${API}`, API)).toBe(`connect-src 'self' ${API}`);
	});

	it("adds connect-src with 'self' when the policy has none", () => {
		expect(allowConnectTo("default-src 'self';", API)).toBe(
			`default-src 'self'; connect-src 'self' ${API}`
		);
	});
});
