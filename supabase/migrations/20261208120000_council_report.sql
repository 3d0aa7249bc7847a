-- The council report and exports a German office can open: the figures of a period (filtered by
-- field of action and department) for the dashboard, the printable status report and its PDF;
-- the dashboard's charts under the same filters; the staff export page by page under the triage
-- list's filters; the licence of the open-data files.

-- The licence the open-data files name (a Datenlizenz Deutschland identifier by default).
alter table public.settings
  add column open_data_licence text not null default 'dl-de/by-2-0'
    check (char_length(open_data_licence) between 2 and 120);

comment on column public.settings.open_data_licence is
  'The licence named in the open-data files (/daten/…): an identifier such as dl-de/by-2-0 or dl-de/zero-2-0, or CC-BY-4.0.';

-- Checks the report filters; the period in Europe/Berlin days, both ends included.
create function private.report_period(von date, bis date, out from_at timestamptz, out to_at timestamptz)
language plpgsql
stable
set search_path = ''
as $$
begin
  if von is not null and bis is not null and bis < von then
    perform private.fail('period_invalid', 'The end of the period lies before its start.');
  end if;
  from_at := von::timestamp at time zone 'Europe/Berlin';
  to_at := (bis + 1)::timestamp at time zone 'Europe/Berlin';
end;
$$;

revoke execute on function private.report_period(date, date) from public, anon, authenticated;

-- The figures of a status report (staff). Counted, like response_figures() on /agenda: ideas
-- received (every status but submitted and hidden: merged ones were received too) in the period
-- (created then), how many of those got an official answer (first public answer or public status
-- change, private.first_answer_at's rule) and the median days to it; apart from those, ideas
-- still awaiting approval and hidden ones. Without filters the figures equal response_figures().
-- Per field of action and per department the same, measures with on-track/overdue (overdue: the
-- target date has passed and the measure is neither done nor dropped), and the ideas first
-- answered in the period (the newest 200, and how many in all).
create function public.report_figures(
  von date default null,
  bis date default null,
  field text default null,
  department smallint default null
) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  period record;
  today date := (now() at time zone 'Europe/Berlin')::date;
  result jsonb;
begin
  perform private.require_role('staff');
  select * into period from private.report_period(von, bis);
  with answers as (
    -- The first official answer of each idea, one pass over the public events.
    select e.idea_id, min(e.created_at) as answered_at
      from public.idea_events e
     where not e.is_internal
       and (e.kind = 'answer'
            or (e.kind = 'status_change'
                and e.to_status not in ('submitted', 'published', 'hidden', 'merged')))
     group by 1
  ),
  chosen as (
    select i.id, i.title, i.status, i.field_slug, i.department_id, i.created_at, a.answered_at
      from public.ideas i
      left join answers a on a.idea_id = i.id
     where (report_figures.field is null or i.field_slug = report_figures.field)
       and (report_figures.department is null or i.department_id = report_figures.department)
  ),
  received as (
    select c.*, extract(epoch from c.answered_at - c.created_at) / 86400.0 as days
      from chosen c
     where c.status not in ('submitted', 'hidden')
       and (period.from_at is null or c.created_at >= period.from_at)
       and (period.to_at is null or c.created_at < period.to_at)
  ),
  measures as (
    select m.id, m.title, m.field_slug, m.status, m.progress, m.target_date, d.name as department,
           m.status not in ('done', 'dropped') and coalesce(m.target_date < today, false) as overdue
      from public.measures m
      left join public.departments d on d.id = m.department_id
     where (report_figures.field is null or m.field_slug = report_figures.field)
       and (report_figures.department is null or m.department_id = report_figures.department)
  )
  select jsonb_build_object(
    'period', jsonb_build_object('from', von, 'to', bis),
    'ideas', (select jsonb_build_object(
        'received', count(*),
        'answered', count(r.answered_at),
        'share_answered', case when count(*) = 0 then null
                               else round(count(r.answered_at)::numeric / count(*), 3) end,
        'median_days_to_answer', round((percentile_cont(0.5) within group (order by r.days))::numeric, 1),
        'supports', coalesce(sum(i.vote_count), 0))
        from received r join public.ideas i on i.id = r.id),
    'awaiting_approval', (select count(*) from chosen c where c.status = 'submitted'
        and (period.from_at is null or c.created_at >= period.from_at)
        and (period.to_at is null or c.created_at < period.to_at)),
    'hidden', (select count(*) from chosen c where c.status = 'hidden'
        and (period.from_at is null or c.created_at >= period.from_at)
        and (period.to_at is null or c.created_at < period.to_at)),
    'by_field', (select coalesce(jsonb_agg(jsonb_build_object('key', f.slug,
                   'received', coalesce(x.received, 0), 'answered', coalesce(x.answered, 0))
                   order by f.position, f.slug), '[]'::jsonb)
                 from public.fields_of_action f
                 left join (select r.field_slug, count(*) as received, count(r.answered_at) as answered
                              from received r group by 1) x on x.field_slug = f.slug
                where report_figures.field is null or f.slug = report_figures.field),
    'by_department', (select coalesce(jsonb_agg(jsonb_build_object('id', x.department_id,
                        'name', d.name, 'received', x.received, 'answered', x.answered,
                        'share_answered', round(x.answered::numeric / x.received, 3),
                        'median_days_to_answer', x.median)
                        order by d.name nulls last), '[]'::jsonb)
                      from (select r.department_id, count(*) as received, count(r.answered_at) as answered,
                                   round((percentile_cont(0.5) within group (order by r.days))::numeric, 1) as median
                              from received r group by 1) x
                      left join public.departments d on d.id = x.department_id),
    'measures', (select jsonb_build_object(
        'total', count(*),
        'done', count(*) filter (where m.status = 'done'),
        'dropped', count(*) filter (where m.status = 'dropped'),
        'overdue', count(*) filter (where m.overdue),
        'on_track', count(*) filter (where m.status not in ('done', 'dropped') and not m.overdue),
        'items', coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'title', m.title,
                   'field_slug', m.field_slug, 'department', m.department, 'status', m.status,
                   'progress', m.progress, 'target_date', m.target_date, 'overdue', m.overdue)
                   order by m.overdue desc, m.target_date nulls last, m.title), '[]'::jsonb))
        from measures m),
    'answered_ideas', (select jsonb_build_object(
        'total', (select count(*) from chosen c where c.answered_at is not null
                    and (period.from_at is null or c.answered_at >= period.from_at)
                    and (period.to_at is null or c.answered_at < period.to_at)),
        'items', coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'title', a.title,
                   'status', a.status, 'field_slug', a.field_slug, 'department', d.name,
                   'answered_at', a.answered_at) order by a.answered_at desc, a.id), '[]'::jsonb))
        from (select c.* from chosen c
               where c.answered_at is not null
                 and (period.from_at is null or c.answered_at >= period.from_at)
                 and (period.to_at is null or c.answered_at < period.to_at)
               order by c.answered_at desc, c.id
               limit 200) a
        left join public.departments d on d.id = a.department_id)
  ) into result;
  return result;
end;
$$;

comment on function public.report_figures(date, date, text, smallint) is
  'Staff: the status report of a period (Europe/Berlin days), filtered by field of action and department: ideas received and answered (as response_figures counts), per field and department, measures on track and overdue, ideas answered in the period.';

revoke execute on function public.report_figures(date, date, text, smallint) from public, anon;
grant execute on function public.report_figures(date, date, text, smallint) to authenticated;

-- The dashboard's charts under the report's filters: ideas and supports per week (the period, or
-- the last 26 weeks), ideas by field, district, kind and status (every status: the status chart
-- shows them all) created in the period, open reports and the density grid. The key figures come
-- from report_figures(), counted as /agenda counts.
drop function public.dashboard_stats(date);

create function public.dashboard_stats(
  since date default null,
  until date default null,
  field text default null,
  department smallint default null
) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  period record;
  start_at timestamptz;
  end_at timestamptz;
  result jsonb;
begin
  perform private.require_role('staff');
  select * into period from private.report_period(since, until);
  start_at := coalesce(period.from_at, date_trunc('week', now(), 'Europe/Berlin') - interval '25 weeks');
  end_at := coalesce(period.to_at, now());
  if start_at < now() - interval '5 years' then
    perform private.fail('since_invalid', 'The time series reaches back at most five years.');
  end if;
  with chosen as (
    select i.id, i.created_at, i.field_slug, i.district_id, i.kind, i.status, i.vote_count, i.lat, i.lng
      from public.ideas i
     where (dashboard_stats.field is null or i.field_slug = dashboard_stats.field)
       and (dashboard_stats.department is null or i.department_id = dashboard_stats.department)
       and (period.from_at is null or i.created_at >= period.from_at)
       and (period.to_at is null or i.created_at < period.to_at)
  ),
  weeks as (
    select generate_series(date_trunc('week', start_at, 'Europe/Berlin'), date_trunc('week', end_at - interval '1 microsecond', 'Europe/Berlin'),
                           interval '1 week', 'Europe/Berlin') as week
  ),
  idea_weeks as (
    select date_trunc('week', i.created_at, 'Europe/Berlin') as week, count(*) as n
      from public.ideas i
     where i.created_at >= date_trunc('week', start_at, 'Europe/Berlin') and i.created_at < end_at
       and (dashboard_stats.field is null or i.field_slug = dashboard_stats.field)
       and (dashboard_stats.department is null or i.department_id = dashboard_stats.department)
     group by 1
  ),
  vote_weeks as (
    select date_trunc('week', v.created_at, 'Europe/Berlin') as week, count(*) as n
      from public.votes v
     where v.created_at >= date_trunc('week', start_at, 'Europe/Berlin') and v.created_at < end_at
       and (dashboard_stats.field is null and dashboard_stats.department is null
            or exists (select 1 from public.ideas i where i.id = v.idea_id
                        and (dashboard_stats.field is null or i.field_slug = dashboard_stats.field)
                        and (dashboard_stats.department is null or i.department_id = dashboard_stats.department)))
     group by 1
  )
  select jsonb_build_object(
    'weeks', (select coalesce(jsonb_agg(jsonb_build_object(
                 'week', to_char(w.week at time zone 'Europe/Berlin', 'YYYY-MM-DD'),
                 'ideas', coalesce(iw.n, 0),
                 'supports', coalesce(vw.n, 0)) order by w.week), '[]'::jsonb)
                from weeks w
                left join idea_weeks iw on iw.week = w.week
                left join vote_weeks vw on vw.week = w.week),
    'by_field', (select coalesce(jsonb_agg(jsonb_build_object('key', f.slug, 'ideas', coalesce(x.n, 0),
                   'supports', coalesce(x.s, 0)) order by f.position, f.slug), '[]'::jsonb)
                 from public.fields_of_action f
                 left join (select c.field_slug, count(*) as n, sum(c.vote_count) as s
                              from chosen c group by 1) x on x.field_slug = f.slug
                where dashboard_stats.field is null or f.slug = dashboard_stats.field),
    'by_district', (select coalesce(jsonb_agg(jsonb_build_object('key', coalesce(d.slug, ''),
                      'name', d.name, 'ideas', x.n, 'supports', x.s) order by d.position nulls last, d.name), '[]'::jsonb)
                    from (select c.district_id, count(*) as n, sum(c.vote_count) as s
                            from chosen c group by 1) x
                    left join public.districts d on d.id = x.district_id),
    'by_kind', (select coalesce(jsonb_agg(jsonb_build_object('key', x.kind, 'ideas', x.n,
                  'supports', x.s) order by x.kind), '[]'::jsonb)
                from (select c.kind, count(*) as n, sum(c.vote_count) as s from chosen c group by 1) x),
    'by_status', (select coalesce(jsonb_agg(jsonb_build_object('key', x.status, 'ideas', x.n,
                    'supports', x.s) order by x.status), '[]'::jsonb)
                  from (select c.status, count(*) as n, sum(c.vote_count) as s from chosen c group by 1) x),
    'open_reports', (select count(*) from public.reports r where r.status = 'open'),
    -- About 1 km cells (0.01° latitude, 0.015° longitude at German latitudes), busiest first.
    'density', (select coalesce(jsonb_agg(jsonb_build_object('lat', c.lat, 'lng', c.lng, 'ideas', c.n)
                  order by c.n desc), '[]'::jsonb)
                from (select round((floor(c.lat / 0.01) * 0.01 + 0.005)::numeric, 4) as lat,
                             round((floor(c.lng / 0.015) * 0.015 + 0.0075)::numeric, 4) as lng,
                             count(*) as n
                        from chosen c
                       where c.status not in ('submitted', 'hidden', 'merged')
                         and c.lat is not null
                       group by 1, 2
                       order by 3 desc
                       limit 50) c)
  ) into result;
  return result;
end;
$$;

comment on function public.dashboard_stats(date, date, text, smallint) is
  'Staff dashboard charts under the report filters (period, field of action, department): ideas and supports per week, by field, district, kind and status, open reports, density grid.';

revoke execute on function public.dashboard_stats(date, date, text, smallint) from public, anon;
grant execute on function public.dashboard_stats(date, date, text, smallint) to authenticated;

-- The staff export, one page after another by id (keyset: `after` is the last id of the previous
-- page), under the triage list's filters (the keys of staff_list_ideas; `q` matches words, or, when
-- no idea has them, similar titles, as there). Each row carries what an office needs beside the
-- idea: district, department, assignee's name, the latest official answer, the measures it is
-- linked to. Staff only; no author, no e-mail.
create function public.staff_export_ideas(
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

comment on function public.staff_export_ideas(jsonb, uuid, integer) is
  'Staff: one page of the idea export (keyset by id) under the triage filters, with district, department, assignee, latest official answer and linked measures.';

revoke execute on function public.staff_export_ideas(jsonb, uuid, integer) from public, anon;
grant execute on function public.staff_export_ideas(jsonb, uuid, integer) to authenticated;
