import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The ports the kernel hands out on its own — to `listen(0)` and to every outgoing connection.
 * A port picked there and bound a few seconds later can meanwhile be taken by a client socket
 * (a test's database pool makes hundreds), so picked ports come from below this range.
 */
function ephemeralRange(): [number, number] {
	try {
		const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
			.trim()
			.split(/\s+/)
			.map(Number);
		if (low && high) return [low, high];
	} catch {
		// Not Linux: the IANA dynamic range.
	}
	return [49152, 65535];
}

/** Where picked ports come from: below the ephemeral range, else above it, else anywhere high. */
function pickRange(): [number, number] {
	const [low, high] = ephemeralRange();
	if (low - 20000 >= 1000) return [20000, low - 1];
	if (65535 - high >= 1000) return [high + 1, 65535];
	return [20000, 65535];
}

function bindable(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** A port that was free a moment ago on 127.0.0.1, outside the kernel's ephemeral range. */
export async function freePort(): Promise<number> {
	const [first, last] = pickRange();
	for (let attempt = 0; attempt < 100; attempt++) {
		const port = first + Math.floor(Math.random() * (last - first + 1));
		if (await bindable(port)) return port;
	}
	throw new Error('could not find a free port');
}

/** `wanted` if given and non-zero, else a free port. */
export async function portOrFree(wanted: number | undefined): Promise<number> {
	return wanted ? wanted : freePort();
}
