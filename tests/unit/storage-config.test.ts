import { describe, expect, test } from 'vitest';
import { parseSize, readStorageConfig } from '../../stack/storage/config.ts';

describe('[storage] of supabase/config.toml', () => {
	test('defaults as the Supabase CLI: enabled, 50 MiB', () => {
		expect(readStorageConfig('')).toEqual({ enabled: true, fileSizeLimit: 50 * 1024 ** 2 });
	});

	test('reads enabled and file_size_limit', () => {
		expect(readStorageConfig('[storage]\nenabled = false\nfile_size_limit = "15MiB"\n')).toEqual({
			enabled: false,
			fileSizeLimit: 15 * 1024 ** 2
		});
	});

	test('sizes count in powers of 1024 whether the unit says KB or KiB, as the CLI parses them', () => {
		expect(parseSize('300KB')).toBe(300 * 1024);
		expect(parseSize('300KiB')).toBe(300 * 1024);
		expect(parseSize('1GiB')).toBe(1024 ** 3);
		expect(parseSize('1.5MB')).toBe(1.5 * 1024 ** 2);
		expect(parseSize('1024')).toBe(1024);
		expect(parseSize('7B')).toBe(7);
	});

	test('a size it cannot read stops the start with the setting named', () => {
		expect(() => parseSize('lots')).toThrow(/file_size_limit/);
		expect(() => parseSize('5 TB')).toThrow(/file_size_limit/);
	});
});
