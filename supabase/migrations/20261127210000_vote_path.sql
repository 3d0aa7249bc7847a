-- A leaner vote path (2026-11-27). Profiled with perf on the set_vote transaction: 12 % of
-- PostgreSQL's time per vote went to the CHECK constraints of `ideas`. PostgreSQL evaluates every
-- CHECK constraint of a table on every UPDATE, whichever columns change, and rebuilds each
-- expression from its stored text for every statement - so each vote's count update (vote_count
-- only) parsed and compiled thirteen checks on title, text, place, status and tags.
--
-- The invariants stay in the database and keep their names and error code (23514, the constraint
-- named), but are checked by one constraint trigger that fires only when a row is inserted or a
-- column they read changes. The two counters keep plain CHECKs: they are what a vote changes.

alter table public.ideas
  drop constraint ideas_title_check,
  drop constraint ideas_body_check,
  drop constraint ideas_lat_check,
  drop constraint ideas_lng_check,
  drop constraint ideas_status_reason_check,
  drop constraint ideas_tags_check,
  drop constraint ideas_need_type_matches_kind,
  drop constraint ideas_declined_has_reason,
  drop constraint ideas_hidden_has_reason,
  drop constraint ideas_target_only_when_merged,
  drop constraint ideas_not_merged_into_self;

-- A condition that is null passes, as in a CHECK constraint.
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

-- After the row triggers that normalise and complete a row (validation, lifecycle), like a CHECK.
create constraint trigger ideas_invariants
  after insert or update of title, body, lat, lng, status, status_reason, status_before_hidden,
    tags, kind, need_type, merged_into
  on public.ideas
  for each row execute function private.ideas_invariants();

-- Whether the caller passes a participation rule. It runs on every vote and contribution (and in
-- the votes insert policy): the request's claims are now parsed once (auth.uid() and
-- private.is_anonymous() parsed them again each), which made the check ~2-3x cheaper.
create or replace function private.participation_error(rule public.participation_rule) returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  claims jsonb := auth.jwt();
  uid uuid := (claims ->> 'sub')::uuid;
begin
  if uid is null then
    return 'not_signed_in';
  end if;
  if rule = 'signed_in' then
    return null;
  end if;
  if coalesce((claims ->> 'is_anonymous')::boolean, false) then
    return 'anonymous_not_allowed';
  end if;
  if rule = 'registered' then
    return null;
  end if;
  if not exists (
    select 1 from auth.users u where u.id = uid and u.email_confirmed_at is not null
  ) then
    return 'email_not_confirmed';
  end if;
  return null;
end;
$$;
