import type { SubmitFunction } from '@sveltejs/kit';
import { connectivity } from './connectivity.svelte';
import { outbox } from './outbox.svelte';
import type { MessageKey } from '$lib/i18n';
import type { OutboxKind, OutboxPayload } from './types';

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
	/**
	 * Called after the item is queued, with the fields that were queued. `notice`: what the person
	 * must know about it (the device had no room for its photos, so it waits without them).
	 */
	queued: (payload: OutboxPayload, notice?: MessageKey) => void;
	/** The item could not be stored at all (the device's storage is full): nothing was queued. */
	failed?: (problem: MessageKey) => void;
}

/**
 * A `use:enhance` submit function that queues the form in the outbox instead of posting it when
 * the server cannot be reached, or when posting fails for want of a network. Online, the form
 * behaves exactly as before.
 */
export function queueWhenOffline(options: () => QueueOptions): SubmitFunction {
	return ({ formData, formElement, cancel }) => {
		const queue = async () => {
			const { kind, ideaId, id, label, about, queued, failed } = options();
			const text = label(formData);
			if (!text) return;
			const itemId = id(formData);
			// Files (photos) stay files: IndexedDB keeps them, with their name and type.
			const payload: OutboxPayload = Object.fromEntries(
				[...formData].map(([name, value]) => [
					name,
					typeof value === 'string' ? value : { file: value, name: value.name }
				])
			);
			let stored: Awaited<ReturnType<typeof outbox.enqueue>>;
			try {
				stored = await outbox.enqueue({ kind, id: itemId, ideaId, payload, label: text, about });
			} catch {
				// Not even the text found room: the form keeps what was typed, and the person is told.
				failed?.('offline.problems.storageFull');
				return;
			}
			if (!stored) return;
			// The text now lives in the outbox (shown there and under the form), not in the field.
			formElement.reset();
			queued(payload, stored === 'stored-without-files' ? 'photos.errors.quota' : undefined);
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
