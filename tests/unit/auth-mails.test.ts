import { describe, expect, test } from 'vitest';
import { composeMail } from '../../stack/auth/mails.ts';
import { pkceChallenge, tokenHash } from '../../stack/auth/secrets.ts';

describe('auth mails and tokens', () => {
	test('a mail carries link and code in text and (escaped) HTML, in German and English', () => {
		const link = 'http://127.0.0.1:54321/auth/v1/verify?token=abc&type=magiclink&redirect_to=x"<y>';
		const mail = composeMail({
			to: 'a@example.com',
			type: 'magiclink',
			otp: '123456',
			link,
			tokenHash: 'abc',
			redirectTo: 'x',
			expiresIn: 3600
		});
		expect(mail.subject).toMatch(/Anmeldelink.*sign-in link/);
		expect(mail.text).toContain(link);
		expect(mail.text).toContain('123456');
		expect(mail.text).toMatch(/60 Minuten/);
		expect(mail.html).toContain('token=abc&amp;type=magiclink&amp;redirect_to=x&quot;&lt;y&gt;');
		expect(mail.html).not.toContain('"<y>');
		expect(mail.html).toMatch(/lang="de"[\s\S]*lang="en"/);
	});

	test('token hashes are sha224 hex (as GoTrue), PKCE challenges base64url sha256 (RFC 7636)', () => {
		// Known digests of "abc": sha224 = 23097d22…, sha256 = ba7816bf….
		expect(tokenHash('ab', 'c')).toBe('23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7');
		expect(pkceChallenge('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
	});
});
