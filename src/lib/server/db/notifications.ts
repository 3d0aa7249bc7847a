import type { NotificationDetails, NotificationKind } from '$lib/notifications/describe';
import type { Supabase } from '../supabase';
import { refused } from './errors';

export interface NotificationItem {
	id: number;
	kind: NotificationKind;
	createdAt: string;
	read: boolean;
	/** Null when the idea is no longer visible to the recipient. */
	idea: { id: string; title: string } | null;
	details: NotificationDetails;
}

const PAGE = 50;

/** The caller's newest notifications (RLS: their own only). */
export async function listMyNotifications(supabase: Supabase): Promise<NotificationItem[]> {
	const { data, error } = await supabase
		.from('notifications')
		.select('id, kind, created_at, read_at, details, idea:ideas(id, title)')
		.order('created_at', { ascending: false })
		.order('id', { ascending: false })
		.limit(PAGE);
	if (error) throw refused('notifications', error);
	return data.map((row) => ({
		id: row.id,
		kind: row.kind,
		createdAt: row.created_at,
		read: row.read_at !== null,
		idea: row.idea,
		details: row.details as NotificationItem['details']
	}));
}

/** How many of the caller's notifications are unread. */
export async function countUnread(supabase: Supabase): Promise<number> {
	const { count, error } = await supabase
		.from('notifications')
		.select('id', { count: 'exact', head: true })
		.is('read_at', null);
	if (error) throw refused('notifications', error);
	return count ?? 0;
}

/** Marks all of the caller's notifications read. */
export async function markAllRead(supabase: Supabase): Promise<void> {
	const { error } = await supabase.rpc('mark_notifications_read', {});
	if (error) throw refused('mark_notifications_read', error);
}
