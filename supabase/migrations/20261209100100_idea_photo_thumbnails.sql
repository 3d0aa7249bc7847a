-- The list's idea cards and the map's popups show an idea's first photo as a thumbnail (issue 22,
-- ADR 020), without a query of their own: search_ideas() gains a column `photo` and
-- ideas_in_bbox()'s points an item key `photo` — {id, alt, width, height} of the first shown
-- photo (lowest position, stored, not hidden), or null. Both list public ideas only, where "shown"
-- is exactly who may see a photo (private.idea_photo_visible: everyone). The idea page reads its
-- photos by embedding idea_photos (row-level security decides, as for the idea).
--
-- The functions stay as they were, under private names; the public ones add the photo to their
-- rows, in their order, with one index lookup per idea (a lateral join on the partial index below).
-- Measured (EXPLAIN ANALYZE, median of 31, a busy 2-core machine) on 30,000 ideas (seed:large),
-- every third with three stored photos: a street view at zoom 17 (about 25 points) 0.36 → 0.62 ms,
-- the town at zoom 13 (clusters: no photos) 1.3 ms either way, a list page of 21 newest
-- 0.28 → 0.37 ms, a full-text search page 1.9 → 2.0 ms.

create index idea_photos_shown_idx on public.idea_photos (idea_id, position)
  where stored_at is not null and hidden_at is null;

alter function public.search_ideas(text, jsonb, text, integer, integer, double precision, double precision)
  rename to search_idea_rows;
alter function public.search_idea_rows(text, jsonb, text, integer, integer, double precision, double precision)
  set schema private;
revoke execute on function private.search_idea_rows(text, jsonb, text, integer, integer, double precision, double precision)
  from public, anon, authenticated;

create function public.search_ideas(
  q text default null,
  filters jsonb default '{}'::jsonb,
  sort text default 'relevance',
  max_results integer default 20,
  skip integer default 0,
  near_lat double precision default null,
  near_lng double precision default null
) returns table (
  id uuid,
  title text,
  excerpt text,
  status public.idea_status,
  kind public.idea_kind,
  field_slug text,
  district_id smallint,
  lat double precision,
  lng double precision,
  vote_count integer,
  comment_count integer,
  created_at timestamptz,
  rank real,
  distance_m integer,
  photo jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
  select s.id, s.title, s.excerpt, s.status, s.kind, s.field_slug, s.district_id, s.lat, s.lng,
         s.vote_count, s.comment_count, s.created_at, s.rank, s.distance_m,
         t.photo
    from private.search_idea_rows(search_ideas.q, search_ideas.filters, search_ideas.sort,
                                  search_ideas.max_results, search_ideas.skip,
                                  search_ideas.near_lat, search_ideas.near_lng)
         with ordinality as s(id, title, excerpt, status, kind, field_slug, district_id, lat, lng,
                              vote_count, comment_count, created_at, rank, distance_m, n)
    left join lateral (
      select jsonb_build_object('id', p.id, 'alt', p.alt_text, 'width', p.width, 'height', p.height) as photo
        from public.idea_photos p
       where p.idea_id = s.id and p.stored_at is not null and p.hidden_at is null
       order by p.position
       limit 1) t on true
   order by s.n;
end;
$$;

comment on function public.search_ideas(text, jsonb, text, integer, integer, double precision, double precision) is
  'The list of public ideas (private.search_idea_rows: full text, typo correction, filters, sorts), each with its first shown photo (photo: id, alt, width, height, or null).';

revoke execute on function public.search_ideas(text, jsonb, text, integer, integer, double precision, double precision) from public;
grant execute on function public.search_ideas(text, jsonb, text, integer, integer, double precision, double precision)
  to anon, authenticated;

alter function public.ideas_in_bbox(double precision, double precision, double precision, double precision, integer, jsonb)
  rename to ideas_in_bbox_items;
alter function public.ideas_in_bbox_items(double precision, double precision, double precision, double precision, integer, jsonb)
  set schema private;
revoke execute on function private.ideas_in_bbox_items(double precision, double precision, double precision, double precision, integer, jsonb)
  from public, anon, authenticated;

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
  -- Computed once: a subquery referring to the call several times would run it each time.
  answer jsonb := private.ideas_in_bbox_items(min_lat, min_lng, max_lat, max_lng, zoom, filters);
begin
  if answer ->> 'mode' is distinct from 'points' then
    return answer;
  end if;
  return jsonb_set(answer, '{items}', coalesce(
    (select jsonb_agg(e.item || jsonb_build_object('photo', t.photo) order by e.n)
       from jsonb_array_elements(answer -> 'items') with ordinality as e(item, n)
       left join lateral (
         select jsonb_build_object('id', p.id, 'alt', p.alt_text, 'width', p.width,
                                   'height', p.height) as photo
           from public.idea_photos p
          where p.idea_id = (e.item ->> 'id')::uuid and p.stored_at is not null
            and p.hidden_at is null
          order by p.position
          limit 1) t on true),
    '[]'::jsonb));
end;
$$;

comment on function public.ideas_in_bbox(double precision, double precision, double precision, double precision, integer, jsonb) is
  'The map: public ideas in a box as points (each with its first shown photo: id, alt, width, height, or null) or as clusters (private.ideas_in_bbox_items).';

revoke execute on function public.ideas_in_bbox(double precision, double precision, double precision, double precision, integer, jsonb) from public;
grant execute on function public.ideas_in_bbox(double precision, double precision, double precision, double precision, integer, jsonb)
  to anon, authenticated;
