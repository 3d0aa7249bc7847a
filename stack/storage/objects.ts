import type { Sql, TransactionSql } from 'postgres';
import { ERRORS } from './errors.ts';

export interface Bucket {
	id: string;
	public: boolean;
	file_size_limit: number | null;
	allowed_mime_types: string[] | null;
}

/** What Supabase Storage keeps in `storage.objects.metadata` for a stored file. */
export interface ObjectMetadata {
	eTag: string;
	size: number;
	mimetype: string;
	cacheControl: string;
	lastModified: string;
	contentLength: number;
	httpStatusCode: number;
}

export interface ObjectRow {
	id: string;
	bucket_id: string;
	name: string;
	version: string | null;
	metadata: Partial<ObjectMetadata> | null;
	user_metadata: Record<string, unknown> | null;
	created_at: Date;
	updated_at: Date;
}

/** The bucket, read as the superuser as Supabase Storage does (no policy on storage.buckets needed). */
export async function findBucket(sql: Sql, id: string): Promise<Bucket> {
	const [bucket] = await sql<Bucket[]>`
		select id, coalesce(public, false) as public, file_size_limit, allowed_mime_types
		from storage.buckets where id = ${id}`;
	if (!bucket) throw ERRORS.noSuchBucket();
	return {
		...bucket,
		file_size_limit: bucket.file_size_limit === null ? null : Number(bucket.file_size_limit)
	};
}

/** The object as `db` sees it (the caller through RLS, or the superuser); NoSuchKey when not. */
export async function findObject(
	db: Sql | TransactionSql,
	bucket: string,
	name: string
): Promise<ObjectRow> {
	const [row] = await db<ObjectRow[]>`
		select id, bucket_id, name, version, metadata, user_metadata, created_at, updated_at
		from storage.objects where bucket_id = ${bucket} and name = ${name}`;
	if (!row) throw ERRORS.noSuchKey();
	return row;
}
