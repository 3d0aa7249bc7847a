import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';

/**
 * The tests of participation rounds (rounds.spec.ts, rounds-wizard.spec.ts) change what every
 * visitor sees: an open round is on the start page, and "submissions only in rounds" closes the
 * wizard. They run one at a time, whichever project and worker runs them, under this lock (a
 * session advisory lock on a connection of their own).
 */
export async function oneRoundTestAtATime<T>(sql: postgres.Sql, run: () => Promise<T>): Promise<T> {
	const lock = await sql.reserve();
	try {
		await lock`select pg_advisory_lock(hashtext('e2e:participation-rounds'))`;
		return await run();
	} finally {
		await lock`select pg_advisory_unlock(hashtext('e2e:participation-rounds'))`;
		lock.release();
	}
}

/** Today in Europe/Berlin, `days` on (YYYY-MM-DD), as the database counts a round's days. */
export async function berlinDay(sql: postgres.Sql, days = 0): Promise<string> {
	const [row] = await sql<{ day: string }[]>`
		select to_char((now() at time zone 'Europe/Berlin')::date + ${days}::int, 'YYYY-MM-DD') as day`;
	return row!.day;
}

/** A published round, open from yesterday to `days` on, asking about these fields (none: all). */
export async function openRound(
	sql: postgres.Sql,
	options: { fields?: string[]; days?: number } = {}
): Promise<{ id: string; title: string }> {
	const title = `Runde ${randomUUID().slice(0, 8)}`;
	const fields = options.fields ?? [];
	const [row] = await sql<{ id: string }[]>`
		insert into public.participation_rounds (title, question, starts_on, ends_on, all_fields,
			published_at)
		values (${title}, 'Wie soll das Rathaus digitaler werden?',
			(now() at time zone 'Europe/Berlin')::date - 1,
			(now() at time zone 'Europe/Berlin')::date + ${options.days ?? 7}::int,
			${fields.length === 0}, now())
		returning id`;
	for (const field of fields) {
		await sql`insert into public.participation_round_fields (round_id, field_slug)
			values (${row!.id}, ${field})`;
	}
	return { id: row!.id, title };
}

/** Ends every open round (as "Vorzeitig beenden" does), so a test leaves none behind. */
export async function closeOpenRounds(sql: postgres.Sql, ids: string[]) {
	if (ids.length === 0) return;
	await sql`update public.participation_rounds set closed_at = now()
		where id in ${sql(ids)} and published_at is not null and closed_at is null`;
}
