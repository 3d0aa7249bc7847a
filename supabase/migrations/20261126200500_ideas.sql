-- Ideas: what residents and businesses propose, at a place, and the public history of each idea
-- (idea_events). This file holds the table and its invariants, who reads and writes which rows
-- and columns, validation and derived fields, the lifecycle, and submission (submit_idea()). The
-- map, search, participation and moderation files build on it.

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

revoke execute on function private.is_public_status(public.idea_status) from public;
grant execute on function private.is_public_status(public.idea_status) to anon, authenticated, service_role;

-- Ideas open for support (votes).
create function private.is_open_for_support(s public.idea_status) returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select s in ('published', 'under_review')
$$;

revoke execute on function private.is_open_for_support(public.idea_status) from public;
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
--
-- The row invariants are checked by the constraint trigger ideas_invariants (below), not by CHECK
-- constraints; only the two counters have CHECKs.
create table public.ideas (
  id uuid primary key default gen_random_uuid(),
  author_id uuid default auth.uid() references public.profiles (id) on delete set null,
  kind public.idea_kind not null default 'idea',
  -- Exactly for location needs (ideas_need_type_matches_kind).
  need_type public.need_type,
  -- 5–120 characters (ideas_title_check).
  title text not null,
  -- At most 5,000 characters (ideas_body_check).
  body text not null default '',
  field_slug text not null references public.fields_of_action (slug) on update cascade,
  -- In [-90, 90] and [-180, 180] (ideas_lat_check, ideas_lng_check).
  lat double precision not null,
  lng double precision not null,
  location point generated always as (point(lng, lat)) stored,
  district_id smallint references public.districts (id) on delete set null,
  status public.idea_status not null default private.initial_idea_status(),
  -- Public explanation of the status, at most 2,000 characters (ideas_status_reason_check);
  -- required for declined (ideas_declined_has_reason); for hidden, the reason the author sees
  -- (ideas_hidden_has_reason).
  status_reason text,
  status_before_hidden public.idea_status,
  -- Only merged ideas point elsewhere, never at themselves (ideas_target_only_when_merged,
  -- ideas_not_merged_into_self).
  merged_into uuid references public.ideas (id) on delete set null,
  vote_count integer not null default 0 check (vote_count >= 0),
  comment_count integer not null default 0 check (comment_count >= 0),
  -- Triage (staff console).
  department_id smallint references public.departments (id) on delete set null,
  assignee_id uuid references public.profiles (id) on delete set null,
  priority public.idea_priority,
  -- Up to 20 tags, none empty, of a-z, 0-9, ä, ö, ü, ß, _ and - (ideas_tags_check).
  tags text[] not null default '{}',
  search_vector tsvector not null default ''::tsvector,
  -- Lower-cased, accent-free title for trigram search (kept by the validation trigger).
  title_search text not null default '',
  -- Optimistic concurrency: bumped on every edit; RPCs take the version the editor saw.
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  status_changed_at timestamptz not null default now()
)
-- Room on each page for new row versions: a vote or comment only changes a count, which no index
-- covers, so the update can stay on the page (HOT) instead of touching every index of the table.
with (fillfactor = 85);

comment on table public.ideas is
  'Ideas and location needs at a point in the municipality; client-made uuid, lifecycle status, counts kept by triggers, triage fields, German full-text and trigram search.';

-- The row invariants, as a constraint trigger rather than CHECK constraints. PostgreSQL evaluates
-- every CHECK of a table on every UPDATE, whichever columns change, and rebuilds each expression
-- from its stored text for every statement: as CHECKs, these eleven were 12 % of PostgreSQL's time
-- per vote, whose update changes vote_count only (docs/benchmarks.md). The trigger runs after the
-- row triggers that normalise and complete a row (validation, lifecycle), as a CHECK would, but
-- only on insert or when a column it reads changes; it raises what a CHECK raises (23514
-- check_violation, the constraint named), so errors read the same. A condition that is null
-- passes, as in a CHECK constraint.
create function private.ideas_invariants() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  broken text := case
    when (char_length(new.title) between 5 and 120) is false then 'ideas_title_check'
    when (char_length(new.body) <= 5000) is false then 'ideas_body_check'
    when (new.lat between -90 and 90) is false then 'ideas_lat_check'
    when (new.lng between -180 and 180) is false then 'ideas_lng_check'
    when (char_length(new.status_reason) <= 2000) is false then 'ideas_status_reason_check'
    when (cardinality(new.tags) <= 20
          and array_to_string(new.tags, '|') !~ '[^a-z0-9äöüß_|-]'
          and array_position(new.tags, '') is null) is false then 'ideas_tags_check'
    when ((new.kind = 'location_need') = (new.need_type is not null)) is false
      then 'ideas_need_type_matches_kind'
    when (new.status <> 'declined' or char_length(btrim(new.status_reason)) > 0) is false
      then 'ideas_declined_has_reason'
    when (new.status <> 'hidden'
          or (char_length(btrim(new.status_reason)) > 0 and new.status_before_hidden is not null)) is false
      then 'ideas_hidden_has_reason'
    -- Only merged ideas point elsewhere (the lifecycle trigger requires a target when merging;
    -- should the target be deleted later, the merged idea keeps its status without one).
    when (new.merged_into is null or new.status = 'merged') is false then 'ideas_target_only_when_merged'
    when (new.merged_into <> new.id) is false then 'ideas_not_merged_into_self'
  end;
begin
  if broken is not null then
    raise exception 'new row for relation "ideas" violates check constraint "%"', broken
      using errcode = '23514', schema = 'public', table = 'ideas', constraint = broken;
  end if;
  return null;
end;
$$;

comment on function private.ideas_invariants() is
  'The row invariants of public.ideas (formerly CHECK constraints), raised as check_violation with the constraint''s name.';

revoke execute on function private.ideas_invariants() from public;

create constraint trigger ideas_invariants
  after insert or update of title, body, lat, lng, status, status_reason, status_before_hidden,
    tags, kind, need_type, merged_into
  on public.ideas
  for each row execute function private.ideas_invariants();

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
-- The staff console's triage table (staff_list_ideas) at 100,000 ideas. Sorting by title or by
-- last status change: an index per column keeps the first page a short index scan instead of a
-- sort over every row. No index on the counts: their updates must stay heap-only (see the
-- fillfactor above); the order by support comes from private.idea_support.
create index ideas_title_idx on public.ideas (title);
create index ideas_status_changed_idx on public.ideas (status_changed_at desc);
-- Partial: a query must state "tags <> '{}'" for the planner to use it.
create index ideas_tags_idx on public.ideas using gin (tags) where tags <> '{}';
-- Priority: filtered on and sorted by (most urgent first); nulls (not yet triaged) last.
create index ideas_priority_idx on public.ideas (priority desc nulls last, created_at desc);
-- Location needs are a small share of all ideas: filtering for them should not read every row.
create index ideas_location_needs_idx on public.ideas (created_at desc) where kind = 'location_need';
-- "New without department" (the console's first preset): count and page from this index alone.
create index ideas_untriaged_idx on public.ideas (status, created_at desc) where department_id is null;

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
-- below are all a member may set, and the functions do the rest.
revoke insert, update, truncate, references, trigger on public.ideas from anon, authenticated;
revoke delete on public.ideas from anon;
grant insert (id, kind, need_type, title, body, field_slug, lat, lng) on public.ideas to authenticated;
grant update (kind, need_type, title, body, field_slug, lat, lng) on public.ideas to authenticated;
-- Row-level security decides which rows the public and members read; these grants decide which
-- columns: not the triage fields (department, assignee, priority, tags), which are staff's
-- working data (the staff_ideas view). Columns added later stay private until a migration grants
-- them.
revoke select on public.ideas from anon, authenticated;
grant select (
  id, author_id, kind, need_type, title, body, field_slug, lat, lng, location, district_id,
  status, status_reason, status_before_hidden, merged_into, vote_count, comment_count,
  search_vector, title_search, version, created_at, updated_at, published_at, status_changed_at
) on public.ideas to anon, authenticated;

create trigger aa_server_columns_insert
  before insert on public.ideas
  for each row execute function private.refuse_server_column_writes(
    'status', 'vote_count', 'comment_count', 'author_id', 'assignee_id', 'department_id',
    'priority', 'tags', 'created_at', 'published_at'
  );
create trigger aa_server_columns_update
  before update on public.ideas
  for each row execute function private.refuse_server_column_writes(
    'id', 'status', 'vote_count', 'comment_count', 'author_id', 'assignee_id', 'department_id',
    'priority', 'tags', 'created_at', 'published_at'
  );

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

-- Limits per user and window (settings) for ideas, comments and reports; moderators and above
-- and server tasks are exempt. A per-user advisory lock makes the count exact under concurrent
-- requests.
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

-- An idea row as its author may see it: without the triage fields.
create function private.without_triage(idea public.ideas) returns public.ideas
language plpgsql
immutable
set search_path = ''
as $$
begin
  idea.department_id := null;
  idea.assignee_id := null;
  idea.priority := null;
  idea.tags := '{}';
  return idea;
end;
$$;

revoke execute on function private.without_triage(public.ideas) from public;

-- Submit an idea (or a business location need). Idempotent on the client-made id: a retry returns
-- the row the first call stored. It writes the eight columns a member may insert, under the same
-- triggers as a direct insert (author from the session, initial status, rate limits,
-- participation rules). Security definer because it reads back the whole row, which members may
-- not select column by column; what it returns leaves the triage fields out.
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
security definer
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
    return private.without_triage(result);
  end if;
  insert into public.ideas as i (id, title, body, lat, lng, field_slug, kind, need_type)
  values (new_id, submit_idea.title, coalesce(submit_idea.body, ''), submit_idea.lat, submit_idea.lng,
          submit_idea.field_slug, coalesce(submit_idea.kind, 'idea'), submit_idea.need_type)
  on conflict on constraint ideas_pkey do nothing
  returning i.* into result;
  if result.id is null then
    -- Another person's submission took the id in the meantime.
    perform private.fail('idea_id_taken', 'This id belongs to another idea.', 'PT409');
  end if;
  return private.without_triage(result);
end;
$$;

revoke execute on function public.submit_idea(uuid, text, text, double precision, double precision, text, public.idea_kind, public.need_type) from public, anon;
grant execute on function public.submit_idea(uuid, text, text, double precision, double precision, text, public.idea_kind, public.need_type) to authenticated;
