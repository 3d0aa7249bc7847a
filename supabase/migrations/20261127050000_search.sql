-- Search and the list of ideas: German full-text search with typo correction (search_ideas(),
-- count_ideas()), the list orders (relevance, support, newest, trending, nearest) and the
-- "support this instead?" hint for a new idea (similar_ideas()). Every order first picks the
-- page's ids (and ranks), then reads the page's rows, so no sort carries every candidate's whole
-- row, body included.

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

-- Typo search by correcting the query's words, not by comparing it with every title (on 100,000
-- ideas with a small vocabulary, trigram word similarity against all titles rechecks ~900
-- titles per query, 25-50 ms). The distinct words of titles and texts are kept in
-- private.search_words (a few thousand rows, with a trigram index); a query without any
-- full-text hit has each of its words replaced by the most similar known word, and the corrected
-- query runs through the same full-text search (index, ranking, orders, paging) as any other.
-- Words are only added, never removed: a word of a deleted or hidden idea can at worst turn a
-- query into one that also finds nothing. The table is never read by clients.

create table private.search_words (
  word text primary key
);

comment on table private.search_words is
  'Distinct words (unaccented, lower case, 4–40 characters, not only digits) of idea titles and texts; for correcting typos in searches (private.corrected_query). Only grows.';

create index search_words_trgm_idx on private.search_words using gin (word extensions.gin_trgm_ops);

alter table private.search_words enable row level security;
-- No policies: only the security-definer functions below read or write it.

-- The words of a text, as the search sees them.
create function private.words_of(t text) returns setof text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select distinct w
    from regexp_split_to_table(private.search_text(coalesce(t, '')), '[^[:alnum:]]+') w
   where char_length(w) between 4 and 40
     and w !~ '^[0-9]+$'
$$;

revoke execute on function private.words_of(text) from public;

-- New ideas: one statement for the whole batch (bulk loads insert thousands at once).
create function private.search_words_added() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.search_words (word)
  select distinct w.w from added a, private.words_of(concat_ws(' ', a.title, a.body)) w(w)
  on conflict do nothing;
  return null;
end;
$$;

revoke execute on function private.search_words_added() from public;

create trigger ideas_search_words_added
  after insert on public.ideas
  referencing new table as added
  for each statement execute function private.search_words_added();

-- Edited ideas (rare): row by row, only when title or text change.
create function private.search_words_edited() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.search_words (word)
  select w from private.words_of(concat_ws(' ', new.title, new.body)) w
  on conflict do nothing;
  return null;
end;
$$;

revoke execute on function private.search_words_edited() from public;

create trigger ideas_search_words_edited
  after update of title, body on public.ideas
  for each row execute function private.search_words_edited();

-- The query with each plain word (4+ letters) replaced by the most similar known word (trigram
-- similarity >= 0.4; an exact match wins with 1.0), the rest kept as typed: websearch syntax
-- such as quotes, "or" and "-word" still works. qn is already unaccented and lower case.
create function private.corrected_query(qn text) returns text
language sql
stable
security definer
set search_path = ''
set pg_trgm.similarity_threshold = 0.4
as $$
  select string_agg(
           case when q.token ~ '^[[:alnum:]]{4,40}$'
                then coalesce((select w.word
                                 from private.search_words w
                                where w.word operator(extensions.%) q.token
                                order by extensions.similarity(w.word, q.token) desc, w.word
                                limit 1), q.token)
                else q.token end,
           ' ' order by q.n)
    from regexp_split_to_table(btrim(qn), '\s+') with ordinality q(token, n)
$$;

revoke execute on function private.corrected_query(text) from public;

-- Search and list. With q: German full text (stemming, accents folded) over title and text; only
-- when that finds nothing at all, the same full text for the query with its words corrected to
-- the nearest known words (private.search_words: typos such as "Fahradweg"). Orders: relevance
-- (without q: support), votes, newest, trending (recent support, decayed; private.idea_support),
-- nearest (needs near_lat/near_lng; distance_m is filled whenever a point is given). Security
-- definer for the reason given above ideas_in_bbox (map): public statuses only.
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
  corrected text;
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
    -- A second round only when the query finds nothing at all (a page past the end of its hits
    -- stays empty) and correcting its words changes it.
    tsq := websearch_to_tsquery('pg_catalog.german', qn);
    loop
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
      exit when cardinality(ids) > 0 or corrected is not null;
      exit when skip > 0 and exists (
        select 1 from public.ideas i
         where i.search_vector @@ tsq
           and i.status = any (f_statuses)
           and (f_fields is null or i.field_slug = any (f_fields))
           and (f_kind is null or i.kind = f_kind)
           and (f_district is null or i.district_id = f_district));
      corrected := private.corrected_query(qn);
      exit when corrected = qn;
      tsq := websearch_to_tsquery('pg_catalog.german', corrected);
    end loop;
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

revoke execute on function public.search_ideas(text, jsonb, text, integer, integer, double precision, double precision) from public;
grant execute on function public.search_ideas(text, jsonb, text, integer, integer, double precision, double precision)
  to anon, authenticated;

-- How many ideas search_ideas would list for q and filters (same visibility, same rule for
-- corrected words), counted up to max_count: {count, capped}. Capped so a list of all 100,000
-- ideas costs a bounded index-only scan; the page shows "more than 1,000" then. One statement per
-- case: a condition such as "q is null or search_vector @@ tsq" would keep PL/pgSQL's cached
-- plan from using the full-text index (~450 ms instead of a few).
create function public.count_ideas(
  q text default null,
  filters jsonb default '{}'::jsonb,
  max_count integer default 1000
) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  qn text := nullif(btrim(private.search_text(coalesce(q, ''))), '');
  tsq tsquery;
  f_fields text[] := private.filter_array(filters, 'fields', 'field');
  f_statuses public.idea_status[] := private.list_statuses(filters);
  f_kind public.idea_kind := (filters ->> 'kind')::public.idea_kind;
  f_district smallint;
  n integer;
  corrected text;
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
  loop
    select count(*) into n from (
      select 1 from public.ideas i
       where i.search_vector @@ tsq
         and i.status = any (f_statuses)
         and (f_fields is null or i.field_slug = any (f_fields))
         and (f_kind is null or i.kind = f_kind)
         and (f_district is null or i.district_id = f_district)
       limit max_count + 1
    ) hits;
    exit when n > 0 or corrected is not null;
    corrected := private.corrected_query(qn);
    exit when corrected = qn;
    tsq := websearch_to_tsquery('pg_catalog.german', corrected);
  end loop;
  return jsonb_build_object('count', least(n, max_count), 'capped', n > max_count);
end;
$$;

comment on function public.count_ideas(text, jsonb, integer) is
  'The number of ideas search_ideas lists for q and filters, up to max_count (default 1,000, at most 10,000): {count, capped}.';

revoke execute on function public.count_ideas(text, jsonb, integer) from public;
grant execute on function public.count_ideas(text, jsonb, integer) to anon, authenticated;

-- A row of similar_ideas(): an idea that resembles a new one, how far away and how alike.
create type public.idea_match as (
  id uuid,
  title text,
  status public.idea_status,
  field_slug text,
  vote_count integer,
  lat double precision,
  lng double precision,
  distance_m integer,
  similarity real
);

-- "Support this instead?": open ideas whose title resembles the new one, nearby first. Near the
-- point (settings.similar_radius_m) a loose resemblance counts (word similarity ≥ 0.3);
-- elsewhere in town only a close one (≥ 0.8).
create function public.similar_ideas(
  title text,
  lat double precision default null,
  lng double precision default null,
  max_results integer default 5
) returns setof public.idea_match
language plpgsql
stable
security definer
set search_path = ''
-- Elsewhere in town only a close resemblance counts; a high threshold also keeps the trigram
-- index from rechecking thousands of loosely similar titles.
set pg_trgm.word_similarity_threshold = 0.8
as $$
declare
  qn text := nullif(btrim(private.search_text(coalesce(similar_ideas.title, ''))), '');
  radius double precision;
  near box;
  dlat double precision;
  dlng double precision;
begin
  if qn is null or char_length(qn) < 3 then
    return;
  end if;
  if char_length(qn) > 200 then
    perform private.fail('query_too_long', 'A title has at most 200 characters.');
  end if;
  select s.similar_radius_m into radius from public.settings s;
  if similar_ideas.lat is not null and similar_ideas.lng is not null
     and similar_ideas.lat between -90 and 90 and similar_ideas.lng between -180 and 180 then
    dlat := radius / 111320.0;
    dlng := radius / (111320.0 * greatest(cos(radians(similar_ideas.lat)), 0.01));
    near := box(point(similar_ideas.lng - dlng, similar_ideas.lat - dlat),
                point(similar_ideas.lng + dlng, similar_ideas.lat + dlat));
  end if;
  max_results := greatest(1, least(coalesce(max_results, 5), 20));

  return query
  with candidates as (
    select i.*, extensions.word_similarity(qn, i.title_search) as sim,
           case when near is null then null else
             (sqrt(power((i.lat - similar_ideas.lat) * 111320.0, 2)
                 + power((i.lng - similar_ideas.lng) * 111320.0 * cos(radians(similar_ideas.lat)), 2)))
           end as dist
      from public.ideas i
     where i.status in ('published', 'under_review', 'accepted', 'planned', 'in_progress')
       and ((near is not null and i.location <@ near)
            or qn operator(extensions.<%) i.title_search)
  )
  select c.id, c.title, c.status, c.field_slug, c.vote_count, c.lat, c.lng,
         round(c.dist)::integer, c.sim
    from candidates c
   where (c.dist <= radius and c.sim >= 0.3) or c.sim >= 0.8
   order by c.sim * (case when c.dist <= radius then 1.5 else 1 end) desc, c.vote_count desc
   limit max_results;
end;
$$;

revoke execute on function public.similar_ideas(text, double precision, double precision, integer) from public;
grant execute on function public.similar_ideas(text, double precision, double precision, integer) to anon, authenticated;
