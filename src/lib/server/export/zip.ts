import { constants, deflateRawSync } from 'node:zlib';

/**
 * A minimal ZIP writer (PKWARE APPNOTE 6.3) that streams each entry as it is made: its CRC-32 and
 * sizes follow it in a data descriptor (flag bit 3), the central directory closes the file. Each
 * chunk is deflated on its own and ended with a sync flush (no final bit), a last empty block
 * ends the entry: the pieces form one valid deflate stream, so no compressor state is kept
 * between chunks and nothing waits for the whole entry. Enough for an XLSX; no ZIP64 (< 4 GiB).
 */
const TABLE = new Uint32Array(256).map((_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

/** CRC-32 (IEEE 802.3), continued from `crc` over `bytes`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
	let c = ~crc >>> 0;
	for (const byte of bytes) c = TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
	return ~c >>> 0;
}

const encoder = new TextEncoder();
/** 1 January 2026, 00:00 in MS-DOS time: a fixed stamp keeps the files reproducible. */
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

function header(size: number, fill: (view: DataView) => void): Uint8Array {
	const bytes = new Uint8Array(size);
	fill(new DataView(bytes.buffer));
	return bytes;
}

interface Written {
	name: Uint8Array;
	crc: number;
	size: number;
	compressed: number;
	offset: number;
}

/** One chunk as raw deflate blocks, ending on a byte boundary and without the final bit. */
const deflateChunk = (bytes: Uint8Array) =>
	deflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
/** The empty final block that ends an entry's deflate stream. */
const FINAL_BLOCK = new Uint8Array([0x03, 0x00]);

/** Yields a ZIP's bytes for entries whose content arrives as chunks of text. */
export async function* zipStream(
	entries: Iterable<{ name: string; chunks: AsyncIterable<string> | Iterable<string> }>
): AsyncGenerator<Uint8Array> {
	const written: Written[] = [];
	let offset = 0;
	for (const entry of entries) {
		const name = encoder.encode(entry.name);
		const local = header(30 + name.length, (v) => {
			v.setUint32(0, 0x04034b50, true);
			v.setUint16(4, 20, true); // version needed: 2.0
			v.setUint16(6, 0x0808, true); // data descriptor follows; names are UTF-8
			v.setUint16(8, 8, true); // deflate
			v.setUint16(10, DOS_TIME, true);
			v.setUint16(12, DOS_DATE, true);
			v.setUint16(26, name.length, true);
		});
		local.set(name, 30);
		yield local;
		let crc = 0;
		let size = 0;
		let compressed = 0;
		for await (const chunk of entry.chunks) {
			const bytes = encoder.encode(chunk);
			crc = crc32(bytes, crc);
			size += bytes.length;
			const deflated = deflateChunk(bytes);
			compressed += deflated.length;
			yield deflated;
		}
		yield FINAL_BLOCK;
		compressed += FINAL_BLOCK.length;
		yield header(16, (v) => {
			v.setUint32(0, 0x08074b50, true);
			v.setUint32(4, crc, true);
			v.setUint32(8, compressed, true);
			v.setUint32(12, size, true);
		});
		written.push({ name, crc, size, compressed, offset });
		offset += local.length + compressed + 16;
	}
	let directory = 0;
	for (const entry of written) {
		const central = header(46 + entry.name.length, (v) => {
			v.setUint32(0, 0x02014b50, true);
			v.setUint16(4, 20, true);
			v.setUint16(6, 20, true);
			v.setUint16(8, 0x0808, true);
			v.setUint16(10, 8, true);
			v.setUint16(12, DOS_TIME, true);
			v.setUint16(14, DOS_DATE, true);
			v.setUint32(16, entry.crc, true);
			v.setUint32(20, entry.compressed, true);
			v.setUint32(24, entry.size, true);
			v.setUint16(28, entry.name.length, true);
			v.setUint32(42, entry.offset, true);
		});
		central.set(entry.name, 46);
		directory += central.length;
		yield central;
	}
	yield header(22, (v) => {
		v.setUint32(0, 0x06054b50, true);
		v.setUint16(8, written.length, true);
		v.setUint16(10, written.length, true);
		v.setUint32(12, directory, true);
		v.setUint32(16, offset, true);
	});
}
