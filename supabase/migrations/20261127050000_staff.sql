-- The staff console: the triage table's list function, a status change with the official answer
-- in one step, and bulk status changes. Every write goes through the functions of the
-- moderation migration (set_idea_status, add_idea_note), so roles, the lifecycle, events and the
-- audit trail stay in one place.

-- Sorting the triage table by title or by last status change on 100,000 ideas: an index per
-- column keeps the first page a short index scan instead of a sort over every row. No index on
-- the counts: their updates must stay heap-only (see docs/architecture.md); a top-50 sort over
-- them costs tens of milliseconds.
create index ideas_title_idx on public.ideas (title);
create index ideas_status_changed_idx on public.ideas (status_changed_at desc);
create index ideas_tags_idx on public.ideas using gin (tags) where tags <> '{}';
-- Priority: filtered on and sorted by (most urgent first); nulls (not yet triaged) last.
create index ideas_priority_idx on public.ideas (priority desc nulls last, created_at desc);
-- Location needs are a small share of all ideas: filtering for them should not read every row.
create index ideas_location_needs_idx on public.ideas (created_at desc) where kind = 'location_need';

-- One page of the triage table: every idea in every status, filtered and sorted, with the total
-- (up to 10,000; `more` says there are more).
-- Security definer for the same reason as search_ideas (index use for @@ and <% under RLS); it
-- checks the staff role itself. Filters (all optional): statuses (array), field, district (slug),
-- department (id or 'none'), assignee (uuid, or 'none'), kind, priority (or 'none'), tag, from /
-- to (dates, inclusive, Europe/Berlin), min_support / max_support, q (words in title or text, or
-- a similar title).
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
  conditions text[] := array['true'];
  order_by text;
  total bigint;
  items jsonb;
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
  -- the indexes on status, field, district, department, assignee, priority, kind, tags and search
  -- columns. Values are bound parameters of their own types ($1 = f, $2 … $12), never spliced into
  -- the text; typed (not cast from $1) so the planner sees them and can use partial indexes.
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
  if f ? 'tag' then conditions := conditions || 'i.tags @> array[lower($1 ->> ''tag'')]'::text; end if;
  if f_from is not null then conditions := conditions || 'i.created_at >= $4'::text; end if;
  if f_to is not null then conditions := conditions || 'i.created_at < $5'::text; end if;
  if f_min is not null then conditions := conditions || 'i.vote_count >= $11'::text; end if;
  if f_max is not null then conditions := conditions || 'i.vote_count <= $12'::text; end if;
  -- Words first (full text); only when no idea has them, titles that are similar (typos). Both
  -- at once would recheck thousands of trigram candidates on every search.
  if qn is not null then
    if exists (select 1 from public.ideas i
                where i.search_vector @@ websearch_to_tsquery('pg_catalog.german', qn)) then
      conditions := conditions || 'i.search_vector @@ websearch_to_tsquery(''pg_catalog.german'', $6)'::text;
    else
      conditions := conditions || '$6 operator(extensions.<%) i.title_search'::text;
    end if;
  end if;

  order_by := format('i.%I %s%s, i.created_at desc, i.id', sort,
    case when descending then 'desc' else 'asc' end,
    case when sort = 'priority' then ' nulls last' else '' end);

  -- Counting stops after 10,000 matches ("10,000+"): an exact count of a broad filter would read
  -- every row, and nobody pages through ten thousand ideas.
  execute format('select count(*) from (select 1 from public.ideas i where %s limit 10001) c',
                 array_to_string(conditions, ' and '))
    into total using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority, f_department,
          f_assignee, f_min, f_max;
  -- The page is sorted and cut first (an index can serve it), then numbered to keep its order.
  execute format(
    'select coalesce(jsonb_agg(to_jsonb(p) - ''n'' order by p.n), ''[]'')
       from (select row_number() over () as n, q.* from (
               select i.id, i.title, i.status, i.kind, i.field_slug, i.district_id,
                      i.department_id, i.assignee_id, i.priority, i.tags, i.vote_count,
                      i.comment_count, i.created_at, i.status_changed_at, i.version
                 from public.ideas i where %1$s order by %2$s limit %3$s offset %4$s) q) p',
    array_to_string(conditions, ' and '), order_by,
    greatest(1, least(coalesce(page_size, 50), 200)), greatest(0, coalesce(skip, 0)))
    into items using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority, f_department,
          f_assignee, f_min, f_max;
  return jsonb_build_object('total', least(total, 10000), 'more', total > 10000, 'items', items);
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
