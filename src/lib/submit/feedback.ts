import type { MessageKey } from '$lib/i18n';
import type { StepIssues } from './draft';

/**
 * The messages a step showed when it was last sent, less those whose field has become valid
 * since (`now`: the step's checks on the draft as it is). A message goes as soon as its field is
 * right, but none appears while a person is still typing: new ones wait for the next "Weiter".
 */
export function stillWrong(shown: StepIssues, now: StepIssues): StepIssues {
	return Object.fromEntries(Object.entries(shown).filter(([field]) => now[field]));
}

/** The element a field's message belongs to (its input; a group's first option). */
const FIELD_IDS: Record<string, string> = {
	title: 'idea-title',
	body: 'idea-body',
	lat: 'place-district',
	lng: 'place-district',
	placeHint: 'place-hint',
	kind: 'kind-idea',
	field: 'idea-field',
	needType: 'need-type'
};

/** The error summary's entries: one per element, in the order the step shows its fields. */
export function summaryEntries(issues: StepIssues): { field: string; key: MessageKey }[] {
	const entries = new Map<string, MessageKey>();
	for (const [name, key] of Object.entries(issues)) {
		const id = FIELD_IDS[name];
		if (id && key && !entries.has(id)) entries.set(id, key);
	}
	const order = Object.values(FIELD_IDS);
	return [...entries]
		.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
		.map(([field, key]) => ({ field, key }));
}
