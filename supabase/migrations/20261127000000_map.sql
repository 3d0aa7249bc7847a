-- The map: ideas inside a bounding box (ideas_in_bbox()), as points when few and as clusters when
-- many, from precomputed cells at zoom 8–16.

-- Map cells: how many public ideas lie in each grid cell at zoom levels 8–16, kept by a trigger,
-- so the unfiltered map of a whole town is a lookup of a few hundred rows instead of an
-- aggregation over every idea. Cells are about 64 px wide (a quarter of a 256-px tile) and, at
-- German latitudes, about square. Private: read through ideas_in_bbox().
create function private.cell_lng(zoom integer) returns double precision
language sql immutable parallel safe set search_path = ''
as $$ select 90.0 / power(2, zoom) $$;

create function private.cell_lat(zoom integer) returns double precision
language sql immutable parallel safe set search_path = ''
as $$ select 0.64 * 90.0 / power(2, zoom) $$;

grant execute on function private.cell_lng(integer), private.cell_lat(integer) to anon, authenticated, service_role;

create table private.idea_cells (
  zoom smallint not null,
  kind public.idea_kind not null,
  cx integer not null,
  cy integer not null,
  n integer not null,
  sum_lat double precision not null,
  sum_lng double precision not null,
  primary key (zoom, kind, cx, cy)
);

comment on table private.idea_cells is
  'Per-cell counts of public (published … implemented) ideas by kind for zoom 8–16; maintained by a trigger on ideas.';

-- The same cells split by field of action, kind and status (every status the map may show,
-- declined included), so a map filtered by those reads a few thousand cell rows instead of
-- aggregating every matching idea. Key order: equality columns first (the function passes
-- arrays for all three), then the x range.
create table private.idea_facet_cells (
  zoom smallint not null,
  field_slug text not null,
  kind public.idea_kind not null,
  status public.idea_status not null,
  cx integer not null,
  cy integer not null,
  n integer not null,
  sum_lat double precision not null,
  sum_lng double precision not null,
  primary key (zoom, field_slug, kind, status, cx, cy)
);

comment on table private.idea_facet_cells is
  'Per-cell counts of ideas the map may show (published … implemented, declined) by field, kind and status, zoom 8–16; maintained by a trigger on ideas.';

create function private.ideas_map_cells() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  counted constant public.idea_status[] :=
    array['published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented'];
  mappable constant public.idea_status[] :=
    array['published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented', 'declined'];
  was_counted boolean := tg_op <> 'INSERT' and old.status = any (counted);
  now_counted boolean := tg_op <> 'DELETE' and new.status = any (counted);
  was_mapped boolean := tg_op <> 'INSERT' and old.status = any (mappable);
  now_mapped boolean := tg_op <> 'DELETE' and new.status = any (mappable);
  same_place boolean := tg_op = 'UPDATE' and old.lat = new.lat and old.lng = new.lng;
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

revoke execute on function private.ideas_map_cells() from public;

create trigger ideas_map_cells
  after insert or delete or update of status, lat, lng, field_slug, kind on public.ideas
  for each row execute function private.ideas_map_cells();

-- Recomputes every cell (after bulk loads that disabled the trigger).
create function private.rebuild_idea_cells() returns void
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
   group by 1, 2, 3, 4
   order by 1, 2, 3, 4;
  delete from private.idea_facet_cells;
  insert into private.idea_facet_cells (zoom, field_slug, kind, status, cx, cy, n, sum_lat, sum_lng)
  select z, i.field_slug, i.kind, i.status, floor(i.lng / private.cell_lng(z)), floor(i.lat / private.cell_lat(z)),
         count(*), sum(i.lat), sum(i.lng)
    from public.ideas i, generate_series(8, 16) z
   where i.status in ('published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented', 'declined')
   group by 1, 2, 3, 4, 5, 6
   -- In key order: a view's cells then lie on few pages.
   order by 1, 2, 3, 4, 5, 6;
$$;

revoke execute on function private.rebuild_idea_cells() from public;

-- The cells inside a box at one zoom level (definer: the table is private). The ranges are cast
-- to integer so that the primary key serves them (an integer column compared with a double
-- precision value cannot use the index).
create function private.map_cells(zoom integer, area box, kinds public.idea_kind[]) returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'mode', 'clusters',
    'total', coalesce(sum(g.n), 0),
    'cell', jsonb_build_object('lat', private.cell_lat(map_cells.zoom), 'lng', private.cell_lng(map_cells.zoom)),
    'items', coalesce(jsonb_agg(jsonb_build_object(
      'lat', round((g.sum_lat / g.n)::numeric, 6), 'lng', round((g.sum_lng / g.n)::numeric, 6),
      'count', g.n)), '[]'::jsonb))
  from (
    select sum(c.n)::integer as n, sum(c.sum_lat) as sum_lat, sum(c.sum_lng) as sum_lng
      from private.idea_cells c
     where c.zoom = map_cells.zoom
       and c.kind = any (map_cells.kinds)
       and c.cx between floor((area[1])[0] / private.cell_lng(map_cells.zoom))::integer
                    and floor((area[0])[0] / private.cell_lng(map_cells.zoom))::integer
       and c.cy between floor((area[1])[1] / private.cell_lat(map_cells.zoom))::integer
                    and floor((area[0])[1] / private.cell_lat(map_cells.zoom))::integer
       and c.n > 0
     group by c.cx, c.cy
  ) g
$$;

revoke execute on function private.map_cells(integer, box, public.idea_kind[]) from public;
grant execute on function private.map_cells(integer, box, public.idea_kind[]) to anon, authenticated, service_role;

-- The same for a map filtered by fields, kinds and statuses (all three given as arrays).
create function private.map_facet_cells(
  zoom integer,
  area box,
  fields text[],
  kinds public.idea_kind[],
  statuses public.idea_status[]
) returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'mode', 'clusters',
    'total', coalesce(sum(g.n), 0),
    'cell', jsonb_build_object('lat', private.cell_lat(map_facet_cells.zoom), 'lng', private.cell_lng(map_facet_cells.zoom)),
    'items', coalesce(jsonb_agg(jsonb_build_object(
      'lat', round((g.sum_lat / g.n)::numeric, 6), 'lng', round((g.sum_lng / g.n)::numeric, 6),
      'count', g.n)), '[]'::jsonb))
  from (
    select sum(c.n)::integer as n, sum(c.sum_lat) as sum_lat, sum(c.sum_lng) as sum_lng
      from private.idea_facet_cells c
     where c.zoom = map_facet_cells.zoom
       and c.field_slug = any (map_facet_cells.fields)
       and c.kind = any (map_facet_cells.kinds)
       and c.status = any (map_facet_cells.statuses)
       and c.cx between floor((area[1])[0] / private.cell_lng(map_facet_cells.zoom))::integer
                    and floor((area[0])[0] / private.cell_lng(map_facet_cells.zoom))::integer
       and c.cy between floor((area[1])[1] / private.cell_lat(map_facet_cells.zoom))::integer
                    and floor((area[0])[1] / private.cell_lat(map_facet_cells.zoom))::integer
       and c.n > 0
     group by c.cx, c.cy
  ) g
$$;

revoke execute on function private.map_facet_cells(integer, box, text[], public.idea_kind[], public.idea_status[]) from public;
grant execute on function private.map_facet_cells(integer, box, text[], public.idea_kind[], public.idea_status[])
  to anon, authenticated, service_role;

-- Filters shared by the map, search and the staff list: {"fields": [...], "statuses": [...],
-- "kind": "...", "need_types": [...], "district": "slug"}; "field"/"status" may be single strings.
create function private.filter_array(filters jsonb, plural text, singular text) returns text[]
language sql
immutable
set search_path = ''
as $$
  select case
    when jsonb_typeof(filters -> plural) = 'array'
      then array(select jsonb_array_elements_text(filters -> plural))
    when jsonb_typeof(filters -> singular) = 'string' then array[filters ->> singular]
    when jsonb_typeof(filters -> plural) = 'string' then array[filters ->> plural]
  end
$$;

revoke execute on function private.filter_array(jsonb, text, text) from public;
grant execute on function private.filter_array(jsonb, text, text) to anon, authenticated, service_role;

-- Why the read functions of the map and search (ideas_in_bbox here; search_ideas, count_ideas and
-- similar_ideas in the search file) are security definer: under row-level security PostgreSQL
-- may not use an index for operators that are not leakproof (`<@` on points, `@@` on tsvectors,
-- `<%` of pg_trgm) before the policy's filter, so every call would be a sequential scan (~200 ms
-- at 100,000 ideas). They only ever return public statuses, which they enforce themselves.
--
-- The map: ideas inside a bounding box. Few → points with what a marker needs; many → clusters
-- computed in the database on a grid that shrinks with the zoom level (about 64 px per cell), so
-- the client never downloads 100,000 markers. Default statuses: the open and finished ones (not
-- declined, merged or hidden).
create function public.ideas_in_bbox(
  min_lat double precision,
  min_lng double precision,
  max_lat double precision,
  max_lng double precision,
  zoom integer default 14,
  filters jsonb default '{}'::jsonb
) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  area box;
  f_fields text[] := private.filter_array(filters, 'fields', 'field');
  f_statuses public.idea_status[];
  f_kind public.idea_kind := (filters ->> 'kind')::public.idea_kind;
  f_kinds public.idea_kind[];
  f_need public.need_type[] := private.filter_array(filters, 'need_types', 'need_type')::public.need_type[];
  f_district smallint;
  threshold integer;
  n integer;
  cell_lng double precision;
  cell_lat double precision;
  result jsonb;
begin
  if min_lat is null or min_lng is null or max_lat is null or max_lng is null
     or 'NaN'::float8 in (min_lat, min_lng, max_lat, max_lng)
     or min_lat not between -90 and 90 or max_lat not between -90 and 90
     or min_lng not between -180 and 180 or max_lng not between -180 and 180
     or min_lat > max_lat or min_lng > max_lng then
    perform private.fail('bbox_invalid', 'Give min_lat <= max_lat and min_lng <= max_lng in range.');
  end if;
  zoom := greatest(0, least(coalesce(zoom, 14), 22));
  -- Only public statuses, whatever the filter asks for: the function reads past row-level security
  -- (see above), so it enforces visibility itself.
  f_statuses := array(
    select unnest(coalesce(
      private.filter_array(filters, 'statuses', 'status')::public.idea_status[],
      array['published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented']::public.idea_status[]))
    intersect
    select unnest(array['published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented',
                        'declined']::public.idea_status[])
  );
  if filters ? 'district' then
    select d.id into f_district from public.districts d where d.slug = filters ->> 'district';
    if not found then
      perform private.fail('district_unknown', 'No such district.');
    end if;
  end if;
  select s.map_cluster_threshold into threshold from public.settings s;
  area := box(point(min_lng, min_lat), point(max_lng, max_lat));

  -- At zoom 8–16 the map reads precomputed cells and shows points only when the cells say there
  -- are few: with the default statuses and no field filter the cells by kind, a map filtered by
  -- fields or statuses the cells split by field, kind and status. Need types and districts
  -- aggregate below.
  if zoom between 8 and 16 and f_need is null and f_district is null then
    f_kinds := case when f_kind is null then enum_range(null::public.idea_kind) else array[f_kind] end;
    if f_fields is null and not (filters ? 'statuses' or filters ? 'status') then
      result := private.map_cells(zoom, area, f_kinds);
    else
      result := private.map_facet_cells(
        zoom, area, coalesce(f_fields, array(select f.slug from public.fields_of_action f)), f_kinds,
        f_statuses);
    end if;
    if (result ->> 'total')::integer > threshold then
      return result;
    end if;
  end if;

  select count(*) into n from (
    select 1 from public.ideas i
     where i.location <@ area
       and i.status = any (f_statuses)
       and (f_fields is null or i.field_slug = any (f_fields))
       and (f_kind is null or i.kind = f_kind)
       and (f_need is null or i.need_type = any (f_need))
       and (f_district is null or i.district_id = f_district)
     limit threshold + 1
  ) few;

  if n <= threshold or zoom >= 19 then
    select coalesce(jsonb_agg(jsonb_build_object(
             'id', i.id, 'lat', i.lat, 'lng', i.lng, 'title', i.title, 'status', i.status,
             'kind', i.kind, 'field_slug', i.field_slug, 'vote_count', i.vote_count)), '[]'::jsonb)
      into result
      from (
        select i.* from public.ideas i
         where i.location <@ area
           and i.status = any (f_statuses)
           and (f_fields is null or i.field_slug = any (f_fields))
           and (f_kind is null or i.kind = f_kind)
           and (f_need is null or i.need_type = any (f_need))
           and (f_district is null or i.district_id = f_district)
         order by i.vote_count desc, i.id
         limit greatest(threshold, 1000)
      ) i;
    return jsonb_build_object('mode', 'points', 'total', jsonb_array_length(result), 'items', result);
  end if;

  -- Filtered maps aggregate here, on the same grid as the cells: 256-px tiles span 360 / 2^zoom degrees of
  -- longitude; a cell is a quarter of that (64 px), about square at German latitudes.
  cell_lng := private.cell_lng(zoom);
  cell_lat := private.cell_lat(zoom);
  select jsonb_build_object(
           'mode', 'clusters',
           'total', coalesce(sum(c.n), 0),
           'cell', jsonb_build_object('lat', cell_lat, 'lng', cell_lng),
           'items', coalesce(jsonb_agg(jsonb_build_object(
             'lat', round(c.lat::numeric, 6), 'lng', round(c.lng::numeric, 6), 'count', c.n)), '[]'::jsonb))
    into result
    from (
      select count(*)::integer as n, avg(i.lat) as lat, avg(i.lng) as lng
        from public.ideas i
       where i.location <@ area
         and i.status = any (f_statuses)
         and (f_fields is null or i.field_slug = any (f_fields))
         and (f_kind is null or i.kind = f_kind)
         and (f_need is null or i.need_type = any (f_need))
         and (f_district is null or i.district_id = f_district)
       group by floor(i.lat / cell_lat), floor(i.lng / cell_lng)
    ) c;
  return result;
end;
$$;

revoke execute on function public.ideas_in_bbox(double precision, double precision, double precision, double precision, integer, jsonb) from public;
grant execute on function public.ideas_in_bbox(double precision, double precision, double precision, double precision, integer, jsonb) to anon, authenticated;
