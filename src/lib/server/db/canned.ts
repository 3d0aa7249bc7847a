import type { CannedPurpose } from '$lib/schemas/admin';
import type { Supabase } from '../supabase';
import { DatabaseProblem, refused } from './errors';

/** A canned reason (Textbaustein): a reusable text for hiding or answering (ADR 017). */
export interface CannedReason {
	id: number;
	purpose: CannedPurpose;
	label: string;
	body: string;
}

/** The canned reasons, for one purpose or all, by label (moderators and up read them; RLS). */
export async function listCannedReasons(
	supabase: Supabase,
	purpose?: CannedPurpose
): Promise<CannedReason[]> {
	let query = supabase.from('canned_reasons').select('id, purpose, label, body');
	if (purpose) query = query.eq('purpose', purpose);
	const { data, error } = await query.order('purpose').order('label');
	if (error) throw refused('canned_reasons', error);
	return data as CannedReason[];
}

/** Adds one (no id) or changes one. Admins only (RLS); audited by the table's trigger. */
export async function saveCannedReason(
	supabase: Supabase,
	reason: Omit<CannedReason, 'id'> & { id?: number }
): Promise<void> {
	const { id, ...fields } = reason;
	const { error, count } = id
		? await supabase.from('canned_reasons').update(fields, { count: 'exact' }).eq('id', id)
		: await supabase.from('canned_reasons').insert(fields, { count: 'exact' });
	if (error) throw refused('canned_reasons save', error);
	if (!count) throw new DatabaseProblem('not_found', 404);
}

export async function deleteCannedReason(supabase: Supabase, id: number): Promise<void> {
	const { error, count } = await supabase
		.from('canned_reasons')
		.delete({ count: 'exact' })
		.eq('id', id);
	if (error) throw refused('canned_reasons delete', error);
	if (!count) throw new DatabaseProblem('not_found', 404);
}
