import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** axe-core with the WCAG 2.1 A/AA rules (BITV 2.0): the page as it is now has no violations. */
export async function expectNoViolations(page: Page): Promise<void> {
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	expect(
		violations.map(({ id, nodes }) => `${id}: ${nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}
