import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startStack } from '../../stack/index.ts';

export interface TestStack {
	apiUrl: string;
	publishableKey: string;
	secretKey: string;
	anonKey: string;
	serviceRoleKey: string;
	jwtSecret: string;
	dbUrl: string;
	/** The notification worker's connection (role stadtidee_notifier). */
	notifierUrl: string;
	/** The stack's SMTP sink (its mails: apiUrl + /_dev/outbox/messages). */
	smtpUrl: string;
	/** Holds secrets.json: a test may run a second stack on the same keys and database. */
	dataDir: string;
}

declare module 'vitest' {
	export interface ProvidedContext {
		stack: TestStack;
	}
}

/**
 * One isolated stack for the integration tests: free ports and a throw-away data dir, never the
 * developer's .data/. STACK_LOG=1 prints the stack's log (request lines included).
 *
 * The tests run against the stack's second start of its data: that is the database every town
 * has after its first restart, and what start-up does to an existing database (the bootstrap once
 * re-granted every privilege the migrations had revoked) must not open anything. The first start
 * is what the end-to-end tests and tests/stack meet.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const dataDir = await mkdtemp(join(tmpdir(), 'stadtidee-test-'));
	const options = {
		rootDir: fileURLToPath(new URL('../..', import.meta.url)),
		dataDir,
		log: process.env.STACK_LOG ? (line: string) => console.log(line) : () => {}
	};
	await (await startStack(options)).stop();
	const stack = await startStack(options);
	project.provide('stack', {
		apiUrl: stack.apiUrl,
		publishableKey: stack.publishableKey,
		secretKey: stack.secretKey,
		anonKey: stack.anonKey,
		serviceRoleKey: stack.serviceRoleKey,
		jwtSecret: stack.jwtSecret,
		dbUrl: stack.dbUrl,
		notifierUrl: stack.notifierUrl,
		smtpUrl: stack.mail.url,
		dataDir
	});
	void stack.exited.then((exit) => {
		console.error(`test stack: ${exit.part} died (code ${exit.code})\n${exit.tail.join('\n')}`);
	});
	return async () => {
		await stack.stop();
		await rm(dataDir, { recursive: true, force: true });
	};
}
