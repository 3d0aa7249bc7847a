-- Public accountability and the staff dashboard: response figures everyone may see (aggregates
-- only) and the dashboard's statistics for staff, each computed in one call.

-- When an idea got its first official answer: the first public answer, or the first public status
-- change beyond publication (under review, accepted, declined, …: those carry a public reason).
-- Approval (submitted → published), hiding and merging are moderation, not an answer.
create function private.first_answer_at(idea uuid) returns timestamptz
language sql
stable
set search_path = ''
as $$
  select min(e.created_at)
    from public.idea_events e
   where e.idea_id = first_answer_at.idea
     and not e.is_internal
     and (e.kind = 'answer'
          or (e.kind = 'status_change'
              and e.to_status not in ('submitted', 'published', 'hidden', 'merged')))
$$;

revoke execute on function private.first_answer_at(uuid) from public, anon, authenticated;

-- Ideas received (public ones, merged included: they were received), how many got an official
-- answer, that share, and the median days from submission to the first answer. Everyone; only
-- aggregates, so definer rights reveal nothing about single ideas.
create function public.response_figures() returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  with received as (
    select i.created_at, private.first_answer_at(i.id) as answered_at
      from public.ideas i
     where i.status not in ('submitted', 'hidden')
  )
  select jsonb_build_object(
    'received', count(*),
    'answered', count(answered_at),
    'share_answered', case when count(*) = 0 then null
                           else round(count(answered_at)::numeric / count(*), 3) end,
    'median_days_to_answer', round((percentile_cont(0.5) within group (
        order by extract(epoch from answered_at - created_at) / 86400.0))::numeric, 1)
  )
  from received
$$;

comment on function public.response_figures() is
  'Public response figures: ideas received, answered, share answered, median days to the first official answer.';

revoke execute on function public.response_figures() from public;
grant execute on function public.response_figures() to anon, authenticated;

-- The dashboard in one call (staff): ideas and supports per week, ideas by field of action,
-- district, kind and status, open reports, median days to the first answer, and a density grid
-- (counts per ~1 km cell of public ideas). `since` limits the time series (default: 26 weeks).
create function public.dashboard_stats(since date default null) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  start_at timestamptz := coalesce(since::timestamptz, date_trunc('week', now()) - interval '25 weeks');
  result jsonb;
begin
  perform private.require_role('staff');
  if start_at < now() - interval '5 years' then
    perform private.fail('since_invalid', 'The time series reaches back at most five years.');
  end if;
  with weeks as (
    select generate_series(date_trunc('week', start_at), date_trunc('week', now()), interval '1 week') as week
  ),
  idea_weeks as (
    select date_trunc('week', i.created_at) as week, count(*) as n
      from public.ideas i where i.created_at >= date_trunc('week', start_at) group by 1
  ),
  vote_weeks as (
    select date_trunc('week', v.created_at) as week, count(*) as n
      from public.votes v where v.created_at >= date_trunc('week', start_at) group by 1
  )
  select jsonb_build_object(
    'weeks', (select coalesce(jsonb_agg(jsonb_build_object(
                 'week', to_char(w.week, 'YYYY-MM-DD'),
                 'ideas', coalesce(iw.n, 0),
                 'supports', coalesce(vw.n, 0)) order by w.week), '[]'::jsonb)
                from weeks w
                left join idea_weeks iw on iw.week = w.week
                left join vote_weeks vw on vw.week = w.week),
    'by_field', (select coalesce(jsonb_agg(jsonb_build_object('key', f.slug, 'ideas', coalesce(x.n, 0),
                   'supports', coalesce(x.s, 0)) order by f.position, f.slug), '[]'::jsonb)
                 from public.fields_of_action f
                 left join (select i.field_slug, count(*) as n, sum(i.vote_count) as s
                              from public.ideas i group by 1) x on x.field_slug = f.slug),
    'by_district', (select coalesce(jsonb_agg(jsonb_build_object('key', coalesce(d.slug, ''),
                      'name', d.name, 'ideas', x.n, 'supports', x.s) order by d.position nulls last, d.name), '[]'::jsonb)
                    from (select i.district_id, count(*) as n, sum(i.vote_count) as s
                            from public.ideas i group by 1) x
                    left join public.districts d on d.id = x.district_id),
    'by_kind', (select coalesce(jsonb_agg(jsonb_build_object('key', x.kind, 'ideas', x.n,
                  'supports', x.s) order by x.kind), '[]'::jsonb)
                from (select i.kind, count(*) as n, sum(i.vote_count) as s from public.ideas i group by 1) x),
    'by_status', (select coalesce(jsonb_agg(jsonb_build_object('key', x.status, 'ideas', x.n,
                    'supports', x.s) order by x.status), '[]'::jsonb)
                  from (select i.status, count(*) as n, sum(i.vote_count) as s from public.ideas i group by 1) x),
    'open_reports', (select count(*) from public.reports r where r.status = 'open'),
    'median_days_to_answer', (public.response_figures() -> 'median_days_to_answer'),
    -- About 1 km cells (0.01° latitude, 0.015° longitude at German latitudes), busiest first.
    'density', (select coalesce(jsonb_agg(jsonb_build_object('lat', c.lat, 'lng', c.lng, 'ideas', c.n)
                  order by c.n desc), '[]'::jsonb)
                from (select round((floor(i.lat / 0.01) * 0.01 + 0.005)::numeric, 4) as lat,
                             round((floor(i.lng / 0.015) * 0.015 + 0.0075)::numeric, 4) as lng,
                             count(*) as n
                        from public.ideas i
                       where i.status not in ('submitted', 'hidden', 'merged')
                       group by 1, 2
                       order by 3 desc
                       limit 50) c)
  ) into result;
  return result;
end;
$$;

comment on function public.dashboard_stats(date) is
  'Staff dashboard: ideas and supports per week, by field, district, kind and status, open reports, median days to answer, density grid.';

revoke execute on function public.dashboard_stats(date) from public, anon;
grant execute on function public.dashboard_stats(date) to authenticated;
