import { describe, expect, it } from 'vitest';
import { nextHeading } from '$lib/components/staff/queue';
import de from '$lib/i18n/locales/de/index';
import en from '$lib/i18n/locales/en/index';
import { createTranslator } from '$lib/i18n/translator';
import { describe as describeNotification, notificationPath } from '$lib/notifications/describe';
import {
	DEFAULT_TRIAGE_COLUMNS,
	parseTriageColumns,
	parseTriageView,
	rpcFilters,
	textOrCanned
} from '$lib/schemas/staff';

describe('an overdue idea, told to its assignee', () => {
	it('says how many days it has been open, in German and English, and links to the console', () => {
		const item = {
			kind: 'answer_overdue' as const,
			title: 'Trinkbrunnen am Markt',
			details: { days: 15 }
		};
		expect(describeNotification(item, createTranslator('de', de))).toBe(
			'„Trinkbrunnen am Markt“ wartet zu lange auf eine Antwort der Stadt (Tage offen: 15).'
		);
		expect(describeNotification(item, createTranslator('en', en))).toBe(
			"“Trinkbrunnen am Markt” has waited too long for the town's answer (days open: 15)."
		);
		expect(notificationPath('answer_overdue', 'abc')).toBe('/verwaltung/ideen/abc');
	});
});

describe('the triage view', () => {
	it('reads the overdue filter from the URL and passes it on', () => {
		const view = parseTriageView(new URLSearchParams('overdue=1'));
		expect(rpcFilters(view, 'me')).toEqual({ overdue: true });
		expect(rpcFilters(parseTriageView(new URLSearchParams('overdue=yes')), 'me')).toEqual({});
	});

	it('keeps the chosen columns in their order, ignores unknown ones, defaults without a choice', () => {
		expect(parseTriageColumns(undefined)).toEqual(DEFAULT_TRIAGE_COLUMNS);
		expect(parseTriageColumns('days_open,district,nonsense')).toEqual(['district', 'days_open']);
		expect(parseTriageColumns('')).toEqual([]);
	});
});

describe('queues', () => {
	it('move focus to the next heading, or the queue heading after the last item', () => {
		const headings = ['title-a', 'title-b', 'title-c'];
		expect(nextHeading(headings, 'title-a', 'queue')).toBe('title-b');
		expect(nextHeading(headings, 'title-c', 'queue')).toBe('queue');
		expect(nextHeading([], 'title-a', 'queue')).toBe('queue');
	});

	it('take a canned text only for an empty field (the no-JavaScript way)', () => {
		const form = new FormData();
		form.set('reason', '  ');
		form.set('canned-reason', 'Werbung ist hier nicht erlaubt.');
		expect(textOrCanned(form, 'reason')).toBe('Werbung ist hier nicht erlaubt.');
		form.set('reason', 'Eigener Text');
		expect(textOrCanned(form, 'reason')).toBe('Eigener Text');
	});
});
