import { createHash, randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Versions are UUIDs we make; anything else in a row (written by hand in SQL) has no file. */
const VERSION = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface WrittenFile {
	/** The temp file: `publish` moves it into place, `discard` removes it. */
	path: string;
	size: number;
	/** Hex MD5 of the bytes, as S3 makes an ETag. */
	md5: string;
}

export interface OpenedFile {
	size: number;
	/** Its bytes; the stream then owns the file and closes it when it ends or is destroyed. */
	stream: () => ReadStream;
	/** For a file whose bytes are not sent (HEAD, 304): closes it. */
	close: () => Promise<void>;
}

/**
 * The object files: `<dataDir>/storage/objects/<version>`, one file per stored version. Names on
 * disk are the versions (UUIDs the service makes), never the object names clients send, so no
 * name can reach outside this folder. An upload is written to `tmp/` and renamed into place: a
 * reader sees the old version or the new one, never half a file.
 */
export interface FileStore {
	root: string;
	/** Writes `chunks` to a temp file; fails with `tooLarge` when more than `limit` bytes came. */
	write(
		chunks: AsyncIterable<Buffer> | Buffer[],
		limit: number,
		tooLarge: () => Error
	): Promise<WrittenFile>;
	publish(file: WrittenFile, version: string): Promise<void>;
	discard(file: WrittenFile): Promise<void>;
	/** The version's file, or undefined when it is gone (removed, never written). */
	open(version: string | null): Promise<OpenedFile | undefined>;
	remove(version: string | null): Promise<void>;
	path(version: string): string;
}

export function storageRoot(dataDir: string): string {
	return join(dataDir, 'storage');
}

export async function openFileStore(root: string): Promise<FileStore> {
	const objects = join(root, 'objects');
	const tmp = join(root, 'tmp');
	await mkdir(objects, { recursive: true, mode: 0o700 });
	await mkdir(tmp, { recursive: true, mode: 0o700 });
	// Uploads a previous run did not finish.
	for (const name of await readdir(tmp)) await rm(join(tmp, name), { force: true });

	const path = (version: string) => {
		if (!VERSION.test(version)) throw new Error(`not a version: ${version}`);
		return join(objects, version);
	};

	return {
		root,
		path,
		async write(chunks, limit, tooLarge) {
			const file = join(tmp, randomUUID());
			const handle = await open(file, 'wx', 0o600);
			const hash = createHash('md5');
			let size = 0;
			try {
				for await (const chunk of chunks) {
					size += chunk.length;
					// Past the limit the rest is read and dropped (so the client gets our answer,
					// not a reset), up to a cap where leaving the loop cuts the connection.
					if (size > limit * 4 + (1 << 20)) throw tooLarge();
					if (size > limit) continue;
					hash.update(chunk);
					await handle.write(chunk);
				}
				if (size > limit) throw tooLarge();
				await handle.sync();
			} catch (error) {
				await handle.close();
				await rm(file, { force: true });
				throw error;
			}
			await handle.close();
			return { path: file, size, md5: hash.digest('hex') };
		},
		async publish(file, version) {
			await rename(file.path, path(version));
		},
		async discard(file) {
			await rm(file.path, { force: true });
		},
		async open(version) {
			if (!version || !VERSION.test(version)) return undefined;
			try {
				// Opened once: an overwrite that removes this version meanwhile does not cut the read.
				const handle = await open(path(version), 'r');
				const { size } = await handle.stat();
				return {
					size,
					// The stream owns the handle from here: it closes it when it ends or is destroyed.
					stream: () => handle.createReadStream({ start: 0 }),
					close: () => handle.close()
				};
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
				throw error;
			}
		},
		async remove(version) {
			if (version && VERSION.test(version)) await rm(path(version), { force: true });
		}
	};
}

/** Whether the version's file is there (tests and checks). */
export async function fileExists(root: string, version: string): Promise<boolean> {
	return stat(join(root, 'objects', version)).then(
		() => true,
		() => false
	);
}
