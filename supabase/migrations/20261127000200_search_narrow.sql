-- The list, faster: the support orders read a narrow table, and every order first picks the
-- page's ids (and ranks), then reads the page's rows.
--
-- The list of all ideas by support (the start page) sorted the whole ideas table: a scan of
-- ~110 MB at 100,000 ideas (bodies are stored inline), 150-900 ms depending on load. An index on
-- ideas.vote_count would fix that but turn every vote into a non-HOT update of all of ideas'
-- indexes. Instead, private.idea_trends becomes private.idea_support: per idea with supports its
-- vote count, its creation time and the trend score, indexed for both orders, kept by the votes
-- trigger beside ideas.vote_count. Ideas without supports follow, newest first - exactly the
-- order "vote_count desc, created_at desc" gives.
--
-- Before, each sort also carried every candidate's whole row, body included (detoasted for the
-- excerpt), through the sort.

alter table private.idea_trends rename to idea_support;
alter index private.idea_trends_score_idx rename to idea_support_score_idx;
alter table private.idea_support
  add column vote_count integer not null default 0,
  add column idea_created_at timestamptz not null default now();
create index idea_support_votes_idx on private.idea_support (vote_count desc, idea_created_at desc, idea_id);

comment on table private.idea_support is
  'Per idea with supports: its vote count and creation time (the list by support) and its trend score, ln of the sum of exp((vote time - 2026-01-01) / tau) (half-life 7 days). Maintained by the votes trigger; read through search_ideas.';

-- Recomputes the table from the votes (after bulk loads without triggers, e.g. seed:large).
create or replace function private.rebuild_idea_trends() returns void
language sql
volatile
set search_path = ''
as $$
  delete from private.idea_support;
  insert into private.idea_support (idea_id, score, vote_count, idea_created_at)
  select w.idea_id, w.top + ln(sum(exp(w.x - w.top))), count(*), i.created_at
    from (
      select v.idea_id, private.trend_weight(v.created_at) as x,
             max(private.trend_weight(v.created_at)) over (partition by v.idea_id) as top
        from public.votes v
    ) w
    join public.ideas i on i.id = w.idea_id
   group by w.idea_id, w.top, i.created_at;
$$;

select private.rebuild_idea_trends();

-- Counts and support in one trigger: the count on the idea row (which serialises concurrent
-- votes on one idea and keeps the count exact), the same count and the trend score beside it.
create or replace function private.votes_count() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  x double precision;
  remaining integer;
  born timestamptz;
begin
  if tg_op = 'INSERT' then
    update public.ideas set vote_count = vote_count + 1 where id = new.idea_id
    returning vote_count, created_at into remaining, born;
    x := private.trend_weight(new.created_at);
    insert into private.idea_support as t (idea_id, score, vote_count, idea_created_at)
    values (new.idea_id, x, remaining, born)
    on conflict (idea_id) do update
      set score = greatest(t.score, x) + ln(1 + exp(-abs(t.score - x))),
          vote_count = excluded.vote_count;
  else
    update public.ideas set vote_count = vote_count - 1 where id = old.idea_id
    returning vote_count into remaining;
    if coalesce(remaining, 0) = 0 then
      delete from private.idea_support t where t.idea_id = old.idea_id;
    else
      -- ln(e^s - e^x); rounding can leave the difference at or below zero when the withdrawn
      -- support was nearly all of the score: the rest is then negligible, so keep it tiny.
      x := private.trend_weight(old.created_at);
      update private.idea_support t
         set score = t.score + ln(greatest(1 - exp(x - t.score), 1e-15)),
             vote_count = remaining
       where t.idea_id = old.idea_id;
    end if;
  end if;
  return null;
end;
$$;

-- Search and list. With q: German full text (stemming, accents folded) over title and text; only
-- when that finds nothing at all, titles similar word by word (trigram: typos such as "Fahradweg").
-- Orders: relevance (without q: support), votes, newest, trending (recent support, decayed;
-- private.idea_support), nearest (needs near_lat/near_lng; distance_m is filled whenever a point
-- is given). Security definer for the reason given above ideas_in_bbox: public statuses only.
create or replace function public.search_ideas(
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
-- Typo search: word similarity >= 0.6, pg_trgm's default, stated so that count_ideas agrees
-- (0.7 already misses "Bibliotek" for "Bibliothek").
set pg_trgm.word_similarity_threshold = 0.6
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
  -- The page: ids in order, with their ranks.
  ids uuid[] := '{}';
  ranks real[] := '{}';
  more uuid[];
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
    select coalesce(array_agg(p.id), '{}') into ids from (
      select i.id
        from public.ideas i
       where i.location <@ circle(here, reach / lng_scale)
         and i.status = any (f_statuses)
         and (f_fields is null or i.field_slug = any (f_fields))
         and (f_kind is null or i.kind = f_kind)
         and (f_district is null or i.district_id = f_district)
       order by power(i.lat - near_lat, 2) + power((i.lng - near_lng) * lng_scale, 2), i.id
       limit max_results offset skip
    ) p;

  elsif qn is null and sort = 'newest' then
    select coalesce(array_agg(p.id), '{}') into ids from (
      select i.id
        from public.ideas i
       where i.status = any (f_statuses)
         and (f_fields is null or i.field_slug = any (f_fields))
         and (f_kind is null or i.kind = f_kind)
         and (f_district is null or i.district_id = f_district)
       order by i.created_at desc, i.id
       limit max_results offset skip
    ) p;

  elsif qn is null then
    -- Ideas with supports by trend score (trending) or count (relevance, votes), from the
    -- indexes of private.idea_support; then those without any, newest first. `ahead` is how many
    -- rows the first part has in all, so the second part's offset is right on every page.
    if sort = 'trending' then
      select coalesce(array_agg(p.idea_id), '{}') into ids from (
        select t.idea_id
          from private.idea_support t
          join public.ideas i on i.id = t.idea_id
         where i.status = any (f_statuses)
           and (f_fields is null or i.field_slug = any (f_fields))
           and (f_kind is null or i.kind = f_kind)
           and (f_district is null or i.district_id = f_district)
         order by t.score desc, t.idea_id
         limit max_results offset skip
      ) p;
    else
      select coalesce(array_agg(p.idea_id), '{}') into ids from (
        select t.idea_id
          from private.idea_support t
          join public.ideas i on i.id = t.idea_id
         where i.status = any (f_statuses)
           and (f_fields is null or i.field_slug = any (f_fields))
           and (f_kind is null or i.kind = f_kind)
           and (f_district is null or i.district_id = f_district)
         order by t.vote_count desc, t.idea_created_at desc, t.idea_id
         limit max_results offset skip
      ) p;
    end if;
    if cardinality(ids) < max_results then
      if cardinality(ids) > 0 then
        ahead := skip + cardinality(ids);
      else
        select count(*) into ahead
          from private.idea_support t
          join public.ideas i on i.id = t.idea_id
         where i.status = any (f_statuses)
           and (f_fields is null or i.field_slug = any (f_fields))
           and (f_kind is null or i.kind = f_kind)
           and (f_district is null or i.district_id = f_district);
      end if;
      select coalesce(array_agg(p.id), '{}') into more from (
        select i.id
          from public.ideas i
         where i.status = any (f_statuses)
           and (f_fields is null or i.field_slug = any (f_fields))
           and (f_kind is null or i.kind = f_kind)
           and (f_district is null or i.district_id = f_district)
           and not exists (select 1 from private.idea_support t where t.idea_id = i.id)
         order by i.created_at desc, i.id
         limit max_results - cardinality(ids) offset greatest(0, skip - ahead)
      ) p;
      ids := ids || more;
    end if;

  else
    -- Full text (index on search_vector). ts_rank (term frequency, title A over text B) costs
    -- about half of ts_rank_cd per candidate. Trend scores and distances only for their orders.
    tsq := websearch_to_tsquery('pg_catalog.german', qn);
    select coalesce(array_agg(p.id), '{}'), coalesce(array_agg(p.rank), '{}') into ids, ranks from (
      select m.id, m.rank
        from (
          select i.id, i.vote_count, i.created_at,
                 ts_rank(i.search_vector, tsq) as rank,
                 case when sort = 'nearest'
                      then power(i.lat - near_lat, 2) + power((i.lng - near_lng) * lng_scale, 2) end as dist,
                 case when sort = 'trending'
                      then (select t.score from private.idea_support t where t.idea_id = i.id) end as trend
            from public.ideas i
           where i.search_vector @@ tsq
             and i.status = any (f_statuses)
             and (f_fields is null or i.field_slug = any (f_fields))
             and (f_kind is null or i.kind = f_kind)
             and (f_district is null or i.district_id = f_district)
        ) m
       order by m.dist nulls last,
                m.trend desc nulls last,
                case when sort = 'relevance' then m.rank end desc nulls last,
                case when sort not in ('newest', 'trending') then m.vote_count end desc nulls last,
                m.created_at desc, m.id
       limit max_results offset skip
    ) p;

    -- No full-text hit at all (a typo, a word form the stemmer does not know): titles similar
    -- word by word (trigram index on title_search), most similar first whatever the order; rank
    -- is the similarity / 10 so it never looks better than a full-text hit. A page past the end
    -- of the full-text hits stays empty.
    if cardinality(ids) = 0 and not (skip > 0 and exists (
      select 1 from public.ideas i
       where i.search_vector @@ tsq
         and i.status = any (f_statuses)
         and (f_fields is null or i.field_slug = any (f_fields))
         and (f_kind is null or i.kind = f_kind)
         and (f_district is null or i.district_id = f_district)
    )) then
      select coalesce(array_agg(p.id), '{}'), coalesce(array_agg(p.rank), '{}') into ids, ranks from (
        select s.id, (s.sim / 10)::real as rank
          from (
            select i.id, i.vote_count, extensions.word_similarity(qn, i.title_search) as sim
              from public.ideas i
             where qn operator(extensions.<%) i.title_search
               and i.status = any (f_statuses)
               and (f_fields is null or i.field_slug = any (f_fields))
               and (f_kind is null or i.kind = f_kind)
               and (f_district is null or i.district_id = f_district)
          ) s
         order by s.sim desc, s.vote_count desc, s.id
         limit max_results offset skip
      ) p;
    end if;
  end if;

  -- The page's rows, in the order chosen above.
  return query
  select i.id, i.title, left(i.body, 200), i.status, i.kind, i.field_slug, i.district_id,
         i.lat, i.lng, i.vote_count, i.comment_count, i.created_at, coalesce(r.rank, 0)::real,
         case when here is null then null
              else round(m_per_deg * sqrt(power(i.lat - near_lat, 2)
                                          + power((i.lng - near_lng) * lng_scale, 2)))::integer end
    from unnest(ids, ranks) with ordinality as r(id, rank, n)
    join public.ideas i on i.id = r.id
   order by r.n;
end;
$$;

-- How many ideas search_ideas would list for q and filters (same visibility, same full-text-or-
-- typo rule, same typo threshold), counted up to max_count: {count, capped}. One statement per
-- case: a condition such as "q is null or search_vector @@ tsq" would keep PL/pgSQL's cached
-- plan from using the full-text index (~450 ms instead of a few).
create or replace function public.count_ideas(
  q text default null,
  filters jsonb default '{}'::jsonb,
  max_count integer default 1000
) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
set pg_trgm.word_similarity_threshold = 0.6
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
  if qn is null then
    select count(*) into n from (
      select 1 from public.ideas i
       where i.status = any (f_statuses)
         and (f_fields is null or i.field_slug = any (f_fields))
         and (f_kind is null or i.kind = f_kind)
         and (f_district is null or i.district_id = f_district)
       limit max_count + 1
    ) hits;
    return jsonb_build_object('count', least(n, max_count), 'capped', n > max_count);
  end if;
  tsq := websearch_to_tsquery('pg_catalog.german', qn);
  select count(*) into n from (
    select 1 from public.ideas i
     where i.search_vector @@ tsq
       and i.status = any (f_statuses)
       and (f_fields is null or i.field_slug = any (f_fields))
       and (f_kind is null or i.kind = f_kind)
       and (f_district is null or i.district_id = f_district)
     limit max_count + 1
  ) hits;
  if n = 0 then
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
