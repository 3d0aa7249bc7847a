-- The list of ideas, finished: a "trending" order (recent support, decayed) kept cheap by the
-- votes trigger, a "nearest" order (index-assisted, exact), a capped total (count_ideas), and a
-- typo search that only runs when full text finds nothing (one result set per query, so paging
-- and the total agree).

-- Trending: every support adds exp((t - epoch) / tau) to an idea's score, with tau chosen so a
-- support's weight halves every 7 days (a support two weeks old counts a quarter of one today).
-- Multiplying every score by the same exp(-now / tau) would give the decayed value at any time
-- without changing the order, so the stored score never needs updating as time passes. It is
-- kept as a natural logarithm (log-sum-exp), which never overflows. A table of its own (not a
-- column on ideas): an index on a column of ideas would turn every vote into a non-HOT update
-- that writes all of ideas' indexes.
create table private.idea_trends (
  idea_id uuid primary key references public.ideas (id) on delete cascade,
  score double precision not null
);

comment on table private.idea_trends is
  'ln of the sum of exp((vote time - 2026-01-01) / tau) over an idea''s supports (half-life 7 days); one row per idea with supports; maintained by the votes trigger; read through search_ideas(sort => trending).';

create index idea_trends_score_idx on private.idea_trends (score desc, idea_id);

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
  'The exponent a support made at the given time adds to private.idea_trends.score (log space).';

revoke execute on function private.trend_weight(timestamptz) from public;
grant execute on function private.trend_weight(timestamptz) to service_role;

-- Recomputes every trend score from the votes (the migration, and seed:large, which writes votes
-- with triggers off).
create function private.rebuild_idea_trends() returns void
language sql
volatile
set search_path = ''
as $$
  delete from private.idea_trends;
  insert into private.idea_trends (idea_id, score)
  select w.idea_id, w.top + ln(sum(exp(w.x - w.top)))
    from (
      select v.idea_id, private.trend_weight(v.created_at) as x,
             max(private.trend_weight(v.created_at)) over (partition by v.idea_id) as top
        from public.votes v
    ) w
   group by w.idea_id, w.top;
$$;

comment on function private.rebuild_idea_trends() is
  'Recomputes private.idea_trends from public.votes (after bulk loads without triggers).';

revoke execute on function private.rebuild_idea_trends() from public;

select private.rebuild_idea_trends();

-- Counts and trend in one trigger: the count on the idea row (which serialises concurrent votes
-- on one idea and keeps the count exact), the trend score beside it.
create or replace function private.votes_count() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  x double precision;
  remaining integer;
begin
  if tg_op = 'INSERT' then
    update public.ideas set vote_count = vote_count + 1 where id = new.idea_id;
    x := private.trend_weight(new.created_at);
    insert into private.idea_trends as t (idea_id, score) values (new.idea_id, x)
    on conflict (idea_id) do update
      set score = greatest(t.score, x) + ln(1 + exp(-abs(t.score - x)));
  else
    update public.ideas set vote_count = vote_count - 1 where id = old.idea_id
    returning vote_count into remaining;
    if coalesce(remaining, 0) = 0 then
      delete from private.idea_trends t where t.idea_id = old.idea_id;
    else
      -- ln(e^s - e^x); rounding can leave the difference at or below zero when the withdrawn
      -- support was nearly all of the score: the rest is then negligible, so keep it tiny.
      x := private.trend_weight(old.created_at);
      update private.idea_trends t
         set score = t.score + ln(greatest(1 - exp(x - t.score), 1e-15))
       where t.idea_id = old.idea_id;
    end if;
  end if;
  return null;
end;
$$;

-- The statuses a list may show: what the filter asks for, intersected with the public ones
-- (the list functions read past row-level security, so they enforce visibility themselves).
create function private.list_statuses(filters jsonb) returns public.idea_status[]
language sql
immutable
set search_path = ''
as $$
  select array(
    select unnest(coalesce(
      private.filter_array(filters, 'statuses', 'status')::public.idea_status[],
      array['published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented', 'declined']::public.idea_status[]))
    intersect
    select unnest(array['published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented',
                        'declined']::public.idea_status[])
  )
$$;

comment on function private.list_statuses(jsonb) is
  'Statuses search_ideas/count_ideas show for a filter: the asked-for ones that are public (default: all public ones).';

revoke execute on function private.list_statuses(jsonb) from public;
grant execute on function private.list_statuses(jsonb) to anon, authenticated, service_role;

-- The new signature (near_lat, near_lng) and result column (distance_m) replace the old function.
drop function public.search_ideas(text, jsonb, text, integer, integer);

-- Search and list. With q: German full text (stemming, accents folded) over title and text; only
-- when that finds nothing at all, titles similar word by word (trigram: typos such as "Fahradweg").
-- Orders: relevance (without q: support), votes, newest, trending (recent support, decayed;
-- private.idea_trends), nearest (needs near_lat/near_lng; distance_m is filled whenever a point
-- is given). Security definer for the reason given above ideas_in_bbox: public statuses only.
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
  distance_m integer
)
language plpgsql
stable
security definer
set search_path = ''
-- Typo search: only close word matches; a high threshold also keeps the trigram index from
-- rechecking thousands of loosely similar titles.
set pg_trgm.word_similarity_threshold = 0.7
as $$
declare
  qn text := nullif(btrim(private.search_text(coalesce(q, ''))), '');
  tsq tsquery;
  f_fields text[] := private.filter_array(filters, 'fields', 'field');
  f_statuses public.idea_status[] := private.list_statuses(filters);
  f_kind public.idea_kind := (filters ->> 'kind')::public.idea_kind;
  f_district smallint;
  here point;
  -- Metres per degree of latitude, and the shrink of a degree of longitude at the given point.
  m_per_deg constant double precision := 111195.0;
  lng_scale double precision;
  reach double precision;
  found_rows integer;
  ahead integer;
begin
  if char_length(q) > 200 then
    perform private.fail('query_too_long', 'A search has at most 200 characters.');
  end if;
  sort := coalesce(sort, 'relevance');
  if sort not in ('relevance', 'votes', 'newest', 'trending', 'nearest') then
    perform private.fail('sort_invalid', 'sort is relevance, votes, newest, trending or nearest.');
  end if;
  if near_lat is not null or near_lng is not null then
    if near_lat is null or near_lng is null or 'NaN'::float8 in (near_lat, near_lng)
       or near_lat not between -90 and 90 or near_lng not between -180 and 180 then
      perform private.fail('near_invalid', 'near_lat must lie in [-90, 90] and near_lng in [-180, 180].');
    end if;
    here := point(near_lng, near_lat);
    lng_scale := greatest(cos(radians(near_lat)), 0.01);
  elsif sort = 'nearest' then
    perform private.fail('near_required', 'sort nearest needs near_lat and near_lng.');
  end if;
  if filters ? 'district' then
    select d.id into f_district from public.districts d where d.slug = filters ->> 'district';
  end if;
  max_results := greatest(1, least(coalesce(max_results, 20), 100));
  skip := greatest(0, coalesce(skip, 0));

  if qn is null and sort = 'nearest' then
    -- Exact distance order with the GiST index: the k = skip + max_results nearest by plain
    -- degrees (index KNN) lie within `reach` degrees, so the k nearest in metres do too; and a
    -- point within `reach` metres-as-degrees lies within reach / lng_scale plain degrees. That
    -- circle is the candidate set, ordered by real distance.
    select max(k.d) into reach from (
      select i.location operator(pg_catalog.<->) here as d
        from public.ideas i
       where i.status = any (f_statuses)
         and (f_fields is null or i.field_slug = any (f_fields))
         and (f_kind is null or i.kind = f_kind)
         and (f_district is null or i.district_id = f_district)
       order by i.location operator(pg_catalog.<->) here
       limit skip + max_results
    ) k;
    if reach is null then
      return;
    end if;
    return query
    select c.id, c.title, left(c.body, 200), c.status, c.kind, c.field_slug, c.district_id,
           c.lat, c.lng, c.vote_count, c.comment_count, c.created_at, 0::real, round(c.dist)::integer
      from (
        select i.*, m_per_deg * sqrt(power(i.lat - near_lat, 2) + power((i.lng - near_lng) * lng_scale, 2)) as dist
          from public.ideas i
         where i.location <@ circle(here, reach / lng_scale)
           and i.status = any (f_statuses)
           and (f_fields is null or i.field_slug = any (f_fields))
           and (f_kind is null or i.kind = f_kind)
           and (f_district is null or i.district_id = f_district)
      ) c
     order by c.dist, c.id
     limit max_results offset skip;
    return;
  end if;

  if qn is null and sort = 'trending' then
    -- Ideas with supports by their trend score (index), then those without any, newest first.
    -- `ahead` is how many rows the first part has in all, so the second part's offset is right
    -- on every page.
    return query
    select i.id, i.title, left(i.body, 200), i.status, i.kind, i.field_slug, i.district_id,
           i.lat, i.lng, i.vote_count, i.comment_count, i.created_at, 0::real,
           case when here is null then null
                else round(m_per_deg * sqrt(power(i.lat - near_lat, 2) + power((i.lng - near_lng) * lng_scale, 2)))::integer end
      from private.idea_trends t
      join public.ideas i on i.id = t.idea_id
     where i.status = any (f_statuses)
       and (f_fields is null or i.field_slug = any (f_fields))
       and (f_kind is null or i.kind = f_kind)
       and (f_district is null or i.district_id = f_district)
     order by t.score desc, t.idea_id
     limit max_results offset skip;
    get diagnostics found_rows = row_count;
    if found_rows = max_results then
      return;
    end if;
    if found_rows > 0 then
      ahead := skip + found_rows;
    else
      select count(*) into ahead
        from private.idea_trends t
        join public.ideas i on i.id = t.idea_id
       where i.status = any (f_statuses)
         and (f_fields is null or i.field_slug = any (f_fields))
         and (f_kind is null or i.kind = f_kind)
         and (f_district is null or i.district_id = f_district);
    end if;
    return query
    select i.id, i.title, left(i.body, 200), i.status, i.kind, i.field_slug, i.district_id,
           i.lat, i.lng, i.vote_count, i.comment_count, i.created_at, 0::real,
           case when here is null then null
                else round(m_per_deg * sqrt(power(i.lat - near_lat, 2) + power((i.lng - near_lng) * lng_scale, 2)))::integer end
      from public.ideas i
     where i.status = any (f_statuses)
       and (f_fields is null or i.field_slug = any (f_fields))
       and (f_kind is null or i.kind = f_kind)
       and (f_district is null or i.district_id = f_district)
       and not exists (select 1 from private.idea_trends t where t.idea_id = i.id)
     order by i.created_at desc, i.id
     limit max_results - found_rows offset greatest(0, skip - ahead);
    return;
  end if;

  if qn is null then
    return query
    select i.id, i.title, left(i.body, 200), i.status, i.kind, i.field_slug, i.district_id,
           i.lat, i.lng, i.vote_count, i.comment_count, i.created_at, 0::real,
           case when here is null then null
                else round(m_per_deg * sqrt(power(i.lat - near_lat, 2) + power((i.lng - near_lng) * lng_scale, 2)))::integer end
      from public.ideas i
     where i.status = any (f_statuses)
       and (f_fields is null or i.field_slug = any (f_fields))
       and (f_kind is null or i.kind = f_kind)
       and (f_district is null or i.district_id = f_district)
     order by case when sort = 'newest' then null else i.vote_count end desc nulls last,
              i.created_at desc, i.id
     limit max_results offset skip;
    return;
  end if;

  -- Full text (index on search_vector). ts_rank (term frequency, title A over text B) costs
  -- about half of ts_rank_cd per candidate. Trend scores and distances only for their orders.
  tsq := websearch_to_tsquery('pg_catalog.german', qn);
  return query
  select m.id, m.title, left(m.body, 200), m.status, m.kind, m.field_slug, m.district_id,
         m.lat, m.lng, m.vote_count, m.comment_count, m.created_at, m.rank, round(m.dist)::integer
    from (
      select i.id, i.title, i.body, i.status, i.kind, i.field_slug, i.district_id,
             i.lat, i.lng, i.vote_count, i.comment_count, i.created_at,
             ts_rank(i.search_vector, tsq) as rank,
             case when here is not null
                  then m_per_deg * sqrt(power(i.lat - near_lat, 2) + power((i.lng - near_lng) * lng_scale, 2)) end as dist,
             case when sort = 'trending'
                  then (select t.score from private.idea_trends t where t.idea_id = i.id) end as trend
        from public.ideas i
       where i.search_vector @@ tsq
         and i.status = any (f_statuses)
         and (f_fields is null or i.field_slug = any (f_fields))
         and (f_kind is null or i.kind = f_kind)
         and (f_district is null or i.district_id = f_district)
    ) m
   order by case when sort = 'nearest' then m.dist end nulls last,
            m.trend desc nulls last,
            case when sort = 'relevance' then m.rank end desc nulls last,
            case when sort not in ('newest', 'trending') then m.vote_count end desc nulls last,
            m.created_at desc, m.id
   limit max_results offset skip;
  get diagnostics found_rows = row_count;
  if found_rows > 0 then
    return;
  end if;
  -- Nothing on this page: past the end of the full-text hits, or there are none at all.
  if skip > 0 and exists (
    select 1 from public.ideas i
     where i.search_vector @@ tsq
       and i.status = any (f_statuses)
       and (f_fields is null or i.field_slug = any (f_fields))
       and (f_kind is null or i.kind = f_kind)
       and (f_district is null or i.district_id = f_district)
  ) then
    return;
  end if;

  -- No full-text hit at all (a typo, a word form the stemmer does not know): titles similar word
  -- by word (trigram index on title_search), most similar first whatever the order; rank is the
  -- similarity / 10 so it never looks better than a full-text hit.
  return query
  select i.id, i.title, left(i.body, 200), i.status, i.kind, i.field_slug, i.district_id,
         i.lat, i.lng, i.vote_count, i.comment_count, i.created_at,
         (extensions.word_similarity(qn, i.title_search) / 10)::real,
         case when here is null then null
              else round(m_per_deg * sqrt(power(i.lat - near_lat, 2) + power((i.lng - near_lng) * lng_scale, 2)))::integer end
    from public.ideas i
   where qn operator(extensions.<%) i.title_search
     and i.status = any (f_statuses)
     and (f_fields is null or i.field_slug = any (f_fields))
     and (f_kind is null or i.kind = f_kind)
     and (f_district is null or i.district_id = f_district)
   order by extensions.word_similarity(qn, i.title_search) desc, i.vote_count desc, i.id
   limit max_results offset skip;
end;
$$;

revoke execute on function public.search_ideas(text, jsonb, text, integer, integer, double precision, double precision) from public;
grant execute on function public.search_ideas(text, jsonb, text, integer, integer, double precision, double precision)
  to anon, authenticated;

-- How many ideas search_ideas would list for q and filters (same visibility, same full-text-or-
-- typo rule), counted up to max_count: {count, capped}. Capped so a list of all 100,000 ideas
-- costs a bounded index-only scan; the page shows "more than 1,000" then.
create function public.count_ideas(
  q text default null,
  filters jsonb default '{}'::jsonb,
  max_count integer default 1000
) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
set pg_trgm.word_similarity_threshold = 0.7
as $$
declare
  qn text := nullif(btrim(private.search_text(coalesce(q, ''))), '');
  tsq tsquery;
  f_fields text[] := private.filter_array(filters, 'fields', 'field');
  f_statuses public.idea_status[] := private.list_statuses(filters);
  f_kind public.idea_kind := (filters ->> 'kind')::public.idea_kind;
  f_district smallint;
  n integer;
begin
  if char_length(q) > 200 then
    perform private.fail('query_too_long', 'A search has at most 200 characters.');
  end if;
  if filters ? 'district' then
    select d.id into f_district from public.districts d where d.slug = filters ->> 'district';
  end if;
  max_count := greatest(1, least(coalesce(max_count, 1000), 10000));
  if qn is not null then
    tsq := websearch_to_tsquery('pg_catalog.german', qn);
  end if;
  select count(*) into n from (
    select 1 from public.ideas i
     where (qn is null or i.search_vector @@ tsq)
       and i.status = any (f_statuses)
       and (f_fields is null or i.field_slug = any (f_fields))
       and (f_kind is null or i.kind = f_kind)
       and (f_district is null or i.district_id = f_district)
     limit max_count + 1
  ) hits;
  if n = 0 and qn is not null then
    select count(*) into n from (
      select 1 from public.ideas i
       where qn operator(extensions.<%) i.title_search
         and i.status = any (f_statuses)
         and (f_fields is null or i.field_slug = any (f_fields))
         and (f_kind is null or i.kind = f_kind)
         and (f_district is null or i.district_id = f_district)
       limit max_count + 1
    ) hits;
  end if;
  return jsonb_build_object('count', least(n, max_count), 'capped', n > max_count);
end;
$$;

comment on function public.count_ideas(text, jsonb, integer) is
  'The number of ideas search_ideas lists for q and filters, up to max_count (default 1,000, at most 10,000): {count, capped}.';

revoke execute on function public.count_ideas(text, jsonb, integer) from public;
grant execute on function public.count_ideas(text, jsonb, integer) to anon, authenticated;
