/**
 * Single-key shortcuts (j, k, a, h, x) must never fire while someone types: not in inputs,
 * text areas, selects or editable content, and not with a modifier (browser and screen-reader
 * shortcuts stay untouched).
 */
export function shortcutKey(event: KeyboardEvent): string | null {
	if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return null;
	const target = event.target;
	if (target instanceof HTMLElement) {
		if (target.isContentEditable) return null;
		if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return null;
	}
	return event.key.length === 1 ? event.key.toLowerCase() : null;
}
