/**
 * A push service for tests, as a browser vendor runs one (RFC 8030): devices subscribe (here the
 * test makes each device's keys), the app server POSTs encrypted pushes to the device's endpoint.
 * It checks what a real one checks — the VAPID token (RFC 8292: ES256, signed with the key in
 * `k`, for this origin, expiring within 24 hours, with a contact) and the encoding — and decrypts
 * each push with the device's keys (RFC 8291, implemented here from the RFC, not by the library
 * the worker sends with). A device can be told to answer 410 (gone) or 500.
 *
 * The browser tests reach it over HTTPS too (`pushServiceClient`): `POST /devices` makes a device,
 * `GET /devices/<id>/received` lists what was pushed to it.
 */
import { execFile } from 'node:child_process';
import {
	createECDH,
	createDecipheriv,
	hkdfSync,
	randomBytes,
	randomUUID,
	type ECDH
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Agent, createServer, request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { tempDir } from './temp';

export interface PushReceived {
	device: string;
	/** The decrypted payload, parsed. */
	payload: unknown;
	ttl: number;
	topic: string | null;
	/** The VAPID token's contact. */
	subject: string;
}

export interface Device {
	id: string;
	endpoint: string;
	keys: { p256dh: string; auth: string };
}

export interface FakePushService {
	origin: string;
	/** The self-signed certificate (PEM) a client must trust. */
	certificate: string;
	/** Trusts the service's self-signed certificate (the worker's `push.agent`). */
	agent: Agent;
	device(): Device;
	/** What the device's endpoint answers from now on (201 by default). */
	answer(device: string, status: number): void;
	received: PushReceived[];
	/** Requests refused for a bad token or encoding, with the reason. */
	refused: string[];
	close(): Promise<void>;
}

const b64 = (bytes: Buffer) => bytes.toString('base64url');

/** RFC 8291 §3.4 and RFC 8188: one aes128gcm record, decrypted with the device's keys. */
function decrypt(body: Buffer, device: ECDH, authSecret: Buffer): Buffer {
	const salt = body.subarray(0, 16);
	const idLength = body.readUInt8(20);
	const senderKey = body.subarray(21, 21 + idLength);
	const record = body.subarray(21 + idLength);
	const shared = device.computeSecret(senderKey);
	const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), device.getPublicKey(), senderKey]);
	const ikm = Buffer.from(hkdfSync('sha256', shared, authSecret, keyInfo, 32));
	const key = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: aes128gcm\0', 16));
	const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: nonce\0', 12));
	const decipher = createDecipheriv('aes-128-gcm', key, nonce);
	decipher.setAuthTag(record.subarray(record.length - 16));
	const padded = Buffer.concat([
		decipher.update(record.subarray(0, record.length - 16)),
		decipher.final()
	]);
	// The last record ends with the delimiter 0x02 and zero padding.
	let end = padded.length - 1;
	while (end >= 0 && padded[end] === 0) end -= 1;
	if (padded[end] !== 2) throw new Error('no last-record delimiter');
	return padded.subarray(0, end);
}

async function verifyVapid(authorization: string, origin: string): Promise<string> {
	const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization);
	if (!match) throw new Error(`no VAPID authorization: ${authorization}`);
	const [, token, k] = match;
	const raw = Buffer.from(k!, 'base64url');
	if (raw.length !== 65 || raw[0] !== 4) throw new Error('k is no uncompressed P-256 key');
	if (decodeProtectedHeader(token!).alg !== 'ES256') throw new Error('the token is not ES256');
	const key = await importJWK(
		{ kty: 'EC', crv: 'P-256', x: b64(raw.subarray(1, 33)), y: b64(raw.subarray(33)) },
		'ES256'
	);
	const { payload } = await jwtVerify(token!, key, { audience: origin, algorithms: ['ES256'] });
	const now = Date.now() / 1000;
	if (typeof payload.exp !== 'number' || payload.exp > now + 24 * 3600)
		throw new Error('the token must expire within 24 hours');
	if (typeof payload.sub !== 'string' || !/^(mailto:|https:)/.test(payload.sub))
		throw new Error('the token names no contact (sub)');
	return payload.sub;
}

export async function startFakePushService(): Promise<FakePushService> {
	const dir = await tempDir('push');
	const keyFile = join(dir.path, 'key.pem');
	const certFile = join(dir.path, 'cert.pem');
	await promisify(execFile)('openssl', [
		'req',
		'-x509',
		'-newkey',
		'ec',
		'-pkeyopt',
		'ec_paramgen_curve:prime256v1',
		'-nodes',
		'-keyout',
		keyFile,
		'-out',
		certFile,
		'-days',
		'1',
		'-subj',
		'/CN=127.0.0.1',
		'-addext',
		'subjectAltName=IP:127.0.0.1'
	]);
	const [key, cert] = await Promise.all([readFile(keyFile), readFile(certFile)]);
	await dir.remove();

	const devices = new Map<string, { ecdh: ECDH; auth: Buffer; status: number }>();
	const received: PushReceived[] = [];
	const refused: string[] = [];
	let origin = '';

	function makeDevice(): Device {
		const id = randomUUID();
		const ecdh = createECDH('prime256v1');
		ecdh.generateKeys();
		const auth = randomBytes(16);
		devices.set(id, { ecdh, auth, status: 201 });
		return {
			id,
			endpoint: `${origin}/push/${id}`,
			keys: { p256dh: b64(ecdh.getPublicKey()), auth: b64(auth) }
		};
	}

	const server = createServer({ key, cert }, (request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			void (async () => {
				if (request.method === 'POST' && request.url === '/devices') {
					response.writeHead(201, { 'content-type': 'application/json' });
					response.end(JSON.stringify(makeDevice()));
					return;
				}
				const listed = /^\/devices\/([\w-]+)\/received$/.exec(request.url ?? '')?.[1];
				if (request.method === 'GET' && listed) {
					response.writeHead(200, { 'content-type': 'application/json' });
					response.end(JSON.stringify(received.filter((push) => push.device === listed)));
					return;
				}
				const id = /^\/push\/([\w-]+)$/.exec(request.url ?? '')?.[1];
				const device = id ? devices.get(id) : undefined;
				if (request.method !== 'POST' || !id || !device) {
					response.writeHead(404).end();
					return;
				}
				try {
					const subject = await verifyVapid(request.headers.authorization ?? '', origin);
					if (request.headers['content-encoding'] !== 'aes128gcm')
						throw new Error(`content-encoding ${request.headers['content-encoding']}`);
					const ttl = Number(request.headers.ttl);
					if (!Number.isInteger(ttl) || ttl < 0) throw new Error('no TTL');
					if (device.status !== 201) {
						response.writeHead(device.status).end();
						return;
					}
					const plain = decrypt(Buffer.concat(chunks), device.ecdh, device.auth);
					received.push({
						device: id,
						payload: JSON.parse(plain.toString('utf8')) as unknown,
						ttl,
						topic: (request.headers.topic as string | undefined) ?? null,
						subject
					});
					response.writeHead(201).end();
				} catch (error) {
					refused.push((error as Error).message);
					response.writeHead(400).end((error as Error).message);
				}
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('no port');
	origin = `https://127.0.0.1:${address.port}`;

	return {
		origin,
		certificate: cert.toString('utf8'),
		agent: new Agent({ ca: cert }),
		device: makeDevice,
		answer(device, status) {
			devices.get(device)!.status = status;
		},
		received,
		refused,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** The browser tests' side: the service runs in the e2e server, these calls reach it. */
export function pushServiceClient(origin: string, certificate: string) {
	const agent = new Agent({ ca: certificate });
	const call = (method: string, path: string) =>
		new Promise<unknown>((resolve, reject) => {
			const req = httpsRequest(new URL(path, origin), { method, agent }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
			});
			req.on('error', reject);
			req.end();
		});
	return {
		device: () => call('POST', '/devices') as Promise<Device>,
		received: (device: string) =>
			call('GET', `/devices/${device}/received`) as Promise<PushReceived[]>
	};
}
