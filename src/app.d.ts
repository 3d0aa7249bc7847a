import type { Session, SupabaseClient } from '@supabase/supabase-js';
import type { SessionUser } from '$lib/server/supabase';
import type { Locale, PublicMessages, StaffMessages } from '$lib/i18n';
import type { Schema } from '$lib/types/schema';

type Viewer = Pick<
	Schema['public']['Tables']['profiles']['Row'],
	'display_name' | 'kind' | 'role' | 'locale'
>;

declare global {
	namespace App {
		interface Locals {
			/** Acts as the visitor (their JWT from the session cookies), so RLS applies. */
			supabase: SupabaseClient<Schema>;
			/**
			 * Session and user, verified once per request: by the token's signature against the auth
			 * server's published keys, or on account pages by the auth server itself (hooks/supabase.ts).
			 */
			safeGetSession(): Promise<{ session: Session | null; user: SessionUser | null }>;
			/** The signed-in user's own profile (display name, persona, role); null when signed out. */
			getProfile(): Promise<Viewer | null>;
			locale: Locale;
		}
		// Provided by the root layout to every page. No tokens: the page data is in the HTML.
		interface PageData {
			locale: Locale;
			messages: PublicMessages;
			/** Only inside the staff console (its layout adds them). */
			staffMessages?: StaffMessages;
			signedIn: boolean;
			/** The signed-in account's id (the outbox's items belong to it); null when signed out. */
			userId: string | null;
			viewer: Viewer | null;
			/** The signed-in person's unread notifications (0 when signed out). */
			unreadNotifications: number;
		}
	}
}

export {};
