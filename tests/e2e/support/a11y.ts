import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * axe-core with the WCAG 2.1 A/AA rules (BITV 2.0): the page as it is now has no violations.
 *
 * Legacy mode runs `axe.run` in the page itself. The default opens a blank page per call to merge
 * the results of cross-origin frames, which the app has none of (no third-party content); without
 * it a call takes about half the time (0.2–0.6 s instead of 0.5–0.9 s a page, docs/benchmarks.md).
 */
export async function expectNoViolations(page: Page): Promise<void> {
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.setLegacyMode(true)
		.analyze();
	expect(
		violations.map(({ id, nodes }) => `${id}: ${nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}
