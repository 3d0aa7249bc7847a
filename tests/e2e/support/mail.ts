import { expect } from '@playwright/test';
import type { StackInfo } from './fixtures.ts';

interface Mail {
	to: string;
	type: string;
	link: string;
}

/**
 * The link of the newest mail of a type to an address, from the local auth service's dev outbox
 * (stack/README.md), waiting briefly for it to arrive.
 */
export async function mailLink(stack: StackInfo, to: string, type: string): Promise<string> {
	let link: string | undefined;
	await expect(async () => {
		const response = await fetch(
			`${stack.apiUrl}/_dev/outbox/messages?${new URLSearchParams({ to })}`
		);
		const mails = (await response.json()) as Mail[];
		link = mails.find((mail) => mail.type === type)?.link;
		expect(link, `a ${type} mail to ${to}`).toBeDefined();
	}).toPass({ timeout: 10_000 });
	return link!;
}
