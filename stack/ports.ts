import { createServer } from 'node:net';

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				if (address && typeof address === 'object') resolve(address.port);
				else reject(new Error('could not find a free port'));
			});
		});
	});
}

/** `wanted` if given and non-zero, else a free port. */
export async function portOrFree(wanted: number | undefined): Promise<number> {
	return wanted ? wanted : freePort();
}
