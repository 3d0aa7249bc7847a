import type { IdeaKind, IdeaStatus } from '$lib/schemas/idea';
import type { Database } from '$lib/types/database';
import { refused } from './errors';
import type { Supabase } from '../supabase';

export interface MyIdea {
	id: string;
	title: string;
	kind: IdeaKind;
	needType: Database['public']['Enums']['need_type'] | null;
	status: IdeaStatus;
	/** For hidden ideas: the reason the moderator gave the author. */
	statusReason: string | null;
	voteCount: number;
	commentCount: number;
	createdAt: string;
}

/** Every idea and location need of mine, in every status (RLS shows authors their own). */
export async function listMyIdeas(supabase: Supabase, userId: string): Promise<MyIdea[]> {
	const { data, error } = await supabase
		.from('ideas')
		.select(
			'id, title, kind, need_type, status, status_reason, vote_count, comment_count, created_at'
		)
		.eq('author_id', userId)
		.order('created_at', { ascending: false });
	if (error) throw new Error(`ideas: ${error.message}`);
	return data.map((row) => ({
		id: row.id,
		title: row.title,
		kind: row.kind,
		needType: row.need_type,
		status: row.status,
		statusReason: row.status_reason,
		voteCount: row.vote_count,
		commentCount: row.comment_count,
		createdAt: row.created_at
	}));
}

export interface IdeaLink {
	id: string;
	title: string;
	status: IdeaStatus;
	voteCount: number;
	/** When I supported or followed it. */
	since: string;
}

type LinkedRow = {
	created_at: string;
	idea: { id: string; title: string; status: IdeaStatus; vote_count: number } | null;
};

// An idea hidden since is invisible to me: the link row stays (I can still withdraw via export
// and deletion), but the list shows what I can open.
const toLinks = (rows: LinkedRow[]): IdeaLink[] =>
	rows.flatMap(({ created_at, idea }) =>
		idea
			? [
					{
						id: idea.id,
						title: idea.title,
						status: idea.status,
						voteCount: idea.vote_count,
						since: created_at
					}
				]
			: []
	);

/** Ideas I support. Votes are visible to their owner only. */
export async function listMySupports(supabase: Supabase, userId: string): Promise<IdeaLink[]> {
	const { data, error } = await supabase
		.from('votes')
		.select('created_at, idea:ideas(id, title, status, vote_count)')
		.eq('user_id', userId)
		.order('created_at', { ascending: false });
	if (error) throw new Error(`votes: ${error.message}`);
	return toLinks(data);
}

export async function listMyFollows(supabase: Supabase, userId: string): Promise<IdeaLink[]> {
	const { data, error } = await supabase
		.from('follows')
		.select('created_at, idea:ideas(id, title, status, vote_count)')
		.eq('user_id', userId)
		.order('created_at', { ascending: false });
	if (error) throw new Error(`follows: ${error.message}`);
	return toLinks(data);
}

/** How much there is in each part of the account, for the overview (RLS: my own rows only). */
export interface AccountCounts {
	ideas: number;
	needs: number;
	/** As the supports list shows them: ideas I can still see. */
	supports: number;
	comments: number;
	follows: number;
}

export async function countMine(supabase: Supabase, userId: string): Promise<AccountCounts> {
	const head = { count: 'exact', head: true } as const;
	const results = await Promise.all([
		supabase.from('ideas').select('id', head).eq('author_id', userId).eq('kind', 'idea'),
		supabase.from('ideas').select('id', head).eq('author_id', userId).eq('kind', 'location_need'),
		supabase.from('votes').select('idea_id, ideas!inner(id)', head).eq('user_id', userId),
		supabase.from('comments').select('id', head).eq('author_id', userId),
		supabase.from('follows').select('idea_id, ideas!inner(id)', head).eq('user_id', userId)
	]);
	const [ideas, needs, supports, comments, follows] = results.map(({ count, error }) => {
		if (error) throw refused('counting my rows', error);
		return count ?? 0;
	}) as [number, number, number, number, number];
	return { ideas, needs, supports, comments, follows };
}

/** An idea a support is withdrawn from or given back to: what the undo names and explains. */
export interface SupportedIdea {
	id: string;
	title: string;
	status: IdeaStatus;
}

/** My support of one idea, with the idea and whether I keep informed; null without one. */
export async function mySupport(
	supabase: Supabase,
	userId: string,
	ideaId: string
): Promise<{ idea: SupportedIdea; notify: boolean } | null> {
	const { data, error } = await supabase
		.from('votes')
		.select('notify, idea:ideas(id, title, status)')
		.eq('user_id', userId)
		.eq('idea_id', ideaId)
		.maybeSingle();
	if (error) throw refused('votes', error);
	return data?.idea ? { idea: data.idea, notify: data.notify } : null;
}

/** An idea as I may see it (public, or my own); null when it is not there for me. */
export async function visibleIdea(
	supabase: Supabase,
	ideaId: string
): Promise<SupportedIdea | null> {
	const { data, error } = await supabase
		.from('ideas')
		.select('id, title, status')
		.eq('id', ideaId)
		.maybeSingle();
	if (error) throw refused('ideas', error);
	return data;
}

export interface MyComment {
	id: string;
	body: string;
	hidden: boolean;
	hiddenReason: string | null;
	createdAt: string;
	idea: { id: string; title: string } | null;
}

export async function listMyComments(supabase: Supabase, userId: string): Promise<MyComment[]> {
	const { data, error } = await supabase
		.from('comments')
		.select('id, body, status, hidden_reason, created_at, idea:ideas(id, title)')
		.eq('author_id', userId)
		.order('created_at', { ascending: false });
	if (error) throw new Error(`comments: ${error.message}`);
	return data.map((row) => ({
		id: row.id,
		body: row.body,
		hidden: row.status === 'hidden',
		hiddenReason: row.hidden_reason,
		createdAt: row.created_at,
		idea: row.idea
	}));
}

/** export_my_data: everything stored about the caller (GDPR Art. 15, 20). */
export async function exportMyData(supabase: Supabase) {
	const { data, error } = await supabase.rpc('export_my_data');
	if (error) throw refused('export_my_data', error);
	return data;
}

/** delete_my_account: personal data goes, published ideas stay without author. */
/** What deleting the account would take away or keep, for the confirmation step. */
export interface DeletionSummary {
	/** Unpublished ideas: deleted with the account. */
	ideasDeleted: number;
	/** Published ideas: kept without a name. */
	ideasKept: number;
	comments: number;
	supports: number;
}

export async function deletionSummary(
	supabase: Supabase,
	userId: string
): Promise<DeletionSummary> {
	const [ideas, comments, votes] = await Promise.all([
		supabase.from('ideas').select('status').eq('author_id', userId),
		supabase.from('comments').select('id', { count: 'exact', head: true }).eq('author_id', userId),
		supabase.from('votes').select('idea_id', { count: 'exact', head: true }).eq('user_id', userId)
	]);
	if (ideas.error) throw refused('ideas', ideas.error);
	if (comments.error) throw refused('comments', comments.error);
	if (votes.error) throw refused('votes', votes.error);
	const unpublished = ideas.data.filter((i) => i.status === 'submitted' || i.status === 'hidden');
	return {
		ideasDeleted: unpublished.length,
		ideasKept: ideas.data.length - unpublished.length,
		comments: comments.count ?? 0,
		supports: votes.count ?? 0
	};
}

/** Asks for the account's deletion; returns when it will be erased (after the grace period). */
export async function requestAccountDeletion(supabase: Supabase): Promise<string> {
	const { data, error } = await supabase.rpc('request_account_deletion');
	if (error) throw refused('request_account_deletion', error);
	return data;
}

/** Signed in again within the grace period: the account stays. Whether a request was withdrawn. */
export async function cancelAccountDeletion(supabase: Supabase): Promise<boolean> {
	const { data, error } = await supabase.rpc('cancel_account_deletion');
	if (error) throw refused('cancel_account_deletion', error);
	return data === true;
}

/** An author edits title, text and place hint while the idea awaits moderation (RLS, grants). */
export async function updateMyIdea(
	supabase: Supabase,
	id: string,
	change: { title: string; body: string; placeHint: string }
): Promise<boolean> {
	const { data, error } = await supabase
		.from('ideas')
		.update({ title: change.title, body: change.body, place_hint: change.placeHint })
		.eq('id', id)
		.eq('status', 'submitted')
		.select('id');
	if (error) throw refused('editing an idea', error);
	return data.length > 0;
}
