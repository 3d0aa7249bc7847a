-- Participation: supports (votes), comments, reports (flags) and follows. Who supported what is
-- never shown to anyone but the supporter (Art. 9 GDPR: it can reveal political opinions) — only
-- counts, kept on the idea by triggers.

-- Votes: one support per (idea, user). Only on ideas open for support, only by whom the voting
-- rule in settings allows. Withdrawing is always possible.
create table public.votes (
  idea_id uuid not null references public.ideas (id) on delete cascade,
  user_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (idea_id, user_id)
);

comment on table public.votes is
  'Supports: one row per idea and user. Private to the supporter; the public sees ideas.vote_count only.';

create index votes_user_idx on public.votes (user_id, created_at desc);

alter table public.votes enable row level security;

create policy "Users see their own votes"
  on public.votes for select
  to authenticated
  using (user_id = (select auth.uid()));

-- The checks a direct insert must pass are set_vote()'s, as a predicate.
create function private.may_vote_on(idea uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.participation_error((select s.voting_rule from public.settings s)) is null
     and exists (select 1 from public.ideas i
                  where i.id = may_vote_on.idea and private.is_open_for_support(i.status))
$$;

revoke execute on function private.may_vote_on(uuid) from public;
grant execute on function private.may_vote_on(uuid) to authenticated, service_role;

create policy "Members support open ideas as themselves"
  on public.votes for insert
  to authenticated
  with check (user_id = (select auth.uid()) and private.may_vote_on(idea_id));

create policy "Users withdraw their own votes"
  on public.votes for delete
  to authenticated
  using (user_id = (select auth.uid()));

revoke insert, update, delete, truncate, references, trigger on public.votes from anon, authenticated;
grant insert (idea_id) on public.votes to authenticated;
grant delete on public.votes to authenticated;

create trigger aa_server_columns_insert
  before insert on public.votes
  for each row execute function private.refuse_server_column_writes('user_id', 'created_at');
create trigger aa_server_columns_update
  before update on public.votes
  for each row execute function private.refuse_server_column_writes('idea_id', 'user_id', 'created_at');

-- Per supported idea: its vote count and creation time (the list by support) and its trend score.
-- Sorting the list of all ideas by support (the start page) on the ideas table would scan it
-- whole (~110 MB at 100,000 ideas: bodies are stored inline), and an index on ideas.vote_count
-- would turn every vote into a non-HOT update of all of ideas' indexes. This narrow table, kept
-- by the votes trigger beside ideas.vote_count, has an index per order; ideas without supports
-- follow, newest first - exactly the order "vote_count desc, created_at desc" gives.
--
-- Trending: every support adds exp((t - epoch) / tau) to an idea's score, with tau chosen so a
-- support's weight halves every 7 days (a support two weeks old counts a quarter of one today).
-- Multiplying every score by the same exp(-now / tau) would give the decayed value at any time
-- without changing the order, so the stored score never needs updating as time passes. It is
-- kept as a natural logarithm (log-sum-exp), which never overflows.
create table private.idea_support (
  idea_id uuid primary key references public.ideas (id) on delete cascade,
  score double precision not null,
  vote_count integer not null default 0,
  idea_created_at timestamptz not null default now()
);

comment on table private.idea_support is
  'Per idea with supports: its vote count and creation time (the list by support) and its trend score, ln of the sum of exp((vote time - 2026-01-01) / tau) (half-life 7 days). Maintained by the votes trigger; read through search_ideas.';

create index idea_support_score_idx on private.idea_support (score desc, idea_id);
create index idea_support_votes_idx on private.idea_support (vote_count desc, idea_created_at desc, idea_id);

-- A support's weight exponent: half-lives since 2026-01-01, times ln 2.
create function private.trend_weight(at timestamptz) returns double precision
language sql
immutable
parallel safe
set search_path = ''
as $$
  select extract(epoch from at - timestamptz '2026-01-01 00:00:00+00')::double precision
         / (7 * 86400) * ln(2::double precision)
$$;

comment on function private.trend_weight(timestamptz) is
  'The exponent a support made at the given time adds to private.idea_support.score (log space).';

revoke execute on function private.trend_weight(timestamptz) from public;
grant execute on function private.trend_weight(timestamptz) to service_role;

-- Recomputes private.idea_support from the votes (after bulk loads without triggers, e.g.
-- seed:large).
create function private.rebuild_idea_support() returns void
language sql
volatile
set search_path = ''
as $$
  delete from private.idea_support;
  insert into private.idea_support (idea_id, score, vote_count, idea_created_at)
  select w.idea_id, w.top + ln(sum(exp(w.x - w.top))), count(*), i.created_at
    from (
      select v.idea_id, private.trend_weight(v.created_at) as x,
             max(private.trend_weight(v.created_at)) over (partition by v.idea_id) as top
        from public.votes v
    ) w
    join public.ideas i on i.id = w.idea_id
   group by w.idea_id, w.top, i.created_at;
$$;

comment on function private.rebuild_idea_support() is
  'Recomputes private.idea_support from public.votes (after bulk loads without triggers).';

revoke execute on function private.rebuild_idea_support() from public;

-- Counts and support in one trigger: the count on the idea row (which serialises concurrent
-- votes on one idea and keeps the count exact), the same count and the trend score beside it.
create function private.votes_count() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  x double precision;
  remaining integer;
  born timestamptz;
begin
  if tg_op = 'INSERT' then
    update public.ideas set vote_count = vote_count + 1 where id = new.idea_id
    returning vote_count, created_at into remaining, born;
    x := private.trend_weight(new.created_at);
    insert into private.idea_support as t (idea_id, score, vote_count, idea_created_at)
    values (new.idea_id, x, remaining, born)
    on conflict (idea_id) do update
      set score = greatest(t.score, x) + ln(1 + exp(-abs(t.score - x))),
          vote_count = excluded.vote_count;
  else
    update public.ideas set vote_count = vote_count - 1 where id = old.idea_id
    returning vote_count into remaining;
    if coalesce(remaining, 0) = 0 then
      delete from private.idea_support t where t.idea_id = old.idea_id;
    else
      -- ln(e^s - e^x); rounding can leave the difference at or below zero when the withdrawn
      -- support was nearly all of the score: the rest is then negligible, so keep it tiny.
      x := private.trend_weight(old.created_at);
      update private.idea_support t
         set score = t.score + ln(greatest(1 - exp(x - t.score), 1e-15)),
             vote_count = remaining
       where t.idea_id = old.idea_id;
    end if;
  end if;
  return null;
end;
$$;

revoke execute on function private.votes_count() from public;

create trigger votes_count
  after insert or delete on public.votes
  for each row execute function private.votes_count();

-- Support or withdraw. Idempotent: it sets the desired state, so a replayed request never flips
-- a vote. Returns the state and the idea's new count.
create function public.set_vote(idea uuid, supported boolean) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  current_status public.idea_status;
  count_now integer;
begin
  if uid is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  if supported is null then
    perform private.fail('supported_required', 'supported is true or false.');
  end if;
  -- Requests of one user for one idea apply one after another, in arrival order.
  perform pg_advisory_xact_lock(hashtextextended('vote:' || uid::text || ':' || idea::text, 0));
  if supported then
    perform private.require_participation('vote');
    -- Ideas open for support are public, so no author check is needed here.
    insert into public.votes (idea_id, user_id)
    select i.id, uid from public.ideas i
     where i.id = set_vote.idea and private.is_open_for_support(i.status)
    on conflict do nothing;
    if not found then
      -- Supported already (a replay), or refused: which one decides the answer.
      select i.status into current_status from public.ideas i
       where i.id = set_vote.idea
         and (private.is_public_status(i.status) or i.author_id = uid);
      if not found then
        perform private.fail('idea_not_found', 'No such idea.', 'P0002');
      elsif not private.is_open_for_support(current_status) then
        perform private.fail('idea_closed_for_votes',
          format('Ideas in status %s cannot be supported.', current_status));
      end if;
    end if;
  else
    delete from public.votes v where v.idea_id = set_vote.idea and v.user_id = uid;
  end if;
  select i.vote_count into count_now from public.ideas i where i.id = set_vote.idea;
  return jsonb_build_object('idea_id', idea, 'supported', supported, 'vote_count', count_now);
end;
$$;

revoke execute on function public.set_vote(uuid, boolean) from public, anon;
grant execute on function public.set_vote(uuid, boolean) to authenticated;

-- Comments on ideas. Published immediately (post-moderation); moderators hide with a reason the
-- author sees. The id may come from the client, like an idea's.
create type public.comment_status as enum ('visible', 'hidden');

create table public.comments (
  id uuid primary key default gen_random_uuid(),
  idea_id uuid not null references public.ideas (id) on delete cascade,
  -- One level of replies.
  parent_id uuid references public.comments (id) on delete set null,
  author_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  body text not null check (char_length(body) between 1 and 2000),
  status public.comment_status not null default 'visible',
  hidden_reason text check (char_length(hidden_reason) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint comments_hidden_has_reason check (status = 'visible' or char_length(btrim(hidden_reason)) > 0)
);

comment on table public.comments is
  'Discussion on ideas (one level of replies). Visible to whoever sees the idea; hidden ones to their author and moderators.';

create index comments_idea_idx on public.comments (idea_id, created_at);
create index comments_author_idx on public.comments (author_id, created_at desc);
create index comments_parent_idx on public.comments (parent_id) where parent_id is not null;

alter table public.comments enable row level security;

create policy "Comments are visible to whoever sees the idea"
  on public.comments for select
  to anon, authenticated
  using (status = 'visible' and exists (select 1 from public.ideas i where i.id = idea_id));

create policy "Authors see their own comments"
  on public.comments for select
  to authenticated
  using (author_id = (select auth.uid()));

create policy "Moderators see every comment"
  on public.comments for select
  to authenticated
  using ((select public.has_role('moderator')));

create policy "Members comment under their own name"
  on public.comments for insert
  to authenticated
  with check (author_id = (select auth.uid()) and status = 'visible');

create policy "Authors edit their own visible comments"
  on public.comments for update
  to authenticated
  using (author_id = (select auth.uid()) and status = 'visible')
  with check (author_id = (select auth.uid()) and status = 'visible');

create policy "Authors delete their own comments"
  on public.comments for delete
  to authenticated
  using (author_id = (select auth.uid()));

revoke insert, update, delete, truncate, references, trigger on public.comments from anon, authenticated;
grant insert (id, idea_id, parent_id, body) on public.comments to authenticated;
grant update (body) on public.comments to authenticated;
grant delete on public.comments to authenticated;

-- On insert a caller names the comment's idea (and parent); afterwards those stay too.
create trigger aa_server_columns_insert
  before insert on public.comments
  for each row execute function private.refuse_server_column_writes(
    'author_id', 'status', 'hidden_reason', 'created_at'
  );
create trigger aa_server_columns_update
  before update on public.comments
  for each row execute function private.refuse_server_column_writes(
    'id', 'idea_id', 'parent_id', 'author_id', 'status', 'hidden_reason', 'created_at'
  );

create function private.comments_validate() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  idea_status public.idea_status;
  idea_author uuid;
begin
  if (select auth.uid()) is not null then
    perform private.require_participation('contribute');
  end if;
  new.body := btrim(coalesce(new.body, ''));
  if char_length(new.body) = 0 then
    perform private.fail('comment_empty', 'A comment needs some text.');
  elsif char_length(new.body) > 2000 then
    perform private.fail('comment_too_long', 'A comment has at most 2,000 characters.');
  elsif private.has_markup(new.body) then
    perform private.fail('markup_not_allowed', 'Plain text only: no HTML or script.');
  end if;
  if tg_op = 'INSERT' then
    select i.status, i.author_id into idea_status, idea_author from public.ideas i where i.id = new.idea_id;
    -- Unknown and invisible ideas look the same to the caller.
    if not found or (not private.is_public_status(idea_status)
                     and idea_author is distinct from (select auth.uid())
                     and not public.has_role('moderator')) then
      perform private.fail('idea_not_found', 'No such idea.', 'P0002');
    end if;
    if idea_status in ('merged', 'hidden') then
      perform private.fail('idea_closed_for_comments',
        format('Ideas in status %s take no comments.', idea_status));
    end if;
    if new.parent_id is not null and not exists (
      select 1 from public.comments c where c.id = new.parent_id and c.idea_id = new.idea_id
    ) then
      perform private.fail('comment_parent_invalid', 'A reply belongs to a comment on the same idea.');
    end if;
    if (select auth.uid()) is not null then
      perform private.check_rate_limit('comments');
    end if;
  else
    new.updated_at := now();
  end if;
  return new;
end;
$$;

revoke execute on function private.comments_validate() from public;

create trigger comments_validate
  before insert or update of body on public.comments
  for each row execute function private.comments_validate();

-- comment_count counts visible comments.
create function private.comments_count() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  delta integer := 0;
begin
  if tg_op = 'INSERT' then
    delta := case when new.status = 'visible' then 1 else 0 end;
    update public.ideas set comment_count = comment_count + delta where id = new.idea_id and delta <> 0;
  elsif tg_op = 'DELETE' then
    delta := case when old.status = 'visible' then -1 else 0 end;
    update public.ideas set comment_count = comment_count + delta where id = old.idea_id and delta <> 0;
  elsif new.status is distinct from old.status then
    delta := case when new.status = 'visible' then 1 else -1 end;
    update public.ideas set comment_count = comment_count + delta where id = new.idea_id;
  end if;
  return null;
end;
$$;

revoke execute on function private.comments_count() from public;

create trigger comments_count
  after insert or delete or update of status on public.comments
  for each row execute function private.comments_count();

-- Add a comment; idempotent on the client-made id like submit_idea.
create function public.add_comment(
  id uuid,
  idea_id uuid,
  body text,
  parent_id uuid default null
) returns public.comments
language plpgsql
security invoker
set search_path = ''
as $$
declare
  result public.comments;
  new_id uuid := coalesce(add_comment.id, gen_random_uuid());
begin
  if (select auth.uid()) is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  perform pg_advisory_xact_lock(hashtextextended('comment:' || (select auth.uid())::text, 0));
  select c.* into result from public.comments c where c.id = new_id;
  if found then
    if result.author_id is distinct from (select auth.uid()) then
      perform private.fail('comment_id_taken', 'This id belongs to another comment.', 'PT409');
    end if;
    return result;
  end if;
  insert into public.comments as c (id, idea_id, body, parent_id)
  values (new_id, add_comment.idea_id, add_comment.body, add_comment.parent_id)
  on conflict on constraint comments_pkey do nothing
  returning c.* into result;
  if result.id is null then
    perform private.fail('comment_id_taken', 'This id belongs to another comment.', 'PT409');
  end if;
  return result;
end;
$$;

revoke execute on function public.add_comment(uuid, uuid, text, uuid) from public, anon;
grant execute on function public.add_comment(uuid, uuid, text, uuid) to authenticated;

-- Reports (flags) on an idea or a comment, for the moderation queue.
create type public.report_reason as enum (
  'spam', 'offensive', 'personal_data', 'illegal', 'off_topic', 'other'
);
create type public.report_status as enum ('open', 'resolved', 'dismissed');

create table public.reports (
  id uuid primary key default gen_random_uuid(),
  reporter_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  idea_id uuid references public.ideas (id) on delete cascade,
  comment_id uuid references public.comments (id) on delete cascade,
  reason public.report_reason not null,
  note text check (char_length(note) <= 1000),
  status public.report_status not null default 'open',
  resolved_by uuid references public.profiles (id) on delete set null,
  resolved_at timestamptz,
  resolution_note text check (char_length(resolution_note) <= 2000),
  created_at timestamptz not null default now(),
  constraint reports_one_target check (num_nonnulls(idea_id, comment_id) = 1),
  constraint reports_once_per_idea unique (reporter_id, idea_id),
  constraint reports_once_per_comment unique (reporter_id, comment_id)
);

comment on table public.reports is
  'Flags on ideas or comments (reason, note). The reporter and moderators see them; moderators resolve them.';

create index reports_open_idx on public.reports (created_at) where status = 'open';
create index reports_idea_idx on public.reports (idea_id) where idea_id is not null;
create index reports_comment_idx on public.reports (comment_id) where comment_id is not null;

alter table public.reports enable row level security;

create policy "Reporters see their own reports"
  on public.reports for select
  to authenticated
  using (reporter_id = (select auth.uid()));

create policy "Moderators see every report"
  on public.reports for select
  to authenticated
  using ((select public.has_role('moderator')));

create policy "Members report what they can see"
  on public.reports for insert
  to authenticated
  with check (
    reporter_id = (select auth.uid())
    and status = 'open'
    and (idea_id is null or exists (select 1 from public.ideas i where i.id = idea_id))
    and (comment_id is null or exists (select 1 from public.comments c where c.id = comment_id))
  );

revoke insert, update, delete, truncate, references, trigger on public.reports from anon, authenticated;
grant insert (idea_id, comment_id, reason, note) on public.reports to authenticated;

create trigger aa_server_columns_insert
  before insert on public.reports
  for each row execute function private.refuse_server_column_writes(
    'reporter_id', 'status', 'resolved_by', 'resolved_at', 'resolution_note', 'created_at'
  );
create trigger aa_server_columns_update
  before update on public.reports
  for each row execute function private.refuse_server_column_writes(
    'id', 'reporter_id', 'idea_id', 'comment_id', 'reason', 'status', 'resolved_by', 'resolved_at',
    'resolution_note', 'created_at'
  );

create function private.reports_validate() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (select auth.uid()) is not null then
    perform private.require_participation('contribute');
  end if;
  new.note := nullif(btrim(coalesce(new.note, '')), '');
  if private.has_markup(new.note) then
    perform private.fail('markup_not_allowed', 'Plain text only: no HTML or script.');
  end if;
  if (select auth.uid()) is not null then
    perform private.check_rate_limit('reports');
  end if;
  return new;
end;
$$;

revoke execute on function private.reports_validate() from public;

create trigger reports_validate
  before insert on public.reports
  for each row execute function private.reports_validate();

-- Follows: a user's watch list (for notifications later). Private to the follower.
create table public.follows (
  user_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  idea_id uuid not null references public.ideas (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, idea_id)
);

comment on table public.follows is
  'Ideas a user follows. Private to that user.';

create index follows_idea_idx on public.follows (idea_id);

alter table public.follows enable row level security;

create policy "Users see what they follow"
  on public.follows for select
  to authenticated
  using (user_id = (select auth.uid()));

create policy "Users follow ideas they can see"
  on public.follows for insert
  to authenticated
  with check (
    user_id = (select auth.uid())
    and exists (select 1 from public.ideas i where i.id = idea_id)
  );

create policy "Users unfollow"
  on public.follows for delete
  to authenticated
  using (user_id = (select auth.uid()));

revoke insert, update, delete, truncate, references, trigger on public.follows from anon, authenticated;
grant insert (idea_id) on public.follows to authenticated;
grant delete on public.follows to authenticated;

create trigger aa_server_columns_insert
  before insert on public.follows
  for each row execute function private.refuse_server_column_writes('user_id', 'created_at');
create trigger aa_server_columns_update
  before update on public.follows
  for each row execute function private.refuse_server_column_writes('idea_id', 'user_id', 'created_at');
