import { describe, expect, it } from 'vitest';
import { crossSiteForbidden } from '$lib/server/hooks/csrf';

const SITE = new URL('https://stadtidee.example/sprache');
const TOKEN = '6f1c2d8e-3b4a-4c5d-9e8f-0a1b2c3d4e5f';

function post(url: URL, headers: Record<string, string>, method = 'POST'): [Request, URL] {
	return [new Request(url, { method, headers, body: 'x=1' }), url];
}

describe('the CSRF check', () => {
	it('refuses a form post from another origin or none, in any spelling of the type', () => {
		for (const type of [
			'application/x-www-form-urlencoded',
			'multipart/form-data; boundary=x',
			'text/plain',
			'Application/X-WWW-Form-Urlencoded'
		]) {
			expect(
				crossSiteForbidden(...post(SITE, { 'content-type': type, origin: 'https://evil.example' }))
			).toBe(true);
			expect(crossSiteForbidden(...post(SITE, { 'content-type': type }))).toBe(true);
		}
		expect(
			crossSiteForbidden(
				...post(SITE, { 'content-type': 'text/plain', origin: 'https://evil.example' }, 'DELETE')
			)
		).toBe(true);
	});

	it('lets the site’s own form posts and non-form requests through', () => {
		const own = { 'content-type': 'application/x-www-form-urlencoded', origin: SITE.origin };
		expect(crossSiteForbidden(...post(SITE, own))).toBe(false);
		expect(
			crossSiteForbidden(
				...post(SITE, { 'content-type': 'application/json', origin: 'https://evil.example' })
			)
		).toBe(false);
		expect(crossSiteForbidden(new Request(SITE), SITE)).toBe(false);
	});

	it('lets a mail client’s one-click unsubscribe through, and nothing else on its path or beside it', () => {
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		const unsubscribe = new URL(`https://stadtidee.example/e-mail/abbestellen/${TOKEN}`);
		expect(crossSiteForbidden(...post(unsubscribe, form))).toBe(false);
		expect(crossSiteForbidden(...post(unsubscribe, form, 'DELETE'))).toBe(true);
		for (const path of [
			`/e-mail/abbestellen/${TOKEN}/x`,
			`/e-mail/abbestellen/${TOKEN}x`,
			'/e-mail/abbestellen/',
			`/konto/e-mail/abbestellen/${TOKEN}`
		]) {
			expect(crossSiteForbidden(...post(new URL(path, SITE), form)), path).toBe(true);
		}
	});
});
