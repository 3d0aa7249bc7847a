-- Staff queues that show age, and a week's triage with fewer steps (issue 24, items 8 and 11;
-- ADR 017).
--
-- * An answer target (settings.answer_target_days, 14 by default): an idea waits for an answer
--   while it is published or under review and has no official answer yet; it is overdue once it
--   has waited longer than the target. The triage table filters by it (staff_list_ideas'
--   `overdue`), the console's navigation counts it (staff_overdue_count).
-- * The assignee of an overdue idea is reminded once (`answer_overdue`): the notification worker
--   runs private.remind_overdue_answers each step; private.answer_reminders remembers each idea
--   reminded, so no idea is reminded twice, whichever worker runs and however often.
-- * Bulk triage (bulk_triage_ideas): department, assignee and/or status for many ideas at once,
--   each idea on its own checked against the version the list showed, with triage_idea's and
--   set_idea_status' rules, events and audit rows.
-- * Canned reasons (Textbausteine, canned_reasons): reusable texts for hiding and for answering;
--   admins write them, moderators and staff read them, nobody else sees them.

alter table public.settings add column answer_target_days smallint not null default 14
  check (answer_target_days between 1 and 365);

comment on column public.settings.answer_target_days is
  'Days within which an idea should get an official answer; older ones without one are overdue.';

-- Whether an idea waits for an answer: published or under review, and no official answer yet.
-- Callers state the status condition as well, so the planner can use ideas_awaiting_idx.
create function private.awaits_answer(idea uuid, status public.idea_status) returns boolean
language sql
stable
set search_path = ''
as $$
  select awaits_answer.status in ('published', 'under_review')
     and not exists (select 1 from public.idea_events e
                      where e.idea_id = awaits_answer.idea and e.kind = 'answer')
$$;

revoke execute on function private.awaits_answer(uuid, public.idea_status) from public;

-- The oldest waiting ideas first: what the overdue filter, the count and the reminders read.
create index ideas_awaiting_idx on public.ideas (created_at)
  where status in ('published', 'under_review');

-- The triage table: as before, plus the filter `overdue` (true) and each row's `awaiting`.
-- (Redefined whole; the signature is unchanged.)
create or replace function public.staff_list_ideas(
  filters jsonb default '{}'::jsonb,
  sort text default 'created_at',
  descending boolean default true,
  page_size integer default 50,
  skip integer default 0
) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
-- A similar title (q, typo search): word similarity of at least 0.6 (pg_trgm's default, stated).
set pg_trgm.word_similarity_threshold = 0.6
as $$
declare
  f jsonb := coalesce(filters, '{}'::jsonb);
  qn text := nullif(btrim(private.search_text(coalesce(f ->> 'q', ''))), '');
  f_statuses public.idea_status[];
  f_district smallint;
  f_from timestamptz;
  f_to timestamptz;
  f_kind public.idea_kind;
  f_priority public.idea_priority;
  f_department smallint;
  f_assignee uuid;
  f_min integer;
  f_max integer;
  similar_ids uuid[];
  conditions text[] := array['true'];
  matching text;
  order_by text;
  size integer := greatest(1, least(coalesce(page_size, 50), 200));
  skipped integer := greatest(0, coalesce(skip, 0));
  ids uuid[];
  more uuid[];
  ahead bigint;
  total bigint;
begin
  perform private.require_role('staff');
  if sort is null or sort not in ('created_at', 'vote_count', 'comment_count', 'title', 'status',
                                  'status_changed_at', 'priority') then
    perform private.fail('sort_invalid', 'Unknown sort column.');
  end if;
  if char_length(f ->> 'q') > 200 then
    perform private.fail('query_too_long', 'A search has at most 200 characters.');
  end if;
  begin
    f_statuses := private.filter_array(f, 'statuses', 'status')::public.idea_status[];
    f_from := ((f ->> 'from')::date)::timestamp at time zone 'Europe/Berlin';
    f_to := ((f ->> 'to')::date + 1)::timestamp at time zone 'Europe/Berlin';
    f_kind := (f ->> 'kind')::public.idea_kind;
    f_min := (f ->> 'min_support')::integer;
    f_max := (f ->> 'max_support')::integer;
    f_department := case when f ->> 'department' <> 'none' then (f ->> 'department')::smallint end;
    f_assignee := case when f ->> 'assignee' <> 'none' then (f ->> 'assignee')::uuid end;
    f_priority := case when f ->> 'priority' <> 'none' then (f ->> 'priority')::public.idea_priority end;
    perform (f ->> 'overdue')::boolean;
  exception when others then
    perform private.fail('filter_invalid', 'A filter value has the wrong type.');
  end;
  if f ? 'district' then
    select d.id into f_district from public.districts d where d.slug = f ->> 'district';
    f_district := coalesce(f_district, -1);
  end if;

  -- Only the filters given become conditions, so the planner sees a plain query it can serve from
  -- the indexes. Values are bound parameters of their own types ($1 = f, $2 … $13), never spliced
  -- into the text; typed (not cast from $1) so the planner sees them and can use partial indexes.
  if f_statuses is not null then conditions := conditions || 'i.status = any ($2)'::text; end if;
  if f ? 'field' then conditions := conditions || 'i.field_slug = ($1 ->> ''field'')'::text; end if;
  if f_district is not null then conditions := conditions || 'i.district_id = $3'::text; end if;
  if f ->> 'department' = 'none' then conditions := conditions || 'i.department_id is null'::text;
  elsif f ? 'department' then conditions := conditions || 'i.department_id = $9'::text;
  end if;
  if f ->> 'assignee' = 'none' then conditions := conditions || 'i.assignee_id is null'::text;
  elsif f ? 'assignee' then conditions := conditions || 'i.assignee_id = $10'::text;
  end if;
  if f ->> 'priority' = 'none' then conditions := conditions || 'i.priority is null'::text;
  elsif f ? 'priority' then conditions := conditions || 'i.priority = $8'::text;
  end if;
  if f_kind is not null then conditions := conditions || 'i.kind = $7'::text; end if;
  -- "tags <> '{}'" is the predicate of the partial GIN index: stated, the planner can use it.
  if f ? 'tag' then
    conditions := conditions || 'i.tags <> ''{}'' and i.tags @> array[lower($1 ->> ''tag'')]'::text;
  end if;
  if f_from is not null then conditions := conditions || 'i.created_at >= $4'::text; end if;
  if f_to is not null then conditions := conditions || 'i.created_at < $5'::text; end if;
  if f_min is not null then conditions := conditions || 'i.vote_count >= $11'::text; end if;
  if f_max is not null then conditions := conditions || 'i.vote_count <= $12'::text; end if;
  -- Overdue (ADR 017): waiting for an answer for longer than the town's answer target.
  if coalesce((f ->> 'overdue')::boolean, false) then
    conditions := conditions || 'i.status in (''published'', ''under_review'')
      and private.awaits_answer(i.id, i.status)
      and i.created_at <= now() - make_interval(days => (select s.answer_target_days from public.settings s))'::text;
  end if;
  -- A support range such as 5-20 (a few ideas): found by private.idea_support's vote index. Not
  -- for an open range ("at least 2"), which most supported ideas meet: there the extra join
  -- costs more than it saves.
  if f_min >= 1 and f_max is not null then
    conditions := conditions || 'i.id in (select t.idea_id from private.idea_support t
      where t.vote_count between $11 and $12)'::text;
  end if;
  -- Words first (full text); only when no idea has them, titles that are similar (typos), found
  -- once through the trigram index. Both at once would recheck thousands of trigram candidates.
  if qn is not null then
    if exists (select 1 from public.ideas i
                where i.search_vector @@ websearch_to_tsquery('pg_catalog.german', qn)) then
      conditions := conditions || 'i.search_vector @@ websearch_to_tsquery(''pg_catalog.german'', $6)'::text;
    else
      select coalesce(array_agg(i.id), '{}') into similar_ids
        from public.ideas i where qn operator(extensions.<%) i.title_search;
      conditions := conditions || 'i.id = any ($13)'::text;
    end if;
  end if;
  matching := array_to_string(conditions, ' and ');

  -- Counting stops after 1,000 matches ("more than 1,000"): an exact count of a broad filter
  -- reads a heap row per match, and nobody pages through a thousand ideas.
  execute format('select count(*) from (select 1 from public.ideas i where %s limit 1001) c', matching)
    into total using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority, f_department,
          f_assignee, f_min, f_max, similar_ids;

  if sort = 'vote_count' and descending then
    -- Ideas with supports in the order of private.idea_support's index, then (unless the filter
    -- needs a support) those without, newest first. `ahead` is how many rows the first part has
    -- in all, so the second part's offset is right on every page.
    ids := '{}';
    ahead := 0;
    if coalesce(f_max, 1) >= 1 then
      execute format(
        'select coalesce(array_agg(p.idea_id), ''{}'') from (
           select t.idea_id from private.idea_support t join public.ideas i on i.id = t.idea_id
            where %s order by t.vote_count desc, t.idea_created_at desc, t.idea_id
            limit %s offset %s) p', matching, size, skipped)
        into ids using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority,
              f_department, f_assignee, f_min, f_max, similar_ids;
      if cardinality(ids) > 0 then
        ahead := skipped + cardinality(ids);
      elsif skipped > 0 then
        execute format('select count(*) from private.idea_support t
                          join public.ideas i on i.id = t.idea_id where %s', matching)
          into ahead using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority,
                f_department, f_assignee, f_min, f_max, similar_ids;
      end if;
    end if;
    if cardinality(ids) < size and coalesce(f_min, 0) < 1 then
      execute format(
        'select coalesce(array_agg(p.id), ''{}'') from (
           select i.id from public.ideas i
            where %s and not exists (select 1 from private.idea_support t where t.idea_id = i.id)
            order by i.created_at desc, i.id limit %s offset %s) p',
        matching, size - cardinality(ids), greatest(0, skipped - ahead))
        into more using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority,
              f_department, f_assignee, f_min, f_max, similar_ids;
      ids := ids || more;
    end if;
  else
    order_by := format('i.%I %s%s, i.created_at desc, i.id', sort,
      case when descending then 'desc' else 'asc' end,
      case when sort = 'priority' then ' nulls last' else '' end);
    execute format(
      'select coalesce(array_agg(p.id), ''{}'') from (
         select i.id from public.ideas i where %s order by %s limit %s offset %s) p',
      matching, order_by, size, skipped)
      into ids using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority, f_department,
            f_assignee, f_min, f_max, similar_ids;
  end if;

  -- The page's rows, in the order chosen above.
  return jsonb_build_object('total', least(total, 1000), 'more', total > 1000, 'items', (
    select coalesce(jsonb_agg(jsonb_build_object(
             'id', i.id, 'title', i.title, 'status', i.status, 'kind', i.kind,
             'field_slug', i.field_slug, 'district_id', i.district_id,
             'department_id', i.department_id, 'assignee_id', i.assignee_id,
             'priority', i.priority, 'tags', i.tags, 'vote_count', i.vote_count,
             'comment_count', i.comment_count, 'created_at', i.created_at,
             'status_changed_at', i.status_changed_at, 'version', i.version,
             'awaiting', private.awaits_answer(i.id, i.status)) order by r.n), '[]')
      from unnest(ids) with ordinality as r(id, n)
      join public.ideas i on i.id = r.id));
end;
$$;

-- How many ideas are overdue (up to 1,000), for the console's navigation. Staff only.
create function public.staff_overdue_count() returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_role('staff');
  return (select count(*) from (
    select 1 from public.ideas i
     where i.status in ('published', 'under_review')
       and i.created_at <= now() - make_interval(days => (select s.answer_target_days from public.settings s))
       and private.awaits_answer(i.id, i.status)
     limit 1000) c);
end;
$$;

comment on function public.staff_overdue_count() is
  'Staff: how many ideas have waited longer than the answer target for an official answer (at most 1,000).';

revoke execute on function public.staff_overdue_count() from public, anon;
grant execute on function public.staff_overdue_count() to authenticated;

-- Department, assignee and/or status for many ideas (the triage table's bulk action). `patch`
-- holds department_id and/or assignee_id (null: none); `status` (optional) with `reason` (the
-- public reason, required for declined and hidden). `versions`, in the order of `ideas`, are the
-- versions the list showed: an idea changed since is left alone and reported (version_conflict).
-- Each idea is decided on its own, in a subtransaction: it changes entirely (triage_idea, then
-- set_idea_status, each with its event and audit row) or not at all; only the fields that differ
-- are changed, so nobody is told of an assignment they already had. At most 200 ideas.
create function public.bulk_triage_ideas(
  ideas uuid[],
  patch jsonb default '{}',
  status public.idea_status default null,
  reason text default null,
  versions integer[] default null
) returns setof public.bulk_result
language plpgsql
security definer
set search_path = ''
as $$
declare
  one uuid;
  n integer;
  current public.ideas;
  changed jsonb;
  code text;
  unknown text;
begin
  perform private.require_role('staff');
  if ideas is null or cardinality(ideas) = 0 or cardinality(ideas) > 200 then
    perform private.fail('bulk_invalid', 'Choose between 1 and 200 ideas.');
  end if;
  if versions is not null and cardinality(versions) <> cardinality(ideas) then
    perform private.fail('bulk_invalid', 'Give a version for each idea, or none.');
  end if;
  if patch is null or jsonb_typeof(patch) <> 'object' then
    perform private.fail('patch_invalid', 'patch is an object with department_id and/or assignee_id.');
  end if;
  select k into unknown from jsonb_object_keys(patch) k
   where k not in ('department_id', 'assignee_id') limit 1;
  if unknown is not null then
    perform private.fail('patch_invalid', format('Unknown field %s.', unknown));
  end if;
  if patch = '{}' and bulk_triage_ideas.status is null then
    perform private.fail('nothing_to_do', 'Choose a department, an assignee or a status.');
  end if;
  for n in 1 .. cardinality(ideas) loop
    one := ideas[n];
    -- The same idea twice: decided once.
    continue when array_position(ideas, one) < n;
    begin
      current := private.lock_idea(one, versions[n]);
      select coalesce(jsonb_object_agg(p.key, p.value), '{}') into changed
        from jsonb_each(patch) p
       where p.value is distinct from coalesce(to_jsonb(current) -> p.key, 'null');
      if changed = '{}' and (bulk_triage_ideas.status is null
                             or bulk_triage_ideas.status = current.status) then
        perform private.fail('nothing_to_do', 'The idea is like that already.');
      end if;
      if changed <> '{}' then
        perform public.triage_idea(one, changed, null);
      end if;
      if bulk_triage_ideas.status is not null and bulk_triage_ideas.status <> current.status then
        perform public.set_idea_status(one, bulk_triage_ideas.status, reason, null);
      end if;
      return next (one, null)::public.bulk_result;
    exception when others then
      get stacked diagnostics code = message_text;
      -- The role check fails for every idea alike: refuse the whole request then.
      if code in ('forbidden', 'not_signed_in') then
        raise;
      end if;
      return next (one, code)::public.bulk_result;
    end;
  end loop;
end;
$$;

comment on function public.bulk_triage_ideas(uuid[], jsonb, public.idea_status, text, integer[]) is
  'Staff: department, assignee and/or status for many ideas, each version-checked on its own; per-idea errors are returned.';

revoke execute on function public.bulk_triage_ideas(uuid[], jsonb, public.idea_status, text, integer[]) from public, anon;
grant execute on function public.bulk_triage_ideas(uuid[], jsonb, public.idea_status, text, integer[]) to authenticated;

-- Canned reasons (Textbausteine): one text per town, in the language the town answers in (the
-- answer itself is one text too). `purpose` says where it is offered: hiding (moderation) or
-- answering (the official answer, also a reason to decline).
create table public.canned_reasons (
  id bigint generated always as identity primary key,
  purpose text not null check (purpose in ('hide', 'answer')),
  label text not null check (char_length(btrim(label)) between 1 and 80),
  body text not null check (char_length(btrim(body)) between 1 and 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint canned_reasons_label_unique unique (purpose, label)
);

comment on table public.canned_reasons is
  'Reusable texts for hiding and for answering ideas; admins write them, moderators and staff pick them.';

alter table public.canned_reasons enable row level security;

create policy "Moderators and staff read the canned reasons"
  on public.canned_reasons for select
  to authenticated
  using ((select public.has_role('moderator')));

create policy "Admins add canned reasons"
  on public.canned_reasons for insert
  to authenticated
  with check ((select public.has_role('admin')));

create policy "Admins change canned reasons"
  on public.canned_reasons for update
  to authenticated
  using ((select public.has_role('admin')))
  with check ((select public.has_role('admin')));

create policy "Admins delete canned reasons"
  on public.canned_reasons for delete
  to authenticated
  using ((select public.has_role('admin')));

revoke all on public.canned_reasons from anon, authenticated;
grant select, delete on public.canned_reasons to authenticated;
grant insert (purpose, label, body), update (purpose, label, body) on public.canned_reasons to authenticated;

create trigger canned_reasons_touch before update on public.canned_reasons
  for each row execute function private.touch_updated_at();
create trigger canned_reasons_audit after insert or update or delete on public.canned_reasons
  for each row execute function private.audit_row_change();

-- The ideas whose assignee was reminded that they are overdue: an idea's overdue period ends only
-- with an answer, which ends it for good, so one row per idea says "never again".
create table private.answer_reminders (
  idea_id uuid primary key references public.ideas (id) on delete cascade,
  assignee_id uuid not null,
  reminded_at timestamptz not null default now()
);

comment on table private.answer_reminders is
  'Ideas whose assignee was told they are overdue (answer_overdue), once each.';

alter table private.answer_reminders enable row level security;
revoke all on private.answer_reminders from anon, authenticated;

-- The worker's step: reminds the assignees of up to `max_ideas` ideas that became overdue, oldest
-- first, each once (the primary key above; a second worker's insert adds nothing). Ideas without
-- an assignee wait until they have one. Returns how many reminders were written.
create function private.remind_overdue_answers(max_ideas integer default 100) returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  target integer := (select s.answer_target_days from public.settings s);
  reminded integer;
begin
  with due as (
    select i.id, i.assignee_id, i.created_at from public.ideas i
     where i.status in ('published', 'under_review')
       and i.created_at <= now() - make_interval(days => target)
       and i.assignee_id is not null
       and private.awaits_answer(i.id, i.status)
       and not exists (select 1 from private.answer_reminders r where r.idea_id = i.id)
     order by i.created_at
     limit greatest(1, least(coalesce(max_ideas, 100), 1000))
  ), marked as (
    insert into private.answer_reminders (idea_id, assignee_id)
    select d.id, d.assignee_id from due d
    on conflict (idea_id) do nothing
    returning idea_id, assignee_id
  ), told as (
    insert into private.notification_events (kind, idea_id, actor_id, details)
    select 'answer_overdue', m.idea_id, null,
           jsonb_build_object('assignee_id', m.assignee_id, 'days',
             (select floor(extract(epoch from now() - d.created_at) / 86400)::integer
                from due d where d.id = m.idea_id))
      from marked m
    returning 1
  )
  select count(*) into reminded from told;
  if reminded > 0 then
    perform pg_notify('stadtidee_notifications', '');
  end if;
  return reminded;
end;
$$;

comment on function private.remind_overdue_answers(integer) is
  'The notification worker''s step: tells each overdue idea''s assignee once (answer_overdue).';

revoke execute on function private.remind_overdue_answers(integer) from public;
grant execute on function private.remind_overdue_answers(integer) to stadtidee_notifier;

-- The assignee of an overdue idea, and nobody else, is reminded (if still staff).
create or replace function private.notification_recipients(
  kind public.notification_kind,
  idea uuid,
  actor uuid,
  details jsonb
) returns table (user_id uuid)
language sql
stable
security definer
set search_path = ''
as $$
  select i.author_id from public.ideas i
   where i.id = notification_recipients.idea and i.author_id is not null
     and notification_recipients.kind not in ('assigned', 'idea_new', 'routed', 'report_resolved',
                                              'answer_overdue')
  union
  select f.user_id from public.follows f
   where f.idea_id = notification_recipients.idea
     and notification_recipients.kind in ('status_changed', 'answered', 'merged', 'measure_linked',
                                          'measure_changed')
  union
  select v.user_id from public.votes v
   where v.idea_id = notification_recipients.idea and v.notify
     and notification_recipients.kind in ('status_changed', 'answered', 'merged', 'measure_linked',
                                          'measure_changed')
  union
  select p.id from public.profiles p
   where notification_recipients.kind = 'assigned'
     and p.id::text = notification_recipients.details ->> 'assignee_id'
  union
  select p.id from public.profiles p
   where notification_recipients.kind = 'answer_overdue' and p.role >= 'staff'
     and p.id::text = notification_recipients.details ->> 'assignee_id'
  union
  select m.user_id from public.department_members m
    join public.profiles p on p.id = m.user_id and p.role >= 'staff'
   where notification_recipients.kind = 'routed'
     and m.department_id::text = notification_recipients.details ->> 'department_id'
  union
  select p.id from public.profiles p
   where notification_recipients.kind = 'report_resolved'
     and p.id::text = notification_recipients.details ->> 'reporter_id'
  union
  select a.user_id from public.place_alerts a, public.ideas i
   where notification_recipients.kind = 'idea_new'
     and i.id = notification_recipients.idea
     and (cardinality(a.field_slugs) = 0 or i.field_slug = any (a.field_slugs))
     and (a.lat is null
          or sqrt(power((i.lat - a.lat) * 111320.0, 2)
                  + power((i.lng - a.lng) * 111320.0 * cos(radians(a.lat)), 2)) <= a.radius_m)
  except
  select notification_recipients.actor where notification_recipients.actor is not null
$$;
