import type { Supabase } from '../supabase';
import { DatabaseProblem, refused } from './errors';

/**
 * A photo of an idea as the console shows it (ADR 020): moderators, staff and admins read every
 * photo through RLS, a waiting idea's and hidden ones too.
 */
export interface StaffPhoto {
	id: string;
	ideaId: string;
	/** Place in the idea's gallery, from 0. */
	position: number;
	alt: string;
	/** Of the full size; the thumbnail is this scaled to at most 320 px. */
	width: number;
	height: number;
	/** False while its upload has not finished: there is no file to show yet. */
	stored: boolean;
	/** The reason its author sees, while it is hidden. */
	hiddenReason: string | null;
}

/** The columns a StaffPhoto is read from (for embedding in other selects). */
export const STAFF_PHOTO_COLUMNS =
	'id, idea_id, position, alt_text, width, height, stored_at, hidden_at, hidden_reason';

export interface StaffPhotoRow {
	id: string;
	idea_id: string;
	position: number;
	alt_text: string;
	width: number;
	height: number;
	stored_at: string | null;
	hidden_at: string | null;
	hidden_reason: string | null;
}

export function staffPhoto(row: StaffPhotoRow): StaffPhoto {
	return {
		id: row.id,
		ideaId: row.idea_id,
		position: row.position,
		alt: row.alt_text,
		width: row.width,
		height: row.height,
		stored: row.stored_at !== null,
		hiddenReason: row.hidden_at ? row.hidden_reason : null
	};
}

/** In gallery order. */
export function byPosition(photos: StaffPhotoRow[]): StaffPhoto[] {
	return [...photos].sort((a, b) => a.position - b.position).map(staffPhoto);
}

/** Every photo of an idea, hidden and unfinished ones included, in gallery order. */
export async function listIdeaPhotos(supabase: Supabase, ideaId: string): Promise<StaffPhoto[]> {
	const { data, error } = await supabase
		.from('idea_photos')
		.select(STAFF_PHOTO_COLUMNS)
		.eq('idea_id', ideaId)
		.order('position');
	if (error) throw new Error(`idea_photos: ${error.message}`);
	return data.map(staffPhoto);
}

/**
 * Hides a photo with a reason its author sees (its open reports close with it, in the database),
 * or shows it again. Moderators, staff and admins. Returns the photo as it is afterwards: hiding
 * one that someone else hid meanwhile leaves their reason, which the caller can tell apart.
 */
export async function setPhotoHidden(
	supabase: Supabase,
	id: string,
	hidden: boolean,
	reason?: string
): Promise<StaffPhoto> {
	const { data, error } = hidden
		? await supabase.rpc('hide_idea_photo', { p_id: id, p_reason: reason ?? '' })
		: await supabase.rpc('unhide_idea_photo', { p_id: id });
	if (error) throw refused(hidden ? 'hide_idea_photo' : 'unhide_idea_photo', error);
	if (!data) throw new DatabaseProblem('photo_not_found', 404);
	return staffPhoto(data as StaffPhotoRow);
}
