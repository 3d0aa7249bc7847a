import { describe, expect, it } from 'vitest';
import { match } from '../../src/params/uuid';

describe('uuid param matcher', () => {
	it.each([
		'00000000-0000-4000-a000-000000000001',
		'3f2b8c1e-9d4a-4f6b-8e2c-1a2b3c4d5e6f',
		'01890a5d-ac96-774b-bcce-b302099a8057'
	])('accepts %s', (id) => {
		expect(match(id)).toBe(true);
	});

	it.each([
		'',
		'neu',
		'3F2B8C1E-9D4A-4F6B-8E2C-1A2B3C4D5E6F',
		'3f2b8c1e9d4a4f6b8e2c1a2b3c4d5e6f',
		'3f2b8c1e-9d4a-4f6b-8e2c-1a2b3c4d5e6',
		'3f2b8c1e-9d4a-4f6b-8e2c-1a2b3c4d5e6f0',
		'3f2b8c1e-9d4a-4f6b-8e2c-1a2b3c4d5e6g',
		' 3f2b8c1e-9d4a-4f6b-8e2c-1a2b3c4d5e6f'
	])('rejects %j', (id) => {
		expect(match(id)).toBe(false);
	});
});
