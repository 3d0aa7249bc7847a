import type { Translate } from '../i18n/index';
import type { Database } from '../types/database';

/** The kinds of event people are told about. */
export type NotificationKind = Database['public']['Enums']['notification_kind'];

export interface NotificationDetails {
	from?: string;
	to?: string;
	measure_title?: string;
	measure_status?: string;
	progress?: number;
	/** A merge, told on the idea that was merged: the idea it went into. */
	into?: string;
	/** An idea routed to a department: its name. */
	department?: string;
	/** A closed report: what was reported, and whether it was hidden or stays visible. */
	target?: 'idea' | 'comment' | 'photo';
	outcome?: 'hidden' | 'visible';
	/** An overdue idea: how many days it had waited for an answer when its assignee was reminded. */
	days?: number;
}

/** One thing a person is told: the same sentence in the centre, in a mail and in a push. */
export interface Told {
	kind: NotificationKind;
	/** Null when the idea is no longer visible to the recipient. */
	title: string | null;
	details: NotificationDetails;
}

/** What happened, in a sentence, in the translator's language. */
export function describe(item: Told, t: Translate): string {
	const status = (value: string | undefined) =>
		value ? t(`idea.status.${value as 'published'}`) : '';
	// A merge is told on both ideas: the one merged away, and the one it went into.
	const key =
		item.kind === 'merged' && item.details.into === undefined
			? 'merged_here'
			: item.kind === 'report_resolved'
				? reportKey(item.details)
				: item.kind;
	return t(`notifications.kind.${key}`, {
		title: item.title ?? t('notifications.gone'),
		from: item.kind === 'status_changed' ? status(item.details.from) : '',
		to: status(item.details.to),
		measure: item.details.measure_title ?? '',
		measureStatus: item.details.measure_status
			? t(`idea.measures.status.${item.details.measure_status as 'proposed'}`)
			: '',
		progress: item.details.progress ?? 0,
		department: item.details.department ?? '',
		days: item.details.days ?? 0
	});
}

/** A closed report is told by what was reported and what became of it (never by whom). */
function reportKey(details: NotificationDetails) {
	const target =
		details.target === 'idea' || details.target === 'photo' ? details.target : 'comment';
	return `report_${target}_${details.outcome === 'hidden' ? 'hidden' : 'visible'}` as const;
}

/** What staff are told as staff (an idea assigned to them or routed to their department, or overdue). */
export function isStaffWork(kind: NotificationKind): boolean {
	return kind === 'assigned' || kind === 'routed' || kind === 'answer_overdue';
}

/** Where the recipient reads more: the idea's page, for staff work its page in the console. */
export function notificationPath(kind: NotificationKind, ideaId: string): string {
	return isStaffWork(kind) ? `/verwaltung/ideen/${ideaId}` : `/ideen/${ideaId}`;
}
