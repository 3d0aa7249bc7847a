-- Ideas: what residents and businesses propose, at a place, and the public history of each idea
-- (idea_events). Includes the submit RPC, the map (ideas_in_bbox), search and the
-- "support this instead?" hint (similar_ideas).

create extension if not exists pg_trgm with schema extensions;
create extension if not exists unaccent with schema extensions;

create type public.idea_kind as enum ('idea', 'location_need');
-- Business need types (kind = location_need).
create type public.need_type as enum (
  'breitband', 'mobilfunk', 'e_services', 'logistik', 'sichtbarkeit', 'fachkraefte', 'sonstiges'
);
-- Lifecycle: submitted → published → under_review → accepted → planned → in_progress →
-- implemented; or declined (public reason), merged (into another idea), hidden (moderation).
create type public.idea_status as enum (
  'submitted', 'published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented',
  'declined', 'merged', 'hidden'
);
create type public.idea_priority as enum ('low', 'medium', 'high', 'urgent');
create type public.idea_event_kind as enum (
  'status_change', 'answer', 'note', 'triage', 'merge', 'agenda'
);

-- Lower-cased, accent-free text for search. unaccent() is only stable (its dictionary could
-- change); naming the dictionary explicitly makes this wrapper safe to declare immutable, which
-- indexes and generated columns require.
create function private.search_text(t text) returns text
language sql
immutable
parallel safe
strict
set search_path = ''
as $$
  select lower(extensions.unaccent('extensions.unaccent'::regdictionary, t))
$$;

revoke execute on function private.search_text(text) from public;
grant execute on function private.search_text(text) to anon, authenticated, service_role;

-- Statuses the public sees; submitted and hidden are for the author and moderators only.
create function private.is_public_status(s public.idea_status) returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select s not in ('submitted', 'hidden')
$$;

-- Ideas open for support (votes).
create function private.is_open_for_support(s public.idea_status) returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select s in ('published', 'under_review')
$$;

revoke execute on function private.is_public_status(public.idea_status) from public;
revoke execute on function private.is_open_for_support(public.idea_status) from public;
grant execute on function private.is_public_status(public.idea_status) to anon, authenticated, service_role;
grant execute on function private.is_open_for_support(public.idea_status) to anon, authenticated, service_role;

-- New ideas start as `submitted` under pre-moderation and `published` under post-moderation.
create function private.initial_idea_status() returns public.idea_status
language sql
stable
security definer
set search_path = ''
as $$
  select case when s.moderation_mode = 'post' then 'published' else 'submitted' end::public.idea_status
  from public.settings s
$$;

revoke execute on function private.initial_idea_status() from public;
grant execute on function private.initial_idea_status() to authenticated, service_role;

-- Ideas: the heart of Stadtidee. The id may come from the client (an idempotency key: an offline
-- retry can never create a second row). Counts are kept by triggers; status changes only through
-- the moderation/triage functions, along the lifecycle that ideas_track_changes enforces.
create table public.ideas (
  id uuid primary key default gen_random_uuid(),
  author_id uuid default auth.uid() references public.profiles (id) on delete set null,
  kind public.idea_kind not null default 'idea',
  need_type public.need_type,
  title text not null check (char_length(title) between 5 and 120),
  body text not null default '' check (char_length(body) <= 5000),
  field_slug text not null references public.fields_of_action (slug) on update cascade,
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  location point generated always as (point(lng, lat)) stored,
  district_id smallint references public.districts (id) on delete set null,
  status public.idea_status not null default private.initial_idea_status(),
  -- Public explanation of the status (required for declined); for hidden, the reason the author sees.
  status_reason text check (char_length(status_reason) <= 2000),
  status_before_hidden public.idea_status,
  merged_into uuid references public.ideas (id) on delete set null,
  vote_count integer not null default 0 check (vote_count >= 0),
  comment_count integer not null default 0 check (comment_count >= 0),
  -- Triage (staff console).
  department_id smallint references public.departments (id) on delete set null,
  assignee_id uuid references public.profiles (id) on delete set null,
  priority public.idea_priority,
  tags text[] not null default '{}' check (
    cardinality(tags) <= 20
    and array_to_string(tags, '|') !~ '[^a-z0-9äöüß_|-]'
    and array_position(tags, '') is null
  ),
  search_vector tsvector not null default ''::tsvector,
  -- Lower-cased, accent-free title for trigram search (kept by the validation trigger).
  title_search text not null default '',
  -- Optimistic concurrency: bumped on every edit; RPCs take the version the editor saw.
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  status_changed_at timestamptz not null default now(),
  constraint ideas_need_type_matches_kind check ((kind = 'location_need') = (need_type is not null)),
  constraint ideas_declined_has_reason check (status <> 'declined' or char_length(btrim(status_reason)) > 0),
  constraint ideas_hidden_has_reason check (
    status <> 'hidden' or (char_length(btrim(status_reason)) > 0 and status_before_hidden is not null)
  ),
  -- Only merged ideas point elsewhere (the trigger requires a target when merging; should the
  -- target be deleted later, the merged idea keeps its status without one).
  constraint ideas_target_only_when_merged check (merged_into is null or status = 'merged'),
  constraint ideas_not_merged_into_self check (merged_into <> id)
)
-- Room on each page for new row versions: a vote or comment only changes a count, which no index
-- covers, so the update can stay on the page (HOT) instead of touching all twelve indexes.
with (fillfactor = 85);

comment on table public.ideas is
  'Ideas and location needs at a point in the municipality; client-made uuid, lifecycle status, counts kept by triggers, triage fields, German full-text and trigram search.';

create index ideas_location_idx on public.ideas using gist (location);
create index ideas_search_idx on public.ideas using gin (search_vector);
create index ideas_title_trgm_idx on public.ideas using gin (title_search extensions.gin_trgm_ops);
create index ideas_created_idx on public.ideas (created_at desc);
create index ideas_author_idx on public.ideas (author_id, created_at desc);
create index ideas_status_idx on public.ideas (status, created_at desc);
create index ideas_field_idx on public.ideas (field_slug);
create index ideas_district_idx on public.ideas (district_id);
create index ideas_merged_into_idx on public.ideas (merged_into) where merged_into is not null;
create index ideas_department_idx on public.ideas (department_id) where department_id is not null;
create index ideas_assignee_idx on public.ideas (assignee_id) where assignee_id is not null;

alter table public.ideas enable row level security;

create policy "Ideas are visible to everyone once published"
  on public.ideas for select
  to anon, authenticated
  using (status not in ('submitted', 'hidden'));

create policy "Authors see their own ideas in every status"
  on public.ideas for select
  to authenticated
  using (author_id = (select auth.uid()));

create policy "Moderators see every idea"
  on public.ideas for select
  to authenticated
  using ((select public.has_role('moderator')));

create policy "Members submit ideas under their own name"
  on public.ideas for insert
  to authenticated
  with check (author_id = (select auth.uid()) and status in ('submitted', 'published'));

create policy "Authors edit their own idea while it awaits moderation"
  on public.ideas for update
  to authenticated
  using (author_id = (select auth.uid()) and status = 'submitted')
  with check (author_id = (select auth.uid()) and status = 'submitted');

create policy "Authors withdraw their own idea while it awaits moderation"
  on public.ideas for delete
  to authenticated
  using (author_id = (select auth.uid()) and status = 'submitted');

-- Status, counts, triage and authorship are never written directly by API users: the columns
-- below are all a member may set, and the functions further down do the rest.
revoke insert, update, truncate, references, trigger on public.ideas from anon, authenticated;
revoke delete on public.ideas from anon;
grant insert (id, kind, need_type, title, body, field_slug, lat, lng) on public.ideas to authenticated;
grant update (kind, need_type, title, body, field_slug, lat, lng) on public.ideas to authenticated;

-- Raises P0001 with a stable code as message (the client maps it), details for humans.
create function private.fail(code text, detail text default null, errcode text default 'P0001')
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  raise exception '%', code using errcode = fail.errcode, detail = coalesce(fail.detail, code);
end;
$$;

revoke execute on function private.fail(text, text, text) from public;
grant execute on function private.fail(text, text, text) to anon, authenticated, service_role;

-- Checks a point: finite, in range, inside the boundary. Returns the district (or null).
create function private.check_location(lat double precision, lng double precision) returns smallint
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  area polygon;
begin
  if check_location.lat is null or check_location.lng is null then
    perform private.fail('location_required', 'An idea needs a point on the map (lat, lng).');
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

revoke execute on function private.check_location(double precision, double precision) from public;
grant execute on function private.check_location(double precision, double precision)
  to anon, authenticated, service_role;

-- Limits per user and window (settings); moderators and above and server tasks are exempt.
-- A per-user advisory lock makes the count exact under concurrent requests.
create function private.check_rate_limit(what text) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  lim integer;
  used integer;
begin
  if uid is null or public.has_role('moderator') then
    return;
  end if;
  perform pg_advisory_xact_lock(hashtextextended(what || ':' || uid::text, 0));
  if what = 'ideas' then
    select s.limit_ideas_per_day into lim from public.settings s;
    select count(*) into used from public.ideas i
     where i.author_id = uid and i.created_at > now() - interval '1 day';
  elsif what = 'comments' then
    select s.limit_comments_per_minute into lim from public.settings s;
    select count(*) into used from public.comments c
     where c.author_id = uid and c.created_at > now() - interval '1 minute';
  elsif what = 'reports' then
    select s.limit_reports_per_day into lim from public.settings s;
    select count(*) into used from public.reports r
     where r.reporter_id = uid and r.created_at > now() - interval '1 day';
  end if;
  if lim > 0 and used >= lim then
    perform private.fail('rate_limited_' || what,
      format('At most %s %s per %s; try again later.', lim, what,
             case when what = 'comments' then 'minute' else 'day' end),
      'PT429');
  end if;
end;
$$;

revoke execute on function private.check_rate_limit(text) from public;
grant execute on function private.check_rate_limit(text) to authenticated, service_role;

-- Validation and derived fields of an idea, on insert and on every content edit: clear error
-- codes instead of constraint names, normalised text, district from the point, search vector.
create function private.ideas_validate() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- Writing (and editing) takes the right to contribute; server tasks without a user are exempt.
  if (select auth.uid()) is not null then
    perform private.require_participation('contribute');
  end if;
  new.title := btrim(regexp_replace(coalesce(new.title, ''), '\s+', ' ', 'g'));
  new.body := btrim(coalesce(new.body, ''));
  if char_length(new.title) < 5 then
    perform private.fail('title_too_short', 'A title has at least 5 characters.');
  elsif char_length(new.title) > 120 then
    perform private.fail('title_too_long', 'A title has at most 120 characters.');
  elsif char_length(new.body) > 5000 then
    perform private.fail('body_too_long', 'The text has at most 5,000 characters.');
  elsif private.has_markup(new.title) or private.has_markup(new.body) then
    perform private.fail('markup_not_allowed', 'Plain text only: no HTML or script.');
  end if;

  if new.kind = 'location_need' and new.need_type is null then
    perform private.fail('need_type_required', 'A location need names its need type.');
  elsif new.kind = 'idea' and new.need_type is not null then
    perform private.fail('need_type_not_allowed', 'Only location needs have a need type.');
  end if;
  if new.kind = 'location_need' and (select auth.uid()) is not null
     and (tg_op = 'INSERT' or old.kind is distinct from new.kind)
     and not public.has_role('moderator')
     and not exists (select 1 from public.profiles p where p.id = (select auth.uid()) and p.kind = 'business') then
    perform private.fail('business_profile_required', 'Location needs come from business profiles.');
  end if;

  -- A location need without a field of action files under the matching field.
  if new.field_slug is null and new.kind = 'location_need' then
    new.field_slug := case new.need_type
      when 'breitband' then 'infrastruktur'
      when 'mobilfunk' then 'infrastruktur'
      when 'e_services' then 'verwaltung'
      when 'fachkraefte' then 'bildung'
      else 'wirtschaft'
    end;
  end if;
  if new.field_slug is null then
    perform private.fail('field_required', 'Choose a field of action.');
  elsif not exists (select 1 from public.fields_of_action f where f.slug = new.field_slug) then
    perform private.fail('field_unknown', 'No such field of action.');
  end if;

  if tg_op = 'INSERT' or new.lat is distinct from old.lat or new.lng is distinct from old.lng then
    new.district_id := private.check_location(new.lat, new.lng);
  end if;

  if tg_op = 'INSERT' or new.title is distinct from old.title or new.body is distinct from old.body then
    new.title_search := private.search_text(new.title);
    new.search_vector :=
      setweight(to_tsvector('pg_catalog.german', private.search_text(new.title)), 'A')
      || setweight(to_tsvector('pg_catalog.german', private.search_text(new.body)), 'B');
  end if;

  if tg_op = 'INSERT' then
    if (select auth.uid()) is not null then
      perform private.check_rate_limit('ideas');
      -- Only the functions may decide more than the initial state.
      new.vote_count := 0;
      new.comment_count := 0;
    end if;
    if new.published_at is null and private.is_public_status(new.status) then
      new.published_at := new.created_at;
    end if;
  end if;
  return new;
end;
$$;

revoke execute on function private.ideas_validate() from public;

create trigger ideas_validate
  before insert or update of kind, need_type, title, body, field_slug, lat, lng on public.ideas
  for each row execute function private.ideas_validate();

-- Whether a status may follow another. Forward along the main line any number of steps, back one
-- step (corrections); declined and merged from the open states; a declined idea may be
-- reconsidered; hidden from anywhere, and back only to where it was (restore_idea).
create function public.idea_transition_allowed(from_status public.idea_status, to_status public.idea_status)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  with line(s, n) as (
    values ('submitted'::public.idea_status, 0), ('published', 1), ('under_review', 2),
           ('accepted', 3), ('planned', 4), ('in_progress', 5), ('implemented', 6)
  )
  select case
    when from_status = to_status then false
    when to_status = 'hidden' then true
    when from_status = 'hidden' then false
    when from_status = 'merged' then false
    when to_status = 'merged' then from_status in ('submitted', 'published', 'under_review', 'accepted')
    when to_status = 'declined' then from_status in ('published', 'under_review', 'accepted', 'planned')
    when from_status = 'declined' then to_status = 'under_review'
    when from_status = 'submitted' then to_status = 'published'
    when to_status = 'submitted' then false
    else (select t.n from line t where t.s = to_status) > (select f.n from line f where f.s = from_status)
      or (select t.n from line t where t.s = to_status) = (select f.n from line f where f.s = from_status) - 1
  end
$$;

comment on function public.idea_transition_allowed(public.idea_status, public.idea_status) is
  'The idea lifecycle as a predicate; enforced by a trigger on every status change.';

revoke execute on function public.idea_transition_allowed(public.idea_status, public.idea_status) from public;
grant execute on function public.idea_transition_allowed(public.idea_status, public.idea_status)
  to anon, authenticated, service_role;

-- Every edit bumps the version; every status change must follow the lifecycle and carry what it
-- needs (declined: a public reason; merged: a target; hidden: a reason, and it remembers where it
-- was so it can be restored). Applies to everyone, functions and service role included.
create function private.ideas_track_changes() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status is distinct from old.status then
    if old.status = 'hidden' and new.status = old.status_before_hidden then
      new.status_before_hidden := null;
    elsif not public.idea_transition_allowed(old.status, new.status) then
      perform private.fail('invalid_status_transition',
        format('An idea cannot go from %s to %s.', old.status, new.status));
    end if;
    if new.status = 'declined' and char_length(btrim(coalesce(new.status_reason, ''))) = 0 then
      perform private.fail('reason_required', 'Declining an idea needs a public reason.');
    elsif new.status = 'hidden' then
      if char_length(btrim(coalesce(new.status_reason, ''))) = 0 then
        perform private.fail('reason_required', 'Hiding an idea needs a reason the author sees.');
      end if;
      new.status_before_hidden := old.status;
    elsif new.status = 'merged' and new.merged_into is null then
      perform private.fail('merge_target_required', 'A merged idea names the idea it went into.');
    end if;
    if new.status <> 'merged' then
      new.merged_into := null;
    end if;
    if new.published_at is null and private.is_public_status(new.status) then
      new.published_at := now();
    end if;
    new.status_changed_at := now();
  elsif new.merged_into is distinct from old.merged_into and new.status <> 'merged' then
    perform private.fail('merge_target_required', 'Only merged ideas have a merge target.');
  end if;
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end;
$$;

revoke execute on function private.ideas_track_changes() from public;

create trigger ideas_track_changes
  before update of kind, need_type, title, body, field_slug, lat, lng, status, status_reason,
    merged_into, department_id, assignee_id, priority, tags
  on public.ideas
  for each row execute function private.ideas_track_changes();

-- Idea events: the public history of an idea (status changes with their reasons, official
-- answers, agenda links) and the staff's internal notes and triage changes.
create table public.idea_events (
  id bigint generated always as identity primary key,
  idea_id uuid not null references public.ideas (id) on delete cascade,
  kind public.idea_event_kind not null,
  actor_id uuid references public.profiles (id) on delete set null,
  is_internal boolean not null default false,
  from_status public.idea_status,
  to_status public.idea_status,
  body text check (char_length(body) <= 5000),
  details jsonb,
  created_at timestamptz not null default now(),
  constraint idea_events_notes_are_internal check (kind <> 'note' or is_internal),
  constraint idea_events_answers_are_public check (kind <> 'answer' or not is_internal)
);

comment on table public.idea_events is
  'History of each idea: status changes, official answers, agenda links (public) and staff notes / triage (internal, staff only). Written only by functions.';

create index idea_events_idea_idx on public.idea_events (idea_id, created_at);
create index idea_events_actor_idx on public.idea_events (actor_id) where actor_id is not null;

alter table public.idea_events enable row level security;

create policy "Public events are visible to whoever sees the idea"
  on public.idea_events for select
  to anon, authenticated
  using (not is_internal and exists (select 1 from public.ideas i where i.id = idea_id));

create policy "Staff read internal notes"
  on public.idea_events for select
  to authenticated
  using ((select public.has_role('staff')));

revoke insert, update, delete, truncate, references, trigger on public.idea_events
  from anon, authenticated;

-- Submit an idea (or a business location need). Idempotent on the client-made id: a retry returns
-- the row the first call stored. Same rules as a direct insert (the triggers hold them).
create function public.submit_idea(
  id uuid,
  title text,
  body text,
  lat double precision,
  lng double precision,
  field_slug text default null,
  kind public.idea_kind default 'idea',
  need_type public.need_type default null
) returns public.ideas
language plpgsql
security invoker
set search_path = ''
as $$
declare
  result public.ideas;
  new_id uuid := coalesce(submit_idea.id, gen_random_uuid());
begin
  if (select auth.uid()) is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  -- Serialises one user's submissions: concurrent retries of one id see each other's row.
  perform pg_advisory_xact_lock(hashtextextended('submit:' || (select auth.uid())::text, 0));
  select i.* into result from public.ideas i where i.id = new_id;
  if found then
    if result.author_id is distinct from (select auth.uid()) then
      perform private.fail('idea_id_taken', 'This id belongs to another idea.', 'PT409');
    end if;
    return result;
  end if;
  insert into public.ideas as i (id, title, body, lat, lng, field_slug, kind, need_type)
  values (new_id, submit_idea.title, coalesce(submit_idea.body, ''), submit_idea.lat, submit_idea.lng,
          submit_idea.field_slug, coalesce(submit_idea.kind, 'idea'), submit_idea.need_type)
  on conflict on constraint ideas_pkey do nothing
  returning i.* into result;
  if result.id is null then
    -- Someone else's idea (invisible to us) already holds the id.
    perform private.fail('idea_id_taken', 'This id belongs to another idea.', 'PT409');
  end if;
  return result;
end;
$$;

revoke execute on function public.submit_idea(uuid, text, text, double precision, double precision, text, public.idea_kind, public.need_type) from public, anon;
grant execute on function public.submit_idea(uuid, text, text, double precision, double precision, text, public.idea_kind, public.need_type) to authenticated;

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

revoke execute on function private.map_cells(integer, box, public.idea_kind[]) from public;
grant execute on function private.map_cells(integer, box, public.idea_kind[]) to anon, authenticated, service_role;

-- Filters shared by the map and search: {"fields": [...], "statuses": [...], "kind": "...",
-- "need_types": [...], "district": "slug"}; "field"/"status" may be single strings.
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

-- Why the three read functions below are security definer: under row-level security PostgreSQL
-- may not use an index for operators that are not leakproof (`<@` on points, `@@` on tsvectors,
-- `<%` of pg_trgm) before the policy's filter, so every call became a sequential scan (~200 ms at
-- 100,000 ideas). They only ever return public statuses, which they enforce themselves.
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
  -- (see below), so it enforces visibility itself.
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

-- Search: German full text (stemming, accents folded) over title and text, plus trigram word
-- similarity on titles so typos still find ("Fahradweg" → "Fahrradweg"). Sorted by relevance, or
-- by support / newest. Without q it lists by the chosen order.
create function public.search_ideas(
  q text default null,
  filters jsonb default '{}'::jsonb,
  sort text default 'relevance',
  max_results integer default 20,
  skip integer default 0
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
  rank real
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
  f_statuses public.idea_status[];
  f_kind public.idea_kind := (filters ->> 'kind')::public.idea_kind;
  f_district smallint;
  found_rows integer;
begin
  if char_length(q) > 200 then
    perform private.fail('query_too_long', 'A search has at most 200 characters.');
  end if;
  if sort not in ('relevance', 'votes', 'newest') then
    perform private.fail('sort_invalid', 'sort is relevance, votes or newest.');
  end if;
  f_statuses := array(
    select unnest(coalesce(
      private.filter_array(filters, 'statuses', 'status')::public.idea_status[],
      array['published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented', 'declined']::public.idea_status[]))
    intersect
    select unnest(array['published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented',
                        'declined']::public.idea_status[])
  );
  if filters ? 'district' then
    select d.id into f_district from public.districts d where d.slug = filters ->> 'district';
  end if;
  max_results := greatest(1, least(coalesce(max_results, 20), 100));
  skip := greatest(0, coalesce(skip, 0));
  if qn is null then
    return query
    select i.id, i.title, left(i.body, 200), i.status, i.kind, i.field_slug, i.district_id,
           i.lat, i.lng, i.vote_count, i.comment_count, i.created_at, 0::real
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

  -- Full text first (index on search_vector); ranked by relevance, support or age. ts_rank
  -- (term frequency, the title's weight A over the text's B) costs about half of ts_rank_cd
  -- (cover density) per candidate.
  tsq := websearch_to_tsquery('pg_catalog.german', qn);
  return query
  select m.id, m.title, left(m.body, 200), m.status, m.kind, m.field_slug, m.district_id,
         m.lat, m.lng, m.vote_count, m.comment_count, m.created_at, m.rank
    from (
      select i.id, i.title, i.body, i.status, i.kind, i.field_slug, i.district_id,
             i.lat, i.lng, i.vote_count, i.comment_count, i.created_at,
             ts_rank(i.search_vector, tsq) as rank
        from public.ideas i
       where i.search_vector @@ tsq
         and i.status = any (f_statuses)
         and (f_fields is null or i.field_slug = any (f_fields))
         and (f_kind is null or i.kind = f_kind)
         and (f_district is null or i.district_id = f_district)
    ) m
   order by case when sort = 'relevance' then m.rank end desc nulls last,
            case when sort <> 'newest' then m.vote_count end desc nulls last,
            m.created_at desc, m.id
   limit max_results offset skip;
  get diagnostics found_rows = row_count;

  -- Too few hits (a typo, a word form the stemmer does not know): fill up with titles that are
  -- similar word by word (trigram index on title_search).
  if found_rows < max_results then
    return query
    select i.id, i.title, left(i.body, 200), i.status, i.kind, i.field_slug, i.district_id,
           i.lat, i.lng, i.vote_count, i.comment_count, i.created_at,
           (extensions.word_similarity(qn, i.title_search) / 10)::real as rank
      from public.ideas i
     where qn operator(extensions.<%) i.title_search
       and not (i.search_vector @@ tsq)
       and i.status = any (f_statuses)
       and (f_fields is null or i.field_slug = any (f_fields))
       and (f_kind is null or i.kind = f_kind)
       and (f_district is null or i.district_id = f_district)
     order by extensions.word_similarity(qn, i.title_search) desc, i.vote_count desc, i.id
     limit max_results - found_rows offset greatest(0, skip - found_rows);
  end if;
end;
$$;

revoke execute on function public.search_ideas(text, jsonb, text, integer, integer) from public;
grant execute on function public.search_ideas(text, jsonb, text, integer, integer) to anon, authenticated;

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
