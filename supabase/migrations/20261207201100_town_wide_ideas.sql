-- Town-wide ideas ("betrifft die ganze Stadt"): an idea without a point. Many ideas for a
-- digital agenda concern no place (an online service, open data), and a point in some district's
-- middle said something untrue about them. Such an idea has neither lat nor lng (never only one),
-- lies in no district, and is on no map (no cell, not in a box or near a point) but in every list
-- and search; GeoJSON exports give it a null geometry (RFC 7946, 3.2).

alter table public.ideas alter column lat drop not null, alter column lng drop not null;
alter table public.ideas add constraint ideas_point_whole check ((lat is null) = (lng is null));

comment on column public.ideas.lat is
  'Latitude of the idea''s point (WGS 84); null with lng for an idea that concerns the whole town.';
comment on column public.ideas.lng is
  'Longitude of the idea''s point (WGS 84); null with lat for an idea that concerns the whole town.';

-- Checks a point, as before; no point at all is a town-wide idea (no district). Place alerts call
-- it only for a point, so they still need both halves.
create or replace function private.check_location(lat double precision, lng double precision) returns smallint
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  area polygon;
begin
  -- No point at all: the idea concerns the whole town (it lies in no district).
  if check_location.lat is null and check_location.lng is null then
    return null;
  end if;
  if check_location.lat is null or check_location.lng is null then
    perform private.fail('location_required', 'A point needs both lat and lng.');
  end if;
  if check_location.lat = 'NaN'::float8 or check_location.lng = 'NaN'::float8
     or check_location.lat not between -90 and 90 or check_location.lng not between -180 and 180 then
    perform private.fail('location_invalid', 'lat must lie in [-90, 90] and lng in [-180, 180].');
  end if;
  select s.boundary into area from public.settings s;
  if area is not null and not (area @> point(check_location.lng, check_location.lat)) then
    perform private.fail('location_outside_boundary', 'The point lies outside the municipality.');
  end if;
  return (
    select d.id from public.districts d
     where d.area @> point(check_location.lng, check_location.lat)
     order by d.position, d.id
     limit 1
  );
end;
$$;


-- The map's cells count only ideas with a point.
create or replace function private.ideas_map_cells() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  counted constant public.idea_status[] :=
    array['published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented'];
  mappable constant public.idea_status[] :=
    array['published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented', 'declined'];
  -- A town-wide idea (no point) is on no map: it has no cell.
  was_counted boolean := tg_op <> 'INSERT' and old.status = any (counted) and old.lat is not null;
  now_counted boolean := tg_op <> 'DELETE' and new.status = any (counted) and new.lat is not null;
  was_mapped boolean := tg_op <> 'INSERT' and old.status = any (mappable) and old.lat is not null;
  now_mapped boolean := tg_op <> 'DELETE' and new.status = any (mappable) and new.lat is not null;
  same_place boolean := tg_op = 'UPDATE' and old.lat is not distinct from new.lat
                         and old.lng is not distinct from new.lng;
begin
  if not (was_counted and now_counted and same_place and old.kind = new.kind) then
    if was_counted then
      update private.idea_cells c
         set n = c.n - 1, sum_lat = c.sum_lat - old.lat, sum_lng = c.sum_lng - old.lng
        from generate_series(8, 16) z
       where c.zoom = z and c.kind = old.kind and c.cx = floor(old.lng / private.cell_lng(z))::integer
         and c.cy = floor(old.lat / private.cell_lat(z))::integer;
    end if;
    if now_counted then
      insert into private.idea_cells as c (zoom, kind, cx, cy, n, sum_lat, sum_lng)
      select z, new.kind, floor(new.lng / private.cell_lng(z)), floor(new.lat / private.cell_lat(z)), 1,
             new.lat, new.lng
        from generate_series(8, 16) z
      on conflict (zoom, kind, cx, cy) do update
        set n = c.n + 1, sum_lat = c.sum_lat + excluded.sum_lat, sum_lng = c.sum_lng + excluded.sum_lng;
    end if;
  end if;

  if was_mapped and now_mapped and same_place and old.status = new.status
     and old.field_slug = new.field_slug and old.kind = new.kind then
    return null;
  end if;
  if was_mapped then
    update private.idea_facet_cells c
       set n = c.n - 1, sum_lat = c.sum_lat - old.lat, sum_lng = c.sum_lng - old.lng
      from generate_series(8, 16) z
     where c.zoom = z and c.field_slug = old.field_slug and c.kind = old.kind and c.status = old.status
       and c.cx = floor(old.lng / private.cell_lng(z))::integer
       and c.cy = floor(old.lat / private.cell_lat(z))::integer;
  end if;
  if now_mapped then
    insert into private.idea_facet_cells as c (zoom, field_slug, kind, status, cx, cy, n, sum_lat, sum_lng)
    select z, new.field_slug, new.kind, new.status,
           floor(new.lng / private.cell_lng(z)), floor(new.lat / private.cell_lat(z)), 1, new.lat, new.lng
      from generate_series(8, 16) z
    on conflict (zoom, field_slug, kind, status, cx, cy) do update
      set n = c.n + 1, sum_lat = c.sum_lat + excluded.sum_lat, sum_lng = c.sum_lng + excluded.sum_lng;
  end if;
  return null;
end;
$$;


create or replace function private.rebuild_idea_cells() returns void
language sql
security definer
set search_path = ''
as $$
  delete from private.idea_cells;
  insert into private.idea_cells (zoom, kind, cx, cy, n, sum_lat, sum_lng)
  select z, i.kind, floor(i.lng / private.cell_lng(z)), floor(i.lat / private.cell_lat(z)),
         count(*), sum(i.lat), sum(i.lng)
    from public.ideas i, generate_series(8, 16) z
   where i.status in ('published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented')
     and i.lat is not null
   group by 1, 2, 3, 4
   order by 1, 2, 3, 4;
  delete from private.idea_facet_cells;
  insert into private.idea_facet_cells (zoom, field_slug, kind, status, cx, cy, n, sum_lat, sum_lng)
  select z, i.field_slug, i.kind, i.status, floor(i.lng / private.cell_lng(z)), floor(i.lat / private.cell_lat(z)),
         count(*), sum(i.lat), sum(i.lng)
    from public.ideas i, generate_series(8, 16) z
   where i.status in ('published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented', 'declined')
     and i.lat is not null
   group by 1, 2, 3, 4, 5, 6
   -- In key order: a view's cells then lie on few pages.
   order by 1, 2, 3, 4, 5, 6;
$$;

-- The staff dashboard's density grid: places only (a town-wide idea still counts everywhere else).
create or replace function public.dashboard_stats(since date default null) returns jsonb
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
                         and i.lat is not null
                       group by 1, 2
                       order by 3 desc
                       limit 50) c)
  ) into result;
  return result;
end;
$$;
