import { z } from 'zod';
import { asCaller, authenticate } from '../caller.ts';
import type { Call, Ctx } from '../context.ts';
import { readJson, sendJson } from '../http.ts';
import { decodePath, mustBeValidBucketName } from '../names.ts';

const SORT_COLUMNS = ['name', 'updated_at', 'created_at', 'last_accessed_at'] as const;

const ListBody = z.object({
	prefix: z.string().max(1024).default(''),
	limit: z.number().int().min(1).max(1500).default(100),
	offset: z.number().int().min(0).default(0),
	search: z.string().max(1024).default(''),
	sortBy: z
		.object({
			column: z.string().default('name'),
			order: z.string().default('asc')
		})
		.default({ column: 'name', order: 'asc' })
});

interface Row {
	name: string;
	id: string;
	updated_at: Date | null;
	created_at: Date | null;
	last_accessed_at: Date | null;
	metadata: unknown;
}

interface Entry extends Row {
	/** lower-case full key the name order goes by (a folder: its prefix with the slash). */
	key: string;
}

const folder = (name: string, key: string): Entry => ({
	name,
	key,
	id: null as unknown as string,
	updated_at: null,
	created_at: null,
	last_accessed_at: null,
	metadata: null
});

/**
 * POST /object/list/{bucket} `{ prefix, limit, offset, sortBy, search }`: one level below
 * `prefix`, as Supabase's storage.search answers — files with their row, each sub-folder once
 * with nulls, names relative to the prefix, `search` matching the start of a name (case
 * ignored). Sorted by name, folders and files are interleaved by name; by another column the
 * folders come first. Only rows the caller's select policies show are listed.
 */
export async function list(ctx: Ctx, call: Call, rawBucket: string): Promise<void> {
	const caller = await authenticate(call.req, ctx.keys);
	const bucket = mustBeValidBucketName(decodePath(rawBucket));
	const body = await readJson(call.req, ListBody);
	const prefix = body.prefix && !body.prefix.endsWith('/') ? `${body.prefix}/` : body.prefix;
	const column = (SORT_COLUMNS as readonly string[]).includes(body.sortBy.column.toLowerCase())
		? (body.sortBy.column.toLowerCase() as (typeof SORT_COLUMNS)[number])
		: 'name';
	const ascending = body.sortBy.order.toLowerCase() !== 'desc';
	const start = (prefix + body.search).toLowerCase();

	const rows = await asCaller(
		ctx.sql,
		caller,
		call.req,
		call.url.pathname,
		(tx) =>
			tx<Row[]>`
			select name, id, updated_at, created_at, last_accessed_at, metadata
			from storage.objects
			where bucket_id = ${bucket} and starts_with(lower(name), ${start})`
	);

	const folders = new Map<string, Entry>();
	const files: Entry[] = [];
	for (const row of rows) {
		const relative = row.name.slice(prefix.length);
		const slash = relative.indexOf('/');
		if (slash === -1) {
			files.push({ ...row, name: relative, key: row.name.toLowerCase() });
		} else {
			const name = relative.slice(0, slash);
			const key = `${prefix}${name}/`.toLowerCase();
			if (!folders.has(key)) folders.set(key, folder(name, key));
		}
	}
	const byKey = (a: Entry, b: Entry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
	const direction = ascending ? 1 : -1;
	let entries: Entry[];
	if (column === 'name') {
		entries = [...folders.values(), ...files].sort((a, b) => direction * byKey(a, b));
	} else {
		const time = (entry: Entry) => entry[column]?.getTime() ?? 0;
		entries = [
			...[...folders.values()].sort((a, b) => direction * byKey(a, b)),
			...files.sort((a, b) => direction * (time(a) - time(b)) || byKey(a, b))
		];
	}
	sendJson(
		call.res,
		200,
		entries.slice(body.offset, body.offset + body.limit).map(({ key: _key, ...entry }) => entry)
	);
}
