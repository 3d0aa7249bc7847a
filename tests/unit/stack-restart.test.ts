import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Child, ChildExit } from '../../stack/child.ts';
import { keepRunning } from '../../stack/restart.ts';

/** A stand-in process: `die()` ends it as a crash would, `stop()` as we ask it to. */
function fakeChild(pid: number) {
	let end!: (exit: ChildExit) => void;
	const exited = new Promise<ChildExit>((resolve) => (end = resolve));
	const exit = (expected: boolean): ChildExit => ({
		part: 'postgrest',
		code: null,
		signal: 'SIGKILL',
		expected,
		tail: []
	});
	const child: Child = {
		pid,
		exited,
		stop: async () => {
			end(exit(true));
			return exited;
		}
	};
	return { child, die: () => end(exit(false)) };
}

describe('keepRunning', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	test('a part that dies is started again after a second, and watched again', async () => {
		const first = fakeChild(1);
		const second = fakeChild(2);
		const third = fakeChild(3);
		const starts = [second.child, third.child];
		const lines: string[] = [];
		const kept = keepRunning(
			first.child,
			async () => starts.shift()!,
			(l) => lines.push(l)
		);

		first.die();
		await vi.advanceTimersByTimeAsync(999);
		expect(kept.pid).toBe(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(kept.pid).toBe(2);
		second.die();
		await vi.advanceTimersByTimeAsync(1_000);
		expect(kept.pid).toBe(3);
		expect(lines).toEqual([
			'stack: postgrest ended (SIGKILL); starting it again …',
			'stack: postgrest running again (pid 2)',
			'stack: postgrest ended (SIGKILL); starting it again …',
			'stack: postgrest running again (pid 3)'
		]);
	});

	test('starts that keep failing wait longer each time; after six, the part counts as dead', async () => {
		const first = fakeChild(1);
		const start = vi.fn(async (): Promise<Child> => {
			throw new Error('port in use');
		});
		const kept = keepRunning(first.child, start, () => {});
		let dead: ChildExit | undefined;
		void kept.exited.then((exit) => (dead = exit));

		first.die();
		// 1 s, 2 s, 4 s, 8 s, 10 s, 10 s.
		for (const [wait, tries] of [
			[1_000, 1],
			[2_000, 2],
			[4_000, 3],
			[8_000, 4],
			[10_000, 5]
		] as const) {
			await vi.advanceTimersByTimeAsync(wait);
			expect(start).toHaveBeenCalledTimes(tries);
			expect(dead).toBeUndefined();
		}
		await vi.advanceTimersByTimeAsync(10_000);
		expect(start).toHaveBeenCalledTimes(6);
		expect(dead).toMatchObject({ part: 'postgrest', expected: false });
	});

	test('a part asked to stop is not started again', async () => {
		const first = fakeChild(1);
		const start = vi.fn(async () => fakeChild(2).child);
		const kept = keepRunning(first.child, start, () => {});
		await kept.stop();
		await vi.advanceTimersByTimeAsync(20_000);
		expect(start).not.toHaveBeenCalled();
	});
});
