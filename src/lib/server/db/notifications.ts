import type { NotificationDetails, NotificationKind } from '$lib/notifications/describe';
import type { PushDevice } from '$lib/schemas/push-device';
import type { Database } from '$lib/types/database';
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

export type MailChoice = Database['public']['Enums']['email_frequency'];

/** What a kind goes by when the person has not chosen: a daily digest. */
export const DEFAULT_MAIL_CHOICE: MailChoice = 'daily';

export interface MailPreferences {
	choices: Partial<Record<NotificationKind, MailChoice>>;
	/** When the person unsubscribed from all mail (then nothing is sent until they save). */
	unsubscribedAt: string | null;
	/** When mail to the person's address last bounced (then nothing is sent until they save). */
	bouncedAt: string | null;
}

/** The caller's mail choices per kind of event, and whether their address bounces. */
export async function getMailPreferences(supabase: Supabase): Promise<MailPreferences> {
	const [choices, settings] = await Promise.all([
		supabase.from('notification_preferences').select('kind, mail'),
		supabase.from('mail_settings').select('unsubscribed_at, bounced_at').maybeSingle()
	]);
	if (choices.error) throw refused('notification_preferences', choices.error);
	if (settings.error) throw refused('mail_settings', settings.error);
	return {
		choices: Object.fromEntries(choices.data.map((row) => [row.kind, row.mail])),
		unsubscribedAt: settings.data?.unsubscribed_at ?? null,
		bouncedAt: settings.data?.bounced_at ?? null
	};
}

/** Saves the caller's choices (RLS: their own rows only). */
export async function saveMailPreferences(
	supabase: Supabase,
	userId: string,
	choices: Partial<Record<NotificationKind, MailChoice>>
): Promise<void> {
	const rows = Object.entries(choices).map(([kind, mail]) => ({
		user_id: userId,
		kind: kind as NotificationKind,
		mail: mail!,
		updated_at: new Date().toISOString()
	}));
	const { error } = await supabase.from('notification_preferences').upsert(rows);
	if (error) throw refused('notification_preferences', error);
}

/** The one-click unsubscribe of a mail: no session needed. False when the token is unknown. */
export async function unsubscribeByToken(supabase: Supabase, token: string): Promise<boolean> {
	const { data, error } = await supabase.rpc('unsubscribe_email', { token });
	if (error) throw refused('unsubscribe_email', error);
	return data === true;
}

export interface PlaceAlert {
	id: string;
	label: string;
	/** Null: the whole town (then by fields of action). */
	place: { lat: number; lng: number; radiusM: number } | null;
	/** Empty: every field of action. */
	fieldSlugs: string[];
}

export type NewPlaceAlert = Omit<PlaceAlert, 'id'>;

/** The caller's place alerts, oldest first (RLS: their own only). */
export async function listMyPlaceAlerts(supabase: Supabase): Promise<PlaceAlert[]> {
	const { data, error } = await supabase
		.from('place_alerts')
		.select('id, label, lat, lng, radius_m, field_slugs')
		.order('created_at');
	if (error) throw refused('place_alerts', error);
	return data.map((row) => ({
		id: row.id,
		label: row.label,
		place:
			row.lat !== null && row.lng !== null && row.radius_m !== null
				? { lat: row.lat, lng: row.lng, radiusM: row.radius_m }
				: null,
		fieldSlugs: row.field_slugs
	}));
}

/** Adds a place alert for the caller; the database checks the place, radius, fields and the limit. */
export async function addPlaceAlert(supabase: Supabase, alert: NewPlaceAlert): Promise<void> {
	const { error } = await supabase.from('place_alerts').insert({
		label: alert.label,
		lat: alert.place?.lat ?? null,
		lng: alert.place?.lng ?? null,
		radius_m: alert.place?.radiusM ?? null,
		field_slugs: alert.fieldSlugs
	});
	if (error) throw refused('place_alerts', error);
}

export async function removePlaceAlert(supabase: Supabase, id: string): Promise<void> {
	const { error } = await supabase.from('place_alerts').delete().eq('id', id);
	if (error) throw refused('place_alerts', error);
}

export interface Device {
	id: string;
	endpoint: string;
	label: string;
	createdAt: string;
	lastUsedAt: string | null;
}

/** The caller's devices with web push, newest first (RLS: their own only). */
export async function listMyDevices(supabase: Supabase): Promise<Device[]> {
	const { data, error } = await supabase
		.from('push_subscriptions')
		.select('id, endpoint, label, created_at, last_used_at')
		.order('created_at', { ascending: false });
	if (error) throw refused('push_subscriptions', error);
	return data.map((row) => ({
		id: row.id,
		endpoint: row.endpoint,
		label: row.label,
		createdAt: row.created_at,
		lastUsedAt: row.last_used_at
	}));
}

/** Turns push on for the caller's device; the database checks the subscription again. */
export async function saveDevice(supabase: Supabase, device: PushDevice): Promise<void> {
	const { error } = await supabase.rpc('save_push_subscription', {
		endpoint: device.endpoint,
		p256dh: device.keys.p256dh,
		auth: device.keys.auth,
		label: device.label
	});
	if (error) throw refused('save_push_subscription', error);
}

/** Removes one of the caller's devices, by id (the list) or endpoint (the device itself). */
export async function removeDevice(
	supabase: Supabase,
	which: { id: string } | { endpoint: string }
): Promise<void> {
	const query = supabase.from('push_subscriptions').delete();
	const { error } = await ('id' in which
		? query.eq('id', which.id)
		: query.eq('endpoint', which.endpoint));
	if (error) throw refused('push_subscriptions', error);
}
