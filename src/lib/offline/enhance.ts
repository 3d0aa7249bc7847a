import type { SubmitFunction } from '@sveltejs/kit';
import { connectivity } from './connectivity.svelte';
import { outbox } from './outbox.svelte';
import type { OutboxKind } from './types';

interface QueueOptions {
	kind: OutboxKind;
	ideaId: string;
	/**
	 * The item's id: always the one the form sent, so a post whose answer was lost (the server may
	 * have stored it) and its retry from the outbox are one item, and one row.
	 */
	id: (form: FormData) => string;
	/** What the person will recognise the item by; empty means there is nothing worth queueing. */
	label: (form: FormData) => string;
	/** For a support or comment: the title of the idea it is about. */
	about?: string;
	/** Called after the item is queued, with the fields that were queued. */
	queued: (payload: Record<string, string>) => void;
}

/**
 * A `use:enhance` submit function that queues the form in the outbox instead of posting it when
 * the server cannot be reached, or when posting fails for want of a network. Online, the form
 * behaves exactly as before.
 */
export function queueWhenOffline(options: () => QueueOptions): SubmitFunction {
	return ({ formData, formElement, cancel }) => {
		const queue = async () => {
			const { kind, ideaId, id, label, about, queued } = options();
			const text = label(formData);
			if (!text) return;
			const itemId = id(formData);
			const payload = Object.fromEntries(
				[...formData].map(([name, value]) => [name, String(value)])
			);
			if (!(await outbox.enqueue({ kind, id: itemId, ideaId, payload, label: text, about }))) {
				return;
			}
			// The text now lives in the outbox (shown there and under the form), not in the field.
			formElement.reset();
			queued(payload);
		};
		// Only a signed-in page queues; signed out, the server answers (it asks to sign in).
		if (!connectivity.online && outbox.user) {
			cancel();
			void queue();
			return;
		}
		return async ({ result, update }) => {
			// A fetch that never reached the server comes back as an error result without a status;
			// 503 is the server saying its backend is away for the moment (it stored nothing).
			const status = result.type === 'error' && 'status' in result ? result.status : undefined;
			if (result.type === 'error' && (!status || status === 503)) {
				void connectivity.check();
				await queue();
			} else {
				connectivity.answered();
				await update();
			}
		};
	};
}
