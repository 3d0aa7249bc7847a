import { parse } from 'smol-toml';

/** The `[storage]` settings of supabase/config.toml this service honours, with the CLI's defaults. */
export interface StorageConfig {
	enabled: boolean;
	/** The upload limit of every bucket, bytes; a bucket's own file_size_limit can only lower it. */
	fileSizeLimit: number;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * A size as the Supabase CLI reads `file_size_limit` ("50MiB", "5MB", "300KB", "1GiB", "1024"):
 * powers of 1024 whether the unit says KB or KiB, as the CLI's parser (docker/go-units) does.
 */
export function parseSize(value: string | number): number {
	if (typeof value === 'number') return value;
	const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(value);
	if (!match) throw new Error(`[storage] file_size_limit: not a size: ${value}`);
	return Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!);
}

export function readStorageConfig(raw: string): StorageConfig {
	const toml = parse(raw) as { storage?: { enabled?: boolean; file_size_limit?: string | number } };
	return {
		enabled: toml.storage?.enabled ?? true,
		fileSizeLimit: parseSize(toml.storage?.file_size_limit ?? '50MiB')
	};
}
