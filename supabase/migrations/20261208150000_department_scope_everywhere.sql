-- Issue 24's slices meet (ADR 015, 016, 017): three functions that two slices each defined whole.
-- * staff_list_ideas: the overdue filter and `awaiting` (staff queues) and the department scope
--   (a scoped staff member lists only their departments' ideas) together.
-- * staff_overdue_count: a scoped staff member counts only their departments' overdue ideas.
-- * staff_export_ideas ("export this view"): the same overdue filter and department scope as the
--   triage list it exports.

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
  -- A scoped member's departments (ADR 015); null: every idea.
  f_scope smallint[] := private.scope_departments();
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
  -- the indexes. Values are bound parameters of their own types ($1 = f, $2 … $14), never spliced
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
  if f_scope is not null then conditions := conditions || 'i.department_id = any ($14)'::text; end if;
  matching := array_to_string(conditions, ' and ');

  -- Counting stops after 1,000 matches ("more than 1,000"): an exact count of a broad filter
  -- reads a heap row per match, and nobody pages through a thousand ideas.
  execute format('select count(*) from (select 1 from public.ideas i where %s limit 1001) c', matching)
    into total using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority, f_department,
          f_assignee, f_min, f_max, similar_ids, f_scope;

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
              f_department, f_assignee, f_min, f_max, similar_ids, f_scope;
      if cardinality(ids) > 0 then
        ahead := skipped + cardinality(ids);
      elsif skipped > 0 then
        execute format('select count(*) from private.idea_support t
                          join public.ideas i on i.id = t.idea_id where %s', matching)
          into ahead using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority,
                f_department, f_assignee, f_min, f_max, similar_ids, f_scope;
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
              f_department, f_assignee, f_min, f_max, similar_ids, f_scope;
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
            f_assignee, f_min, f_max, similar_ids, f_scope;
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


create or replace function public.staff_overdue_count() returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  f_scope smallint[] := private.scope_departments();
begin
  perform private.require_role('staff');
  return (select count(*) from (
    select 1 from public.ideas i
     where i.status in ('published', 'under_review')
       and i.created_at <= now() - make_interval(days => (select s.answer_target_days from public.settings s))
       and private.awaits_answer(i.id, i.status)
       and (f_scope is null or i.department_id = any (f_scope))
     limit 1000) c);
end;
$$;

create or replace function public.staff_export_ideas(
  filters jsonb default '{}'::jsonb,
  after uuid default null,
  page_size integer default 1000
) returns table (
  id uuid,
  created_at timestamptz,
  status_changed_at timestamptz,
  title text,
  body text,
  place_hint text,
  kind public.idea_kind,
  need_type public.need_type,
  status public.idea_status,
  status_reason text,
  field_slug text,
  district text,
  department text,
  assignee text,
  priority public.idea_priority,
  tags text[],
  lat double precision,
  lng double precision,
  vote_count integer,
  comment_count integer,
  answer text,
  answered_at timestamptz,
  measures text
)
language plpgsql
stable
security definer
set search_path = ''
set pg_trgm.word_similarity_threshold = 0.6
as $$
#variable_conflict use_column
declare
  f jsonb := coalesce(filters, '{}'::jsonb);
  qn text := nullif(btrim(private.search_text(coalesce(f ->> 'q', ''))), '');
  words boolean := false;
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
  f_overdue boolean;
  -- A scoped member's departments (ADR 015); null: every idea.
  f_scope smallint[] := private.scope_departments();
  size integer := greatest(1, least(coalesce(page_size, 1000), 5000));
begin
  perform private.require_role('staff');
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
    f_overdue := coalesce((f ->> 'overdue')::boolean, false);
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
  if qn is not null then
    words := exists (select 1 from public.ideas i
                      where i.search_vector @@ websearch_to_tsquery('pg_catalog.german', qn));
  end if;
  -- The page's ids first (the primary key's order, from after on), then its columns and lookups:
  -- the answer and measure lookups run for these rows only.
  return query
    with page as materialized (
      select i.id
        from public.ideas i
       where i.id > coalesce(after, '00000000-0000-0000-0000-000000000000'::uuid)
         and (f_statuses is null or i.status = any (f_statuses))
         and (not f ? 'field' or i.field_slug = f ->> 'field')
         and (f_district is null or i.district_id = f_district)
         and (case when f ->> 'department' = 'none' then i.department_id is null
                   when f ? 'department' then i.department_id = f_department else true end)
         and (case when f ->> 'assignee' = 'none' then i.assignee_id is null
                   when f ? 'assignee' then i.assignee_id = f_assignee else true end)
         and (case when f ->> 'priority' = 'none' then i.priority is null
                   when f ? 'priority' then i.priority = f_priority else true end)
         and (f_kind is null or i.kind = f_kind)
         and (not f ? 'tag' or i.tags @> array[lower(f ->> 'tag')])
         and (f_from is null or i.created_at >= f_from)
         and (f_to is null or i.created_at < f_to)
         and (f_min is null or i.vote_count >= f_min)
         and (f_max is null or i.vote_count <= f_max)
         and (not f_overdue
              or (i.status in ('published', 'under_review')
                  and private.awaits_answer(i.id, i.status)
                  and i.created_at <= now() - make_interval(
                        days => (select s.answer_target_days from public.settings s))))
         and (f_scope is null or i.department_id = any (f_scope))
         and (qn is null
              or (words and i.search_vector @@ websearch_to_tsquery('pg_catalog.german', qn))
              or (not words and qn operator(extensions.<%) i.title_search))
       order by i.id
       limit size
    )
    select i.id, i.created_at, i.status_changed_at, i.title, i.body, i.place_hint, i.kind,
           i.need_type, i.status, i.status_reason, i.field_slug, dis.name, dep.name, p.display_name,
           i.priority, i.tags, i.lat, i.lng, i.vote_count, i.comment_count,
           (select e.body from public.idea_events e
             where e.idea_id = i.id and e.kind = 'answer' and not e.is_internal
             order by e.created_at desc limit 1),
           (select max(e.created_at) from public.idea_events e
             where e.idea_id = i.id and e.kind = 'answer' and not e.is_internal),
           (select string_agg(m.title, '; ' order by m.title)
              from public.measure_ideas mi join public.measures m on m.id = mi.measure_id
             where mi.idea_id = i.id)
      from page
      join public.ideas i on i.id = page.id
      left join public.districts dis on dis.id = i.district_id
      left join public.departments dep on dep.id = i.department_id
      left join public.profiles p on p.id = i.assignee_id
     order by i.id;
end;
$$;

