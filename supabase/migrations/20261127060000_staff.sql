-- The staff console: ideas with their triage fields (staff_ideas), the people ideas can be
-- assigned to, the triage table's list function, a status change with the official answer in one
-- step, and bulk status changes. Every write goes through the moderation functions
-- (set_idea_status, add_idea_note), so roles, the lifecycle, events and the audit trail stay in
-- one place.

-- Ideas as staff see them: every row and every column, for moderators and up (as the policy
-- "Moderators see every idea" has it), nothing for anyone else. The view runs with its owner's
-- rights, so the role check below is its only gate.
create view public.staff_ideas with (security_barrier) as
  select i.*
  from public.ideas i
  where (select public.has_role('moderator'));

comment on view public.staff_ideas is
  'Every idea with its triage fields, for moderators, staff and admins only (empty for others).';

revoke all on public.staff_ideas from anon, authenticated;
grant select on public.staff_ideas to authenticated;

-- The people ideas can be assigned to (staff and admins), for moderators and up.
create function public.staff_members()
returns table (id uuid, display_name text)
language sql
stable
security definer
set search_path = ''
as $$
  select p.id, p.display_name
  from public.profiles p
  where p.role >= 'staff' and (select public.has_role('moderator'))
  order by p.display_name
$$;

revoke execute on function public.staff_members() from public, anon;
grant execute on function public.staff_members() to authenticated;

-- One page of the triage table: every idea in every status, filtered and sorted, with the total
-- (up to 1,000; `more` says there are more). Filters (all optional): statuses (array), field,
-- district (slug), department (id or 'none'), assignee (uuid, or 'none'), kind, priority (or
-- 'none'), tag, from / to (dates, inclusive, Europe/Berlin), min_support / max_support, q (words
-- in title or text, or a similar title). Security definer for the reason given above
-- ideas_in_bbox (map: index use for @@ and <% under RLS); it checks the staff role itself.
--
-- The page's ids are chosen first, then its rows are read. What keeps it within 200 ms at 100,000
-- ideas (npm run bench:staff, docs/benchmarks.md):
-- * by support: the page's ids come from private.idea_support's index (kept by the votes
--   trigger), then ideas without supports, newest first - the order "vote_count desc,
--   created_at desc, id" gives - instead of a top-50 sort over every candidate's heap row;
-- * a support range (5-20): the same index, instead of a sequential scan for a few dozen ideas;
-- * a tag: the GIN index on tags is partial (tags <> '{}'), and "tags @> array[x]" alone does not
--   prove that predicate, so the condition states it;
-- * a typo search: the similar titles are found once, through the trigram index, and the count
--   and the page filter by id;
-- * the count stops after 1,000 matches ("more than 1,000"), as the public list does: counting a
--   broad filter whose columns no index covers reads a heap row per match. The page and its
--   "next" link do not depend on the count.
create function public.staff_list_ideas(
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
             'status_changed_at', i.status_changed_at, 'version', i.version) order by r.n), '[]')
      from unnest(ids) with ordinality as r(id, n)
      join public.ideas i on i.id = r.id));
end;
$$;

comment on function public.staff_list_ideas(jsonb, text, boolean, integer, integer) is
  'Staff: one page of the triage table (every status) with filters, sort and the total count.';

revoke execute on function public.staff_list_ideas(jsonb, text, boolean, integer, integer) from public, anon;
grant execute on function public.staff_list_ideas(jsonb, text, boolean, integer, integer) to authenticated;

-- A status change and the official public answer in one transaction, checked against the
-- version the editor saw (nothing is written when someone else changed the idea meanwhile).
-- Declined: the answer is the public reason. Same status: only the answer is added.
create function public.respond_to_idea(
  idea uuid,
  status public.idea_status,
  answer text default null,
  expected_version integer default null
) returns public.ideas
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.ideas;
  clean text := nullif(btrim(coalesce(answer, '')), '');
begin
  perform private.require_role('staff');
  current := private.lock_idea(idea, expected_version);
  if current.status <> respond_to_idea.status then
    perform public.set_idea_status(current.id, respond_to_idea.status,
      case when respond_to_idea.status in ('declined', 'hidden') then clean end, expected_version);
  elsif clean is null then
    perform private.fail('nothing_to_do', 'Change the status or write an answer.');
  end if;
  if clean is not null and respond_to_idea.status not in ('declined', 'hidden') then
    perform public.add_idea_note(current.id, clean, false);
  end if;
  return (select i from public.ideas i where i.id = current.id);
end;
$$;

comment on function public.respond_to_idea(uuid, public.idea_status, text, integer) is
  'Staff: change the status and/or give the official public answer, atomically and version-checked.';

revoke execute on function public.respond_to_idea(uuid, public.idea_status, text, integer) from public, anon;
grant execute on function public.respond_to_idea(uuid, public.idea_status, text, integer) to authenticated;

-- One row of a bulk action's result: which idea, and the error code if it was refused.
create type public.bulk_result as (idea_id uuid, error text);

-- Bulk status change (the moderation queue's approve/hide, the triage table's status change):
-- set_idea_status() for each idea on its own, so its rules, events and audit rows apply per idea;
-- an idea that is refused (wrong transition, missing reason, unknown) is reported and the others
-- still change. At most 200 at a time.
create function public.bulk_set_idea_status(
  ideas uuid[],
  status public.idea_status,
  reason text default null
) returns setof public.bulk_result
language plpgsql
security definer
set search_path = ''
as $$
declare
  one uuid;
  code text;
begin
  perform private.require_role('moderator');
  if ideas is null or cardinality(ideas) = 0 or cardinality(ideas) > 200 then
    perform private.fail('bulk_invalid', 'Choose between 1 and 200 ideas.');
  end if;
  foreach one in array (select array_agg(distinct u) from unnest(ideas) u) loop
    begin
      perform public.set_idea_status(one, bulk_set_idea_status.status, reason, null);
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

comment on function public.bulk_set_idea_status(uuid[], public.idea_status, text) is
  'Moderators (approve, hide) and staff: set_idea_status() for many ideas; per-idea errors are returned.';

revoke execute on function public.bulk_set_idea_status(uuid[], public.idea_status, text) from public, anon;
grant execute on function public.bulk_set_idea_status(uuid[], public.idea_status, text) to authenticated;
