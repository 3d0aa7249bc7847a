import { refused } from './errors';
import type { Supabase } from '../supabase';

export interface Comment {
	id: string;
	parentId: string | null;
	body: string;
	createdAt: string;
	/** Null once the author deleted their account. */
	author: { displayName: string; kind: 'resident' | 'business' } | null;
}

/** Visible comments (RLS also returns the reader's own hidden ones; those stay off this list). */
export async function listComments(supabase: Supabase, ideaId: string): Promise<Comment[]> {
	const { data, error } = await supabase
		.from('comments')
		.select(
			'id, parent_id, body, created_at, author:profiles!comments_author_id_fkey(display_name, kind)'
		)
		.eq('idea_id', ideaId)
		.eq('status', 'visible')
		.order('created_at')
		.order('id');
	if (error) throw new Error(`comments: ${error.message}`);
	return data.map((row) => ({
		id: row.id,
		parentId: row.parent_id,
		body: row.body,
		createdAt: row.created_at,
		author: row.author && { displayName: row.author.display_name, kind: row.author.kind }
	}));
}

/** add_comment is idempotent on the client-supplied id: a retried post adds it once. */
export async function addComment(
	supabase: Supabase,
	comment: { id: string; ideaId: string; body: string }
): Promise<void> {
	const { error } = await supabase.rpc('add_comment', {
		id: comment.id,
		idea_id: comment.ideaId,
		body: comment.body
	});
	if (error) throw refused('add_comment', error);
}
