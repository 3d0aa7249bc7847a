import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'smol-toml';

/** The parts of supabase/config.toml the stack itself reads ([auth] is read by the auth service). */
export interface ProjectConfig {
	raw: string;
	apiPort: number;
	dbPort: number;
	schemas: string[];
	extraSearchPath: string[];
	maxRows: number;
	siteUrl: string;
	redirectUrls: string[];
}

export async function readProjectConfig(supabaseDir: string): Promise<ProjectConfig> {
	const raw = await readFile(join(supabaseDir, 'config.toml'), 'utf8');
	const toml = parse(raw) as {
		api?: { port?: number; schemas?: string[]; extra_search_path?: string[]; max_rows?: number };
		db?: { port?: number };
		auth?: { site_url?: string; additional_redirect_urls?: string[] };
	};
	return {
		raw,
		apiPort: toml.api?.port ?? 54321,
		dbPort: toml.db?.port ?? 54322,
		schemas: toml.api?.schemas ?? ['public'],
		extraSearchPath: toml.api?.extra_search_path ?? ['public', 'extensions'],
		maxRows: toml.api?.max_rows ?? 1000,
		siteUrl: toml.auth?.site_url ?? 'http://localhost:3000',
		redirectUrls: toml.auth?.additional_redirect_urls ?? []
	};
}
